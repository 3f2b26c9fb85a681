import type { BotActionPayloads } from '../../shared/index.js';
import { MarkdownText } from './MarkdownText.js';

export interface TextMessageProps {
  payload: BotActionPayloads['message'];
}

/**
 * Markdown unless the bot says plain: 003 bots send markdown_v1. The text inside the bubble
 * takes its own direction (dir="auto"), so English reads right in an Arabic panel too.
 */
export function TextMessage({ payload }: TextMessageProps) {
  if (payload.text_format === 'plain') {
    return (
      <p class="bubble plain">
        <span dir="auto">{payload.body}</span>
      </p>
    );
  }
  return (
    <div class="bubble">
      <MarkdownText text={payload.body} />
    </div>
  );
}
