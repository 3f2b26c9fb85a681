import type { WidgetOptions } from '../contract.js';

/**
 * Puts the widget where its mode wants it and keeps it there. Single-page apps (Turbo, Astro
 * view transitions, routers) replace document.body and would take the widget with them: a
 * MutationObserver puts the same element back, so its state, shadow root and connection
 * survive. Launcher and fullscreen widgets sit in the browser's top layer (a manual popover),
 * above any z-index a page can set, unless the site asked for a z-index of its own.
 * Returns the function that stops it.
 */
export function keepPlaced(host: HTMLElement, options: WidgetOptions): () => void {
  const topLayer = options.mode !== 'inline' && options.zIndex === undefined && typeof host.showPopover === 'function';
  if (topLayer) host.popover = 'manual';

  const place = (): void => {
    if (host.isConnected) return;
    const parent = options.mode === 'inline' ? findTarget(options.target) : document.body;
    if (!parent) return; // not parsed yet, or the SPA has not rendered the target: try on the next mutation
    parent.append(host);
    // Leaving the document closed the popover; a popover that is already open throws.
    if (topLayer && !host.matches(':popover-open')) host.showPopover();
  };

  place();
  const observer = new MutationObserver(place);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  return () => observer.disconnect();
}

function findTarget(selector: string | undefined): Element | null {
  try {
    return selector ? document.querySelector(selector) : null;
  } catch {
    return null; // an invalid selector: nothing to render into
  }
}
