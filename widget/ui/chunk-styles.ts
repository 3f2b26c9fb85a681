/**
 * Lazily loaded views bring their own CSS; it goes into the widget's shadow root through the
 * sink the panel sets at mount (PanelHost.addStyles). Without a sink (component tests) the
 * CSS is dropped. CSS that several chunks share (link buttons, form fields) is added by each
 * of them, as a value: an import for its side effect alone would be dropped by the build
 * (the package is `sideEffects: false`). It goes in once.
 */
let sink: (css: string) => void = () => {};
let added = new Set<string>();

export function setStyleSink(add: (css: string) => void): void {
  sink = add;
  added = new Set();
}

export function addChunkStyles(css: string): void {
  if (added.has(css)) return;
  added.add(css);
  sink(css);
}
