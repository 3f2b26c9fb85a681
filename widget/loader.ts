/**
 * widget.js: the only script a site embeds. It stays tiny (no libraries): it reads the
 * embed options, draws the launcher in a shadow root, installs window.Confab, and imports
 * the panel when the visitor opens the chat or the browser is idle.
 */
import { panelEntry } from 'virtual:confab-panel-entry';
import type { ConfabEventMap, ConfabEventName, ConfabStub, PanelController, PanelModule } from './contract.js';
import { createCommandApi, replayStubQueue } from './loader/command-api.js';
import { createShell } from './loader/launcher.js';
import { keepPlaced } from './loader/placement.js';
import { findLoaderScript, readOptions } from './loader/read-options.js';
import { forgetVisitor, wasLeftOpen } from './loader/stored-visitor.js';

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
  const panelUrl = new URL(panelEntry, script?.src || `${options.server}/`).href;

  let loading: Promise<void> | undefined;
  let panel: PanelController | undefined;
  let destroyed = false;
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
    panel?.destroy();
    shell.host.remove();
    if (window.Confab === commands.api) delete window.Confab;
  };
  const commands = createCommandApi(() => void loadPanel(), { reset: () => forgetVisitor(options), destroy });
  // Before the panel is there it cannot be open: impatient second clicks must not close it again.
  const shell = createShell(options, () => (panel ? commands.api.toggle() : commands.api.open()));
  const emit = <E extends ConfabEventName>(event: E, payload: ConfabEventMap[E]): void => {
    if (event === 'open' || event === 'close') shell.setOpen(event === 'open');
    commands.emit(event, payload);
  };

  const stopPlacing = keepPlaced(shell.host, options);

  window.Confab = commands.api;
  replayStubQueue(commands.api, (existing as ConfabStub | undefined)?.q);
  if (destroyed) return; // the queue said so

  // Inline and fullscreen widgets are the page's content: always open.
  if (options.open || options.mode !== 'launcher' || wasLeftOpen(options)) {
    commands.run((p) => p.open({ focus: false }), true);
  } else if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(() => void loadPanel(), { timeout: 5000 });
  } else {
    setTimeout(() => void loadPanel(), 2000);
  }
}
