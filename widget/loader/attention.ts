/**
 * The closed launcher's extras, a small module of the panel build that the loader imports
 * at idle for a visitor without a conversation, instead of running the whole panel before
 * anyone asked for the chat: the bot's colors on the launcher and its greeting in a preview
 * bubble. It also carries the theme arithmetic, which the loader needs only when colors are
 * set. It imports nothing the panel imports: a shared module would land in the panel's file,
 * and importing this one would then run the panel.
 */
import type { ThemeColors, WidgetOptions } from '../contract.js';
import previewCss from '../ui/preview.css?inline';
import css from './attention.css?inline';

export { themeCss } from './theme.js';

export interface GreetingHost {
  root: ShadowRoot;
  options: WidgetOptions;
  /** GET /api/widget/config's answer, which the loader fetched for the panel too. */
  config: unknown;
  launcher: HTMLButtonElement;
  addStyles(css: string): void;
  applyColors(colors: ThemeColors): void;
  /** The bubble was clicked: open the chat. */
  open(): void;
  /** Where the visitor record lives (null: storage off or blocked), and its key. */
  storage: Storage | null;
  key: string;
}

/** A greeting dismissed once stays dismissed: the record's previewDismissed, as the panel writes it. */
const DISMISSED = 'greeting';
/**
 * The launcher's and the dismiss button's names in the panel's languages (i18n/*.ts; a test
 * keeps them alike). Words here rather than an import(): the import helper lives in the
 * panel's file.
 */
export const WORDS: Record<string, { openChat: string; dismiss: string }> = {
  en: { openChat: 'Open chat', dismiss: 'Dismiss' },
  de: { openChat: 'Chat öffnen', dismiss: 'Ausblenden' },
  fr: { openChat: 'Ouvrir le chat', dismiss: 'Masquer' },
  es: { openChat: 'Abrir el chat', dismiss: 'Descartar' },
  ar: { openChat: 'فتح الدردشة', dismiss: 'إخفاء' },
};
const CLOSE_ICON = 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4Z';

/**
 * Names the launcher in the visitor's language, re-themes it with the bot's colors from the
 * widget config and, for a visitor
 * who has not chatted, shows its greeting next to the launcher until the chat opens (the
 * returned stop) or the visitor dismisses it. The panel, once loaded, previews unread
 * messages only.
 */
export function watchGreeting(host: GreetingHost): () => void {
  const { root, options, storage, key, launcher } = host;
  const words = wordsFor(options.locale, navigator.languages?.length ? navigator.languages : [navigator.language]);
  // The loader's label is English; a panel mounted meanwhile has put its own (maybe with a count).
  if (launcher.getAttribute('aria-label') === WORDS.en!.openChat) launcher.setAttribute('aria-label', words.openChat);
  let stopped = false;
  let bubble: HTMLElement | undefined;
  const stop = (): void => {
    stopped = true;
    bubble?.remove();
  };

  const appearance = (host.config as { appearance?: ThemeColors & { greetingPreview?: unknown } } | undefined)?.appearance;
  // No config, no greeting: the launcher keeps the page's colors.
  if (!appearance || typeof appearance !== 'object') return stop;
  host.applyColors(appearance);
  const greeting = appearance.greetingPreview;
  const text = typeof greeting === 'string' ? plainText(greeting) : '';
  if (!options.preview || !text || readRecord(storage, key).previewDismissed === DISMISSED) return stop;
  // The bubble in a task of its own, after the colors: no one long task on the host page.
  setTimeout(() => {
    if (stopped) return;
    host.addStyles(css);
    host.addStyles(previewCss);
    bubble = drawBubble(text, words.dismiss, host.open, () => {
      stop();
      writeRecord(storage, key, { ...readRecord(storage, key), previewDismissed: DISMISSED });
    });
    root.append(bubble);
  });
  return stop;
}

function drawBubble(text: string, dismissLabel: string, onOpen: () => void, onDismiss: () => void): HTMLElement {
  const bubble = element('div', 'preview');
  const open = element('button', 'preview-text');
  const words = document.createElement('span');
  words.textContent = text;
  open.append(words);
  open.addEventListener('click', onOpen);
  const dismiss = element('button', 'preview-dismiss');
  dismiss.setAttribute('aria-label', dismissLabel);
  dismiss.addEventListener('click', onDismiss);
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(svgNs, 'path');
  path.setAttribute('d', CLOSE_ICON);
  svg.append(path);
  dismiss.append(svg);
  bubble.append(open, dismiss);
  return bubble;
}

function element<K extends 'div' | 'button'>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (el instanceof HTMLButtonElement) el.type = 'button';
  return el;
}

/** The first of the page's or the browser's languages the panel speaks, as pickLocale (i18n/locale.ts) picks. */
export function wordsFor(requested: string | undefined, browser: readonly string[]): { openChat: string; dismiss: string } {
  for (const tag of requested ? [requested] : browser) {
    const words = WORDS[tag.toLowerCase().split(/[-_]/)[0] ?? ''];
    if (words) return words;
  }
  return WORDS.en!;
}

/** Markdown to words, as rules/plain-text.ts does (a test keeps the two alike). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function readRecord(storage: Storage | null, key: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(key) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function writeRecord(storage: Storage | null, key: string, record: Record<string, unknown>): void {
  try {
    storage?.setItem(key, JSON.stringify(record));
  } catch {
    // Quota or privacy mode: dismissed for this page only.
  }
}
