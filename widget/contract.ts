/**
 * The contract between the loader (widget.js, a tiny classic script) and the lazily
 * imported panel module. Types only: nothing here may add code to the loader.
 */
import type { MessageRecord, VisitorProfile } from '../shared/index.js';

export type StorageKind = 'local' | 'session' | 'none';
export type LauncherPosition = 'left' | 'right';
/** launcher: a button in a corner opens the panel; inline: inside a page element; fullscreen: the whole viewport. */
export type WidgetMode = 'launcher' | 'inline' | 'fullscreen';
export type ThemeName = 'light' | 'dark' | 'auto';

/** Everything the embed configures, after data-* attributes and window.ConfabConfig are merged. */
export interface WidgetOptions {
  botKey: string;
  /** Origin of the Confab server, no trailing slash. */
  server: string;
  /** Unset: the bot's appearance from the server, then "Chat". */
  title?: string;
  subtitle?: string;
  /** Image URL shown in the header. */
  avatar?: string;
  primaryColor?: string;
  /** Text on the primary color; corrected when its contrast is too low. */
  textColor?: string;
  position: LauncherPosition;
  /** Distance from the side / the bottom of the viewport in px (launcher mode). */
  offsetX?: number;
  offsetY?: number;
  /** A plain z-index instead of the browser's top layer. */
  zIndex?: number;
  /** Image URL replacing the launcher's chat icon. */
  launcherIcon?: string;
  mode: WidgetMode;
  /** CSS selector of the element an inline widget renders into. */
  target?: string;
  /** Open the panel as soon as the page loads. */
  open: boolean;
  theme: ThemeName;
  /** BCP 47 tag; unset: navigator.language. */
  locale?: string;
  /** CSS font-family list. */
  font?: string;
  /** No launcher button: the site opens the chat with window.Confab.open(). */
  hideLauncher: boolean;
  storage: StorageKind;
  /** Nonce for <style> elements, used only where constructable stylesheets are missing. */
  nonce?: string;
  /** CSS appended inside the shadow root, after the widget's own. */
  css?: string;
  /** The signed-in user, identified as soon as the chat connects (Confab.identify's fields). */
  userId?: string;
  /** HMAC-SHA256 of userId with the bot's identity secret, hex, computed by the site's server. */
  userHash?: string;
  userEmail?: string;
  userName?: string;
  /** Off-switches for the visitor attention features. */
  unreadBadge: boolean;
  preview: boolean;
  titleCount: boolean;
}

/**
 * What a site may put in window.ConfabConfig before the script runs (attributes win).
 * Values are written by hand on the host page: readOptions checks every one of them.
 */
export type ConfabConfig = Partial<WidgetOptions> & {
  /** Alias of `css`. */
  customCss?: string;
};

/** Events of window.Confab.on/off and their payloads. */
export interface ConfabEventMap {
  ready: undefined;
  open: undefined;
  close: undefined;
  /** A message that reached the conversation after the widget loaded (bot, agent or visitor). */
  message: MessageRecord;
  /** The number of unread messages, whenever it changes. */
  unread: number;
}

export type ConfabEventName = keyof ConfabEventMap;
export type ConfabListener<E extends ConfabEventName> = (payload: ConfabEventMap[E]) => void;

export interface OpenOptions {
  /** Move focus into the composer (user actions); false when restoring the state of a reload. */
  focus?: boolean;
  /** The widget opened by itself (data-open), not at the visitor's request: a conversation started now is 003's "proactive". */
  proactive?: boolean;
}

/** The public command object, window.Confab. */
export interface ConfabApi {
  open(): void;
  close(): void;
  toggle(): void;
  /** Sends text as the visitor. */
  send(text: string): void;
  /** Puts text into the composer, for the visitor to edit and send. */
  prefill(text: string): void;
  /** Tells the server who the signed-in visitor is; waits for the connection. */
  identify(profile: VisitorProfile): void;
  /** Forgets the visitor (logout): stored identity and conversation, connection, state. */
  reset(): void;
  on<E extends ConfabEventName>(event: E, listener: ConfabListener<E>): void;
  off<E extends ConfabEventName>(event: E, listener: ConfabListener<E>): void;
  /** Removes the widget from the page: element, listeners, connection. */
  destroy(): void;
}

export type ConfabCommand = keyof ConfabApi;

/** Colors from the bot's appearance, for what the page did not set. */
export interface ThemeColors {
  primaryColor?: string;
  textColor?: string;
}

/** What the loader hands to the panel when it mounts it. */
export interface PanelHost {
  root: ShadowRoot;
  options: WidgetOptions;
  /** The launcher button; focus goes back here when the panel closes. Null without one. */
  launcher: HTMLButtonElement | null;
  /** The panel reports open/close (the loader updates the launcher), messages and unread counts. */
  emit<E extends ConfabEventName>(event: E, payload: ConfabEventMap[E]): void;
  /** Adds CSS to the shadow root, before the theme and the page's custom CSS. */
  addStyles(css: string): void;
  /** Re-themes with the bot's colors where the page set none. */
  applyColors(colors: ThemeColors): void;
  /** GET /api/widget/config as the loader fetched it for the page (undefined: it failed); without it the panel fetches its own. */
  config?(): Promise<unknown>;
}

/**
 * What the panel gives back: the loader forwards window.Confab commands to it, the same
 * commands but on/off (the loader keeps the listeners), and open() takes options. Its
 * destroy() unmounts, disconnects and removes every listener the panel added.
 */
export type PanelController = Omit<ConfabApi, 'on' | 'off' | 'open'> & {
  open(options?: OpenOptions): void;
};

export type MountPanel = (host: PanelHost) => PanelController;

/** The shape of the panel entry module the loader imports. */
export interface PanelModule {
  mount: MountPanel;
  /** window.Confab's commands and listeners, which the loader's stub hands its calls to. */
  createCommandApi: typeof import('./command-api.js').createCommandApi;
}

/** The pre-existing stub a site may install: `window.Confab = window.Confab || {q: []}`. */
export interface ConfabStub {
  q?: ArrayLike<unknown>[];
}

declare global {
  interface Window {
    Confab?: ConfabApi | ConfabStub;
    ConfabConfig?: ConfabConfig;
  }
}
