import type { WidgetOptions } from '../contract.js';

export interface Placement {
  /** Into the browser's top layer, where the mode wants it: at idle or on intent, not at start. */
  raise(): void;
  stop(): void;
}

/**
 * Puts the widget where its mode wants it and keeps it there. Single-page apps (Turbo, Astro
 * view transitions, routers) replace document.body and would take the widget with them: a
 * MutationObserver puts the same element back, so its state, shadow root and connection
 * survive. It watches no more of the page than it must: a launcher lives in the body, so the
 * observer sees only the children of <html> and of the body (a page's own DOM work deeper
 * down makes no mutation records for it); an inline widget's target may appear anywhere,
 * so that one watches the whole tree (its body is watched too, which the tree already
 * covers: one code path). Launcher and fullscreen widgets go into the browser's top layer
 * (a manual popover), above any z-index a page can set, unless the site asked for a z-index
 * of its own; until raise() they sit at the highest z-index, because showPopover() computes
 * the page's styles at once, which the loader's first task should not pay for.
 */
export function keepPlaced(host: HTMLElement, options: WidgetOptions): Placement {
  const inline = options.mode === 'inline';
  const topLayer = !inline && options.zIndex === undefined && typeof host.showPopover === 'function';
  let raised = false;

  const place = (): void => {
    if (!host.isConnected) {
      const parent = inline ? findTarget(options.target) : document.body;
      if (!parent) return; // not parsed yet, or the SPA has not rendered the target: try on the next mutation
      parent.append(host);
    }
    // Leaving the document closed the popover; a popover that is already open throws.
    if (raised && !host.matches(':popover-open')) host.showPopover();
  };

  let watchedBody: HTMLElement | null = null;
  // Again on each new body: the old one is let go (the observer would keep it alive).
  const watch = (): void => {
    observer.disconnect();
    observer.observe(document.documentElement, { childList: true, subtree: inline });
    watchedBody = document.body;
    if (watchedBody) observer.observe(watchedBody, { childList: true });
  };
  const observer = new MutationObserver(() => {
    if (document.body !== watchedBody) watch();
    place();
  });

  place();
  watch();
  return {
    raise: () => {
      if (!topLayer || raised) return;
      raised = true;
      host.popover = 'manual';
      place();
    },
    stop: () => observer.disconnect(),
  };
}

function findTarget(selector: string | undefined): Element | null {
  try {
    return selector ? document.querySelector(selector) : null;
  } catch {
    return null; // an invalid selector: nothing to render into
  }
}
