import { useMemo } from 'preact/hooks';
import { renderMarkdown } from './markdown.js';
import { usePanel } from './panel-context.js';

export interface MarkdownTextProps {
  text: string;
}

export function MarkdownText({ text }: MarkdownTextProps) {
  const { server } = usePanel();
  const html = useMemo(() => renderMarkdown(text, server), [text, server]);
  // Safe: renderMarkdown sanitizes with DOMPurify.
  return <div class="markdown" dir="auto" dangerouslySetInnerHTML={{ __html: html }} />;
}
