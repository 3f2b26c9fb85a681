import type { BotActionPayloads } from '../../shared/index.js';
import { MarkdownText } from './MarkdownText.js';

export interface TextMessageProps {
  payload: BotActionPayloads['message'];
}

/** Markdown unless the bot says plain: 003 bots send markdown_v1. */
export function TextMessage({ payload }: TextMessageProps) {
  if (payload.text_format === 'plain') return <p class="bubble plain">{payload.body}</p>;
  return (
    <div class="bubble">
      <MarkdownText text={payload.body} />
    </div>
  );
}
