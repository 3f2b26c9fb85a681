import type { ConfabConfig, LauncherPosition, StorageKind, WidgetOptions } from '../contract.js';

/** The loader's own script tag: currentScript while it runs, else the embed tag by its shape. */
export function findLoaderScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current;
  const tags = doc.querySelectorAll<HTMLScriptElement>('script[data-bot-key]');
  for (const tag of Array.from(tags)) {
    if (/widget\.js([?#]|$)/.test(tag.src)) return tag;
  }
  return null;
}

/**
 * Merges the embed's data-* attributes over window.ConfabConfig. Returns null when no bot
 * key is given or no server can be derived: there is nothing to talk to.
 */
export function readOptions(script: HTMLScriptElement | null, config: ConfabConfig = {}): WidgetOptions | null {
  const data = script?.dataset ?? {};
  const botKey = data.botKey ?? text(config.botKey);
  const server = data.server ?? text(config.server) ?? originOf(script?.src);
  if (!botKey || !server) return null;
  const subtitle = data.subtitle ?? text(config.subtitle);
  const primaryColor = data.primaryColor ?? text(config.primaryColor);
  return {
    botKey,
    server: server.replace(/\/+$/, ''),
    title: data.title ?? text(config.title) ?? 'Chat',
    ...(subtitle ? { subtitle } : {}),
    ...(primaryColor ? { primaryColor } : {}),
    position: pick<LauncherPosition>(data.position ?? config.position, ['left', 'right'], 'right'),
    open: data.open !== undefined ? data.open === 'true' : config.open === true,
    storage: pick<StorageKind>(data.storage ?? config.storage, ['local', 'session', 'none'], 'local'),
  };
}

// window.ConfabConfig is written by hand on the host page: trust no type in it.
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function originOf(src: string | undefined): string | undefined {
  if (!src) return undefined;
  try {
    return new URL(src).origin;
  } catch {
    return undefined;
  }
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
