import type { WidgetOptions } from '../contract.js';
import { adoptStyles } from '../adopt-styles.js';
import css from './launcher.css?inline';

const SVG_NS = 'http://www.w3.org/2000/svg';
const CHAT_ICON =
  'M12 3C6.5 3 2 6.9 2 11.7c0 2.5 1.2 4.7 3.2 6.3L4.5 21.6c-.1.5.4.9.8.6l4.1-2.3c.8.2 1.7.3 2.6.3 5.5 0 10-3.9 10-8.7S17.5 3 12 3Z';
const CLOSE_ICON = 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4Z';

export interface WidgetShell {
  host: HTMLElement;
  root: ShadowRoot;
  launcher: HTMLButtonElement;
  setOpen(open: boolean): void;
}

/** <confab-widget>: an open shadow root holding the launcher; the panel mounts beside it later. */
export function createShell(options: WidgetOptions, onLauncherClick: () => void): WidgetShell {
  if (!customElements.get('confab-widget')) customElements.define('confab-widget', class extends HTMLElement {});
  const host = document.createElement('confab-widget');
  host.dataset.position = options.position;
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, css);
  // Only a value the browser parses as a color reaches the stylesheet, so no CSS injection.
  if (options.primaryColor && CSS.supports('color', options.primaryColor)) {
    adoptStyles(root, `:host{--confab-primary:${options.primaryColor}}`);
  }

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.append(icon(CHAT_ICON, 'icon-chat'), icon(CLOSE_ICON, 'icon-close'));
  launcher.addEventListener('click', onLauncherClick);
  root.append(launcher);

  // A fixed name plus aria-expanded (the disclosure pattern): the panel's own close button
  // is the one named "Close chat", so no two buttons share a name.
  launcher.setAttribute('aria-label', 'Open chat');
  const setOpen = (open: boolean): void => launcher.setAttribute('aria-expanded', String(open));
  setOpen(false);
  return { host, root, launcher, setOpen };
}

// Built with DOM calls rather than innerHTML so pages enforcing Trusted Types still work.
function icon(path: string, className: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', className);
  const shape = document.createElementNS(SVG_NS, 'path');
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}
