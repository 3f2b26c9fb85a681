/** Built by vite.config.ts (loader mode) from the panel build's manifest. */
declare module 'virtual:confab-panel-entry' {
  /** The panel entry module, relative to widget.js, e.g. "assets/panel-3f9a1c.js". */
  export const panelEntry: string;
  /** The closed launcher's extras (bot colors, greeting preview), e.g. "assets/attention-9b2e4d.js". */
  export const attentionEntry: string;
}
