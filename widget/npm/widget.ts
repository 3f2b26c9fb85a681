/**
 * confab/widget: the widget for apps that install it from npm rather than paste the script
 * tag. mount() does what widget.js does (the same start-up, loader/start-widget.ts) with
 * options from code; the panel still comes from the Confab server's /panel.js, so this entry
 * stays a few KB and the panel always matches the server it talks to.
 *
 * One widget per page, like the script tag: window.Confab, the launcher's corner and the
 * visitor's stored record are the page's, so a second mount() while one is mounted (or while
 * widget.js runs) throws; unmount() first, as a component does when its props change.
 */
import type { ConfabApi, ConfabConfig, ConfabStub } from '../contract.js';
import { readOptions } from '../loader/read-options.js';
import { startWidget } from '../loader/start-widget.js';

export type {
  ConfabEventMap,
  ConfabEventName,
  ConfabListener,
  LauncherPosition,
  StorageKind,
  ThemeName,
  WidgetMode,
} from '../contract.js';
export type { MessageRecord, VisitorProfile } from '../../shared/index.js';

/** Every data-* attribute of the script tag, camelCased; `server` is required here (there is no script src to take it from). */
export type MountOptions = Omit<ConfabConfig, 'botKey' | 'server'> & {
  botKey: string;
  /** The Confab server's origin, e.g. "https://chat.example.com". */
  server: string;
};

/** window.Confab's commands and events, and unmount() in place of destroy(). */
export interface Widget extends Omit<ConfabApi, 'destroy'> {
  /** Removes the widget: its element, listeners, connection, window.Confab. Later calls of any method do nothing. */
  unmount(): void;
}

const COMMANDS = ['open', 'close', 'toggle', 'send', 'prefill', 'identify', 'reset', 'on', 'off'] as const;

/**
 * Mounts the widget into the page. On the server (no `window`) it returns a widget whose
 * methods do nothing, so it is safe to call during server-side rendering.
 */
export function mount(options: MountOptions): Widget {
  if (typeof window === 'undefined' || typeof document === 'undefined') return inertWidget();
  const existing = window.Confab;
  if (existing && !Array.isArray((existing as ConfabStub).q))
    throw new Error('[confab] a widget is already mounted on this page (widget.js or mount()): call unmount() first');
  const widgetOptions = readOptions(null, options);
  if (!widgetOptions) throw new Error('[confab] mount() needs a botKey and a server');
  const server = widgetOptions.server;
  const api = startWidget(widgetOptions, { panel: `${server}/panel.js`, attention: `${server}/attention.js` }, (existing as ConfabStub | undefined)?.q);
  let mounted = true;
  const widget = { unmount: () => mounted && ((mounted = false), api.destroy()) } as Widget;
  for (const name of COMMANDS) (widget as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => mounted && (api[name] as (...a: unknown[]) => void)(...args);
  return widget;
}

function inertWidget(): Widget {
  const nothing = (): void => {};
  return { ...Object.fromEntries(COMMANDS.map((name) => [name, nothing])), unmount: nothing } as Widget;
}
