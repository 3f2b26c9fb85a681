import type { ConfabConfig, LauncherPosition, StorageKind, ThemeName, WidgetMode, WidgetOptions } from '../contract.js';

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
 * Merges the embed's data-* attributes over window.ConfabConfig (camelCase keys, the same
 * names as the dataset's). Returns null when no bot key is given or no server can be derived:
 * there is nothing to talk to. Invalid values are ignored, never passed on.
 */
export function readOptions(script: HTMLScriptElement | null, config: ConfabConfig = {}): WidgetOptions | null {
  const data = script?.dataset ?? {};
  // An attribute wins over the config; attribute values are strings, config values anything.
  const raw = (key: keyof ConfabConfig): unknown => data[key] ?? (config as Record<string, unknown>)[key];
  const str = (key: keyof ConfabConfig): string | undefined => {
    const value = raw(key);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const bool = (key: keyof ConfabConfig, fallback: boolean): boolean => {
    const value = raw(key);
    // A bare attribute (data-open) is "" and means true, like HTML boolean attributes.
    if (value === true || value === '' || value === 'true') return true;
    if (value === false || value === 'false') return false;
    return fallback;
  };
  const num = (key: keyof ConfabConfig): number | undefined => {
    const value = raw(key);
    const n = typeof value === 'number' ? value : typeof value === 'string' ? parseFloat(value) : NaN;
    return Number.isFinite(n) ? n : undefined;
  };
  const pick = <T extends string>(key: keyof ConfabConfig, allowed: readonly T[], fallback: T): T => {
    const value = raw(key);
    return allowed.includes(value as T) ? (value as T) : fallback;
  };

  const botKey = str('botKey');
  const server = str('server') ?? originOf(script?.src);
  if (!botKey || !server) return null;
  const options: WidgetOptions = {
    botKey,
    server: server.replace(/\/+$/, ''),
    position: pick<LauncherPosition>('position', ['left', 'right'], 'right'),
    mode: pick<WidgetMode>('mode', ['launcher', 'inline', 'fullscreen'], 'launcher'),
    open: bool('open', false),
    theme: pick<ThemeName>('theme', ['light', 'dark', 'auto'], 'light'),
    hideLauncher: bool('hideLauncher', false),
    storage: pick<StorageKind>('storage', ['local', 'session', 'none'], 'local'),
    unreadBadge: bool('unreadBadge', true),
    preview: bool('preview', true),
    titleCount: bool('titleCount', true),
  };
  // Each optional value is set only when given (and valid): the key list, not an object of
  // key: read(key) pairs, keeps every name once in the loader's bytes.
  const set = (key: keyof WidgetOptions, value: unknown): unknown => value !== undefined && ((options as unknown as Record<string, unknown>)[key] = value);
  for (const key of ['title', 'subtitle', 'avatar', 'primaryColor', 'textColor', 'launcherIcon', 'target', 'locale', 'font', 'nonce', 'userId', 'userHash', 'userEmail', 'userName'] as const) set(key, str(key));
  for (const key of ['offsetX', 'offsetY', 'zIndex'] as const) set(key, num(key));
  set('css', str('css') ?? (typeof config.customCss === 'string' ? config.customCss : undefined));
  return options;
}

function originOf(src: string | undefined): string | undefined {
  if (!src) return undefined;
  try {
    return new URL(src).origin;
  } catch {
    return undefined;
  }
}
