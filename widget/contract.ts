/**
 * The contract between the loader (widget.js, a tiny classic script) and the lazily
 * imported panel module. Types only: nothing here may add code to the loader.
 */
import type { MessageRecord } from '../shared/index.js';

export type StorageKind = 'local' | 'session' | 'none';
export type LauncherPosition = 'left' | 'right';

/** Everything the embed configures, after data-* attributes and window.ConfabConfig are merged. */
export interface WidgetOptions {
  botKey: string;
  /** Origin of the Confab server, no trailing slash. */
  server: string;
  title: string;
  subtitle?: string;
  primaryColor?: string;
  position: LauncherPosition;
  /** Open the panel as soon as the page loads. */
  open: boolean;
  storage: StorageKind;
}

/** What a site may put in window.ConfabConfig before the script runs (attributes win). */
export type ConfabConfig = Partial<WidgetOptions>;

/** Events of window.Confab.on/off and their payloads. */
export interface ConfabEventMap {
  ready: undefined;
  open: undefined;
  close: undefined;
  /** A message that reached the conversation after the widget loaded (bot, agent or visitor). */
  message: MessageRecord;
}

export type ConfabEventName = keyof ConfabEventMap;
export type ConfabListener<E extends ConfabEventName> = (payload: ConfabEventMap[E]) => void;

export interface OpenOptions {
  /** Move focus into the composer (user actions); false when restoring the state of a reload. */
  focus?: boolean;
}

/** The public command object, window.Confab. */
export interface ConfabApi {
  open(): void;
  close(): void;
  toggle(): void;
  /** Sends text as the visitor. */
  send(text: string): void;
  on<E extends ConfabEventName>(event: E, listener: ConfabListener<E>): void;
  off<E extends ConfabEventName>(event: E, listener: ConfabListener<E>): void;
}

export type ConfabCommand = keyof ConfabApi;

/** What the loader hands to the panel when it mounts it. */
export interface PanelHost {
  root: ShadowRoot;
  options: WidgetOptions;
  /** Focus goes back here when the panel closes. */
  launcher: HTMLElement;
  /** The panel reports open/close (the loader updates the launcher) and new messages. */
  emit<E extends ConfabEventName>(event: E, payload: ConfabEventMap[E]): void;
}

/** What the panel gives back: the loader forwards window.Confab commands to it. */
export interface PanelController {
  open(options?: OpenOptions): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
}

export type MountPanel = (host: PanelHost) => PanelController;

/** The shape of the panel entry module the loader imports. */
export interface PanelModule {
  mount: MountPanel;
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
