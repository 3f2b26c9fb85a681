import type { ThemeColors, WidgetOptions } from '../contract.js';
import css from './launcher.css?inline';
import { createStyleSheets, type StyleSheets } from './style-sheets.js';
import { launcherImage, svgIcon } from './svg-icon.js';
import { layoutDeclarations, type ThemeInput } from './theme.js';

const CHAT_ICON =
  'M12 3C6.5 3 2 6.9 2 11.7c0 2.5 1.2 4.7 3.2 6.3L4.5 21.6c-.1.5.4.9.8.6l4.1-2.3c.8.2 1.7.3 2.6.3 5.5 0 10-3.9 10-8.7S17.5 3 12 3Z';

export interface WidgetShell {
  host: HTMLElement;
  root: ShadowRoot;
  /** Null in inline and fullscreen modes and with hideLauncher. */
  launcher: HTMLButtonElement | null;
  styles: StyleSheets;
  setOpen(open: boolean): void;
  applyColors(colors: ThemeColors): void;
  /** Draws the bot's launcher icon from GET /api/widget/config (002 icons), unless the page chose its own. */
  setBotIcon(config: unknown): void;
}

/** The module with the color arithmetic (the attention entry), imported only when colors are set. */
export type LoadTheme = () => Promise<{ themeCss(input: ThemeInput): string }>;

/**
 * <confab-widget>: an open shadow root holding the launcher; the panel mounts beside it later.
 * A page that sets its own colors gets its launcher once they are computed, never a blue one first.
 */
export function createShell(options: WidgetOptions, onLauncherClick: () => void, loadTheme: LoadTheme): WidgetShell {
  if (!customElements.get('confab-widget')) customElements.define('confab-widget', class extends HTMLElement {});
  const host = document.createElement('confab-widget');
  host.dataset.position = options.position;
  host.dataset.mode = options.mode;
  host.dataset.theme = options.theme;
  if (options.hideLauncher) host.dataset.hideLauncher = '';
  const root = host.attachShadow({ mode: 'open' });
  const styles = createStyleSheets(root, options.css, options.nonce);
  styles.add(css);
  const themed = (colors: ThemeColors): Promise<void> =>
    loadTheme().then(({ themeCss }) =>
      styles.setTheme(
        themeCss({
          ...options,
          // The page's colors win; the bot's text color only goes with the bot's primary color.
          primaryColor: options.primaryColor ?? colors.primaryColor,
          textColor: options.textColor ?? (options.primaryColor ? undefined : colors.textColor),
        }),
      ),
    );
  // Colors from nobody leave the launcher.css defaults: no need for the color arithmetic's module.
  const applyColors = (colors: ThemeColors): void =>
    void (options.primaryColor || options.textColor || colors.primaryColor || colors.textColor ? themed(colors).catch(() => {}) : 0);
  // Without colors of its own the launcher.css defaults are what themeCss({}) would give.
  styles.setTheme(`:host{${layoutDeclarations(options).join(';')}}`);
  const pageColors = options.primaryColor || options.textColor ? themed({}).catch(() => {}) : undefined;

  let launcher: HTMLButtonElement | null = null;
  if (options.mode === 'launcher' && !options.hideLauncher) {
    launcher = document.createElement('button');
    launcher.type = 'button';
    launcher.className = 'launcher';
    // The close icon comes with the panel (panel.tsx): before it the chat cannot be open.
    launcher.append(options.launcherIcon ? launcherImage(options.launcherIcon) : svgIcon(CHAT_ICON, 'icon-chat'));
    launcher.addEventListener('click', onLauncherClick);
    // A fixed name plus aria-expanded (the disclosure pattern): the panel's own close button
    // is the one named "Close chat", so no two buttons share a name. The panel localizes it.
    launcher.setAttribute('aria-label', 'Open chat');
    const button = launcher;
    // First in the shadow root, as if it had been there all along: before a panel mounted meanwhile.
    if (pageColors) void pageColors.then(() => root.prepend(button));
    else root.append(button);
  }
  const setOpen = (open: boolean): void => launcher?.setAttribute('aria-expanded', `${open}`);
  setOpen(false);
  // https only, as the server takes it: no data: or plain-http pictures on the host page.
  const setBotIcon = (config: unknown): void => {
    const src = (config as { icons?: { launcher?: unknown } } | undefined)?.icons?.launcher;
    if (!options.launcherIcon && typeof src === 'string' && src.startsWith('https:')) launcher?.querySelector('.icon-chat')?.replaceWith(launcherImage(src));
  };
  return { host, root, launcher, styles, setOpen, applyColors, setBotIcon };
}
