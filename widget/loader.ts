/**
 * widget.js: the only script a site embeds. It stays tiny (no libraries): it reads the
 * embed options, draws the launcher in a shadow root and installs window.Confab. Until the
 * visitor shows intent (a pointer on the launcher, focus, a window.Confab command that needs
 * the chat) nothing else runs: at idle the panel's file is only fetched into the HTTP cache,
 * and a small attention module brings the bot's colors and greeting. A visitor with a
 * conversation gets the panel itself at idle, for unread badges and previews.
 */
import { attentionEntry, panelEntry } from 'virtual:confab-panel-entry';
import type { ConfabEventMap, ConfabEventName, ConfabStub, PanelController, PanelModule } from './contract.js';
import type * as Attention from './loader/attention.js';
import { createCommandApi, replayStubQueue } from './loader/command-api.js';
import { createShell } from './loader/launcher.js';
import { keepPlaced } from './loader/placement.js';
import { findLoaderScript, readOptions } from './loader/read-options.js';
import { forgetVisitor, peekVisitor, storageOf } from './loader/stored-visitor.js';
import { storageKey } from './storage-key.js';

/** Pointer, touch or keyboard focus on the launcher: the visitor is about to open the chat. */
const INTENT = ['pointerenter', 'pointerdown', 'touchstart', 'focus'];

boot();

function boot(): void {
  const existing = window.Confab;
  // The stub snippet has a queue `q`; a Confab without one is a loaded widget: the tag is on the page twice.
  if (existing && !Array.isArray((existing as ConfabStub).q)) return;
  const script = findLoaderScript(document);
  const options = readOptions(script, window.ConfabConfig);
  if (!options) {
    console.warn('[confab] widget.js needs a data-bot-key attribute');
    return;
  }
  if (options.mode === 'inline' && !options.target) console.warn('[confab] data-mode="inline" needs data-target (a CSS selector)');
  // Relative to widget.js, so the panel comes from wherever the loader came from.
  const base = script?.src || `${options.server}/`;
  const panelUrl = new URL(panelEntry, base).href;

  let loading: Promise<void> | undefined;
  let attention: Promise<typeof Attention> | undefined;
  let panel: PanelController | undefined;
  let destroyed = false;
  let opened = false;
  let stopGreeting: (() => void) | undefined;
  const loadAttention = (): Promise<typeof Attention> => (attention ??= import(/* @vite-ignore */ new URL(attentionEntry, base).href));
  const loadPanel = (): Promise<void> =>
    (loading ??= import(/* @vite-ignore */ panelUrl).then(
      (mod: unknown) => {
        if (destroyed) return;
        const { mount } = mod as PanelModule;
        panel = mount({
          root: shell.root,
          options,
          launcher: shell.launcher,
          emit,
          addStyles: shell.styles.add,
          applyColors: shell.applyColors,
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
    stopPlacing();
    stopGreeting?.();
    panel?.destroy();
    shell.host.remove();
    if (window.Confab === commands.api) delete window.Confab;
  };
  const commands = createCommandApi(() => void loadPanel(), { reset: () => forgetVisitor(options), destroy });
  // Before the panel is there it cannot be open: impatient second clicks must not close it again.
  const shell = createShell(options, () => (panel ? commands.api.toggle() : commands.api.open()), loadAttention);
  const emit = <E extends ConfabEventName>(event: E, payload: ConfabEventMap[E]): void => {
    if (event === 'open' || event === 'close') shell.setOpen(event === 'open');
    // The greeting is for a visitor who has not chatted: opening starts the conversation.
    if (event === 'open') (opened = true), stopGreeting?.();
    commands.emit(event, payload);
  };
  const launcher = shell.launcher;
  for (const type of INTENT) launcher?.addEventListener(type, () => void loadPanel(), { passive: true });

  const stopPlacing = keepPlaced(shell.host, options);

  window.Confab = commands.api;
  replayStubQueue(commands.api, (existing as ConfabStub | undefined)?.q);
  if (destroyed) return; // the queue said so

  const visitor = peekVisitor(options);
  // Inline and fullscreen widgets are the page's content: always open.
  if (options.open || options.mode !== 'launcher' || visitor.open === true) {
    // Opened by the page's data-open, not by the visitor: 003's "proactive" approach.
    const proactive = options.open && options.mode === 'launcher' && visitor.open !== true;
    return commands.run((p) => p.open({ focus: false, proactive }), true);
  }
  const atIdle = (): void => {
    if (typeof visitor.conversationId === 'string' || visitor.unsent) return void loadPanel();
    // Into the HTTP cache (the server sends hashed files immutable): intent then imports it at once.
    if (!loading) void fetch(panelUrl, { priority: 'low' }).catch(() => {});
    if (launcher)
      void loadAttention().then((m) => {
        if (opened || destroyed) return;
        stopGreeting = m.watchGreeting({
          ...shell,
          launcher,
          options,
          addStyles: shell.styles.add,
          open: () => commands.api.open(),
          storage: storageOf(options),
          key: storageKey(options.botKey),
        });
      }, () => {});
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(atIdle, { timeout: 5000 });
  else setTimeout(atIdle, 2000);
}
