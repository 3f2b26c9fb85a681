import type { CommandApi } from '../command-api.js';
import type { ConfabApi, ConfabEventMap, ConfabEventName, ConfabStub, PanelController, PanelModule, WidgetOptions } from '../contract.js';
import type * as Attention from './attention.js';
import { createCommandStub, replayStubQueue } from './command-stub.js';
import { createShell } from './launcher.js';
import { keepPlaced } from './placement.js';
import { forgetVisitor, peekVisitor, storageOf } from './stored-visitor.js';
import { storageKey } from '../storage-key.js';

/** Pointer, touch or keyboard focus on the launcher: the visitor is about to open the chat. */
const INTENT = ['pointerenter', 'pointerdown', 'touchstart', 'focus'];

/** Where the lazily imported modules are: absolute URLs on the Confab server. */
export interface EntryUrls {
  panel: string;
  attention: string;
}

/**
 * The widget's start-up, shared by widget.js and the npm entry's mount(): draws the launcher,
 * installs window.Confab (replaying a stub's queue) and imports the panel on intent, at idle
 * for a returning visitor, or at once when it should be open.
 */
export function startWidget(options: WidgetOptions, urls: EntryUrls, queued?: ConfabStub['q']): ConfabApi {
  if (options.mode === 'inline' && !options.target) console.warn('[confab] data-mode="inline" needs data-target (a CSS selector)');
  let loading: Promise<void> | undefined;
  let attention: Promise<typeof Attention> | undefined;
  let panel: PanelController | undefined;
  let commands: CommandApi | undefined;
  let destroyed = false;
  let opened = false;
  let stopGreeting: (() => void) | undefined;
  let config: Promise<unknown> | undefined;
  // The bot's widget config, once for the page: the launcher's icon, the attention module and
  // the panel share it. A failed request gives nothing, and the panel asks again on its own.
  const loadConfig = (): Promise<unknown> =>
    (config ??= fetch(`${options.server}/api/widget/config?botKey=${encodeURIComponent(options.botKey)}`)
      .then((res) => res.ok && res.json())
      .then((loaded: unknown) => (shell.setBotIcon(loaded), loaded))
      .catch(() => {}));
  const loadAttention = (): Promise<typeof Attention> => (attention ??= import(/* @vite-ignore */ /* webpackIgnore: true */ urls.attention));
  const loadPanel = (): Promise<void> =>
    (loading ??= import(/* @vite-ignore */ /* webpackIgnore: true */ urls.panel).then(
      (mod: unknown) => {
        if (destroyed) return;
        const { mount, createCommandApi } = mod as PanelModule;
        commands = createCommandApi(() => {}, hooks);
        stub.attach(commands);
        placement.raise();
        panel = mount({
          root: shell.root,
          options,
          launcher: shell.launcher,
          emit,
          addStyles: shell.styles.add,
          applyColors: shell.applyColors,
          config: loadConfig,
        });
        commands.attach(panel);
      },
      (error: unknown) => {
        loading = undefined; // let the next click try again
        console.error('[confab] could not load the chat panel', error);
      },
    ));

  const destroy = (): void => {
    destroyed = true;
    placement.stop();
    stopIdle();
    stopGreeting?.();
    panel?.destroy();
    shell.host.remove();
    if (window.Confab === stub.api) delete window.Confab;
  };
  const hooks = { reset: () => forgetVisitor(options), destroy };
  const stub = createCommandStub(() => void loadPanel(), hooks);
  // Before the panel is there it cannot be open: impatient second clicks must not close it again.
  const shell = createShell(options, () => (panel ? stub.api.toggle() : stub.api.open()), loadAttention);
  const emit = <E extends ConfabEventName>(event: E, payload: ConfabEventMap[E]): void => {
    if (event === 'open' || event === 'close') shell.setOpen(event === 'open');
    // The greeting is for a visitor who has not chatted: opening starts the conversation.
    if (event === 'open') (opened = true), stopGreeting?.();
    commands?.emit(event, payload);
  };
  const launcher = shell.launcher;
  for (const type of INTENT) launcher?.addEventListener(type, () => void loadPanel(), { passive: true });

  const placement = keepPlaced(shell.host, options);
  let stopIdle = (): void => {};

  window.Confab = stub.api;
  replayStubQueue(stub.api, queued);
  if (destroyed) return stub.api; // the queue said so

  const visitor = peekVisitor(options);
  // Inline and fullscreen widgets are the page's content: always open.
  if (options.open || options.mode !== 'launcher' || visitor.open === true) {
    // Opened by the page's data-open, not by the visitor: 003's "proactive" approach.
    const proactive = options.open && options.mode === 'launcher' && visitor.open !== true;
    stub.later((c) => c.run((p) => p.open({ focus: false, proactive }), true));
    void loadPanel();
    return stub.api;
  }
  const atIdle = (): void => {
    if (destroyed) return;
    placement.raise();
    if (typeof visitor.conversationId === 'string' || visitor.unsent) return void loadPanel();
    // Into the HTTP cache (the server sends hashed files immutable): intent then imports it at once.
    if (!loading) void fetch(urls.panel, { priority: 'low' }).catch(() => {});
    if (launcher)
      void loadConfig().then((loaded) => {
        if (opened || destroyed || !wantsAttention(loaded, options)) return;
        void loadAttention().then((m) => {
          if (opened || destroyed) return;
          stopGreeting = m.watchGreeting({
            ...shell,
            launcher,
            options,
            config: loaded,
            addStyles: shell.styles.add,
            open: () => stub.api.open(),
            storage: storageOf(options),
            key: storageKey(options.botKey),
          });
        }, () => {});
      });
  };
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(atIdle, { timeout: 5000 });
    stopIdle = () => cancelIdleCallback(id);
  } else {
    const id = setTimeout(atIdle, 2000);
    stopIdle = () => clearTimeout(id);
  }
  return stub.api;
}

/**
 * Whether the closed launcher has something to show that only the attention module draws:
 * the bot's colors (where the page set none), its greeting to preview, or the launcher's name
 * in another language than the loader's English. Otherwise nothing more runs before intent.
 */
function wantsAttention(config: unknown, options: WidgetOptions): boolean {
  const appearance = (config as { appearance?: { primaryColor?: unknown; textColor?: unknown; greetingPreview?: unknown } } | undefined)?.appearance;
  if (!appearance) return false;
  const colors = !options.primaryColor && !!(appearance.primaryColor || appearance.textColor);
  const greeting = options.preview && typeof appearance.greetingPreview === 'string' && !!appearance.greetingPreview.trim();
  return colors || greeting || !/^en\b/i.test(options.locale ?? navigator.language);
}
