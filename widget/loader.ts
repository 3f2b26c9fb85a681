/**
 * widget.js: the only script a site embeds. It stays tiny (no libraries): it reads the
 * embed options, draws the launcher in a shadow root, installs window.Confab, and imports
 * the panel when the visitor opens the chat or the browser is idle.
 */
import { panelEntry } from 'virtual:confab-panel-entry';
import type { ConfabEventMap, ConfabEventName, PanelModule } from './contract.js';
import { createCommandApi, replayStubQueue } from './loader/command-api.js';
import { createShell } from './loader/launcher.js';
import { findLoaderScript, readOptions } from './loader/read-options.js';
import { wasLeftOpen } from './loader/stored-open.js';

boot();

function boot(): void {
  const existing = window.Confab;
  if (existing && 'toggle' in existing) return; // the script tag is on the page twice
  const script = findLoaderScript(document);
  const options = readOptions(script, window.ConfabConfig);
  if (!options) {
    console.warn('[confab] widget.js needs a data-bot-key attribute');
    return;
  }
  // Relative to widget.js, so the panel comes from wherever the loader came from.
  const panelUrl = new URL(panelEntry, script?.src || `${options.server}/`).href;

  let loading: Promise<void> | undefined;
  let mounted = false;
  const loadPanel = (): Promise<void> =>
    (loading ??= import(/* @vite-ignore */ panelUrl).then(
      (mod: unknown) => {
        const { mount } = mod as PanelModule;
        commands.attach(mount({ root: shell.root, options, launcher: shell.launcher, emit }));
        mounted = true;
      },
      (error: unknown) => {
        loading = undefined; // let the next click try again
        console.error('[confab] could not load the chat panel', error);
      },
    ));

  const commands = createCommandApi(() => void loadPanel());
  // Before the panel is there it cannot be open: impatient second clicks must not close it again.
  const shell = createShell(options, () => (mounted ? commands.api.toggle() : commands.api.open()));
  const emit = <E extends ConfabEventName>(event: E, payload: ConfabEventMap[E]): void => {
    if (event === 'open' || event === 'close') shell.setOpen(event === 'open');
    commands.emit(event, payload);
  };

  window.Confab = commands.api;
  replayStubQueue(commands.api, existing?.q);

  if (options.open || wasLeftOpen(options)) {
    commands.run((panel) => panel.open({ focus: false }), true);
  } else if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(() => void loadPanel(), { timeout: 5000 });
  } else {
    setTimeout(() => void loadPanel(), 2000);
  }

  if (document.body) document.body.append(shell.host);
  else document.addEventListener('DOMContentLoaded', () => document.body.append(shell.host), { once: true });
}
