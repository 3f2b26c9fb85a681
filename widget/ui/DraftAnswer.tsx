import { useMemo } from 'preact/hooks';
import type { AnswerDraft } from '../../shared/index.js';
import { closeOpenSyntax, splitStable } from '../rules/stream-markdown.js';
import { addChunkStyles } from './chunk-styles.js';
import { markdownHtml } from './markdown.js';
import { usePanel } from './panel-context.js';
import css from './draft-answer.css?inline';

addChunkStyles(css);

export interface DraftAnswerProps {
  draft: AnswerDraft;
}

/**
 * An AI answer while it streams: sanitized markdown on every update (marked, then the allow-list),
 * the finished blocks rendered once and only the unfinished tail again, its open syntax
 * closed; and a Stop button. The stored message replaces it when the answer is complete.
 */
export function DraftAnswer({ draft }: DraftAnswerProps) {
  const { t, server, actions } = usePanel();
  const { stable, tail } = splitStable(draft.text);
  const stableHtml = useMemo(() => markdownHtml(stable, server), [stable, server]);
  const tailHtml = markdownHtml(closeOpenSyntax(tail), server);
  return (
    <>
      <div class="bubble draft" aria-busy="true">
        {/* Safe: markdownHtml sanitizes with the allow-list (sanitize-html.ts); where the page's Trusted Types refuse it, text. */}
        <div class="markdown" dir="auto">
          {stableHtml === undefined || tailHtml === undefined ? (
            <p>{draft.text}</p>
          ) : (
            <>
              <div class="part" dangerouslySetInnerHTML={{ __html: stableHtml }} />
              <div class="part" dangerouslySetInnerHTML={{ __html: tailHtml }} />
            </>
          )}
        </div>
      </div>
      <button type="button" class="stop-answer" onClick={() => actions.stopAnswer(draft.draftId)}>
        {t.stopAnswer}
      </button>
    </>
  );
}
