import { useEffect, useMemo, useState } from 'preact/hooks';
import { isPlainText } from '../rules/plain-text.js';
import { usePanel } from './panel-context.js';

type Render = (markdown: string, server: string) => string | undefined;

// marked and the sanitizer are a chunk of their own: text with nothing markdown could make of it
// (most greetings and replies) renders as text without them.
let render: Render | undefined;
let loading: Promise<Render> | undefined;
const loadRender = (): Promise<Render> => (loading ??= import('./markdown.js').then((m) => (render = m.markdownHtml)));

export interface MarkdownTextProps {
  text: string;
}

export function MarkdownText({ text }: MarkdownTextProps) {
  const { server } = usePanel();
  const plain = isPlainText(text);
  // The chunk may arrive between this render and the effect (another instance asked first), so the
  // renderer is state seeded from the module, not a flag read once.
  const [renderer, setRenderer] = useState<Render | undefined>(() => render);
  useEffect(() => {
    if (plain || renderer) return;
    let live = true;
    loadRender().then(
      (r) => live && setRenderer(() => r),
      () => (loading = undefined), // the next MarkdownText to mount tries again; this one shows the text
    );
    return () => {
      live = false;
    };
  }, [plain, renderer]);
  const html = useMemo(() => (!plain && renderer ? renderer(text, server) : undefined), [plain, text, server, renderer]);
  // Safe: markdownHtml sanitizes with the allow-list (sanitize-html.ts); until it has loaded, or where the page's
  // Trusted Types refuse it, the text shows as text.
  if (html === undefined) {
    return (
      <div class="markdown" dir="auto">
        <p>{text}</p>
      </div>
    );
  }
  return <div class="markdown" dir="auto" dangerouslySetInnerHTML={{ __html: html }} />;
}
