/**
 * Lazily loaded views bring their own CSS; it goes into the widget's shadow root through the
 * sink the panel sets at mount (PanelHost.addStyles). Without a sink (component tests) the
 * CSS is dropped.
 */
let sink: (css: string) => void = () => {};

export function setStyleSink(add: (css: string) => void): void {
  sink = add;
}

export function addChunkStyles(css: string): void {
  sink(css);
}
