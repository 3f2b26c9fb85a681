import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerDraft } from '../../shared/index.js';
import { createChatState, applyDraft, receiveMessages } from '../state/chat-state.js';
import { botMessage } from '../testing/messages.js';
import { renderInPanel } from '../testing/render.js';
import { DraftAnswer } from './DraftAnswer.js';
import { PanelContext } from './panel-context.js';

/** Renders a draft, and returns how to show its next update inside the same panel. */
function stream(first: string) {
  const view = renderInPanel(<DraftAnswer draft={draft(first)} />);
  const update = (text: string) => view.rerender(<PanelContext.Provider value={view.context}><DraftAnswer draft={draft(text)} /></PanelContext.Provider>);
  return { container: view.container, update };
}

afterEach(cleanup);

const draft = (text: string, state: AnswerDraft['state'] = 'streaming'): AnswerDraft => ({ conversationId: 'c1', draftId: 'd1', text, state });

describe('DraftAnswer', () => {
  it('renders each update as sanitized markdown, unfinished syntax closed', () => {
    const { container, update } = stream('Our **Quiet');
    expect(container.querySelector('strong')?.textContent).toBe('Quiet');
    update('Our **Quiet Harbour** decaf.\n\n```\ncode');
    expect(container.querySelector('strong')?.textContent).toBe('Quiet Harbour');
    expect(container.querySelector('pre code')?.textContent).toBe('code\n');
    expect(container.textContent).not.toContain('```');
  });

  // One kind of attack per answer, so a failure names it (the browser suite streams them all
  // in one answer).
  it.each([
    'Hi <img src=x onerror="window.pwned=1"> there',
    'Hi <script>window.pwned=1</script> there',
    'See [x](javascript:window.pwned=1) and **more**',
    'Hi <a href="javascript:1" onclick="window.pwned=1">y</a> there',
  ])('never runs script or handlers from a streamed answer, at any point of it: %s', (hostile) => {
    const { container, update } = stream('');
    for (let i = 1; i <= hostile.length; i++) {
      update(hostile.slice(0, i));
      expect(container.querySelector('script, [onerror], [onclick], a[href^="javascript"]')).toBeNull();
    }
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
  });

  it('Stop asks to stop this answer', () => {
    const { context } = renderInPanel(<DraftAnswer draft={draft('One, two')} />);
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(context.actions.stopAnswer).toHaveBeenCalledWith('d1');
  });
});

describe('drafts in the chat state', () => {
  it('a draft grows, and its stored message replaces it; a late snapshot of it does not bring it back', () => {
    const state = createChatState();
    applyDraft(state, draft('One'));
    applyDraft(state, draft('One, two'));
    expect(state.answers.value).toEqual([draft('One, two')]);
    const final = botMessage(3, { name: 'message', payload: { body: 'One, two, three.', ai: { model: 'm', provider: 'p', usage: { inputTokens: 1, outputTokens: 2 }, finish: 'complete', draftId: 'd1' } } });
    receiveMessages(state, [final], true);
    expect(state.answers.value).toEqual([]);
    applyDraft(state, draft('One, two'));
    expect(state.answers.value).toEqual([]);
  });

  it('an ended draft (the fallback answered) goes away', () => {
    const state = createChatState();
    applyDraft(state, draft('Hal'));
    applyDraft(state, draft('Hal', 'ended'));
    expect(state.answers.value).toEqual([]);
  });
});
