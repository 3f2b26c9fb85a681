import { useMemo } from 'preact/hooks';
import { renderMarkdown } from './markdown.js';

export interface MarkdownTextProps {
  text: string;
}

export function MarkdownText({ text }: MarkdownTextProps) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  // Safe: renderMarkdown sanitizes with DOMPurify.
  return <div class="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
