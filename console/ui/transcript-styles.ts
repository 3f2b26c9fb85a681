import widgetCss from '../../widget/styles.css?inline';
import { themeCss } from '../../widget/loader/theme.js';
import transcriptCss from './transcript.css?inline';

/**
 * The transcript renders in a shadow root with the widget's own styles, so bot actions look
 * exactly as the visitor saw them and the widget's class names never meet the console's. The
 * lazily loaded views (carousel, media...) add their CSS through the widget's chunk-style sink,
 * which main.tsx points here: every transcript root, now and later, adopts it.
 */
const sheets: string[] = [widgetCss, themeCss({ primaryColor: '#4f46e5' }), transcriptCss];
const roots = new Set<ShadowRoot>();

function apply(root: ShadowRoot): void {
  const constructable = 'adoptedStyleSheets' in root && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype;
  if (constructable) {
    root.adoptedStyleSheets = sheets.map((css) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      return sheet;
    });
    return;
  }
  root.querySelectorAll('style[data-transcript]').forEach((style) => style.remove());
  root.prepend(
    ...sheets.map((css) => {
      const style = document.createElement('style');
      style.dataset.transcript = '';
      style.textContent = css;
      return style;
    }),
  );
}

export function adoptTranscriptStyles(root: ShadowRoot): () => void {
  roots.add(root);
  apply(root);
  return () => roots.delete(root);
}

/** A lazily loaded widget view's CSS, for every transcript root. */
export function addTranscriptStyles(css: string): void {
  // The extras stay last, so the console's overrides keep winning.
  sheets.splice(sheets.length - 1, 0, css);
  roots.forEach(apply);
}
