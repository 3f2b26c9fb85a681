/**
 * widget.js: the only script a site embeds. It stays tiny (no libraries): it reads the
 * embed options, draws the launcher in a shadow root and installs window.Confab. Until the
 * visitor shows intent (a pointer on the launcher, focus, a window.Confab command that needs
 * the chat) nothing else runs: at idle the panel's file is only fetched into the HTTP cache,
 * and a small attention module brings the bot's colors and greeting. A visitor with a
 * conversation gets the panel itself at idle, for unread badges and previews.
 */
import { attentionEntry, panelEntry } from 'virtual:confab-panel-entry';
import type { ConfabStub } from './contract.js';
import { findLoaderScript, readOptions } from './loader/read-options.js';
import { startWidget } from './loader/start-widget.js';

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
  // Relative to widget.js, so the panel comes from wherever the loader came from.
  const base = script?.src || `${options.server}/`;
  startWidget(options, { panel: new URL(panelEntry, base).href, attention: new URL(attentionEntry, base).href }, (existing as ConfabStub | undefined)?.q);
}
