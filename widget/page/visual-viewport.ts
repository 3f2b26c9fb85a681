/**
 * On phones the panel covers the screen. The on-screen keyboard shrinks only the visual
 * viewport (iOS Safari keeps the layout viewport, and fixed elements, where they are), so the
 * panel follows the visual viewport's height and offset: the composer stays above the
 * keyboard. styles.css uses the two properties in its phone layout only.
 */
export function trackVisualViewport(panel: HTMLElement, viewport: VisualViewport | null = window.visualViewport): () => void {
  if (!viewport) return () => {};
  const update = (): void => {
    panel.style.setProperty('--confab-vv-height', `${Math.round(viewport.height)}px`);
    panel.style.setProperty('--confab-vv-top', `${Math.round(viewport.offsetTop)}px`);
  };
  update();
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  return () => {
    viewport.removeEventListener('resize', update);
    viewport.removeEventListener('scroll', update);
  };
}
