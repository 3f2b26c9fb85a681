import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../shared/index.js';
import { fitToBudget, history, selectContexts, splitFollowUps, systemPrompt, type AiContext } from './prompt.js';

const context = (id: string, overrides: Partial<AiContext> = {}): AiContext => ({
  id,
  name: id,
  trigger_keywords: [id],
  context_type: 'static',
  content: `About ${id}.`,
  follow_ups: [],
  priority: 0,
  enabled: true,
  ...overrides,
});

describe('selectContexts', () => {
  const all = [context('shipping', { priority: 1 }), context('payment', { priority: 5 }), context('always', { trigger_keywords: [] }), context('off', { enabled: false, trigger_keywords: [] })];

  it('takes enabled contexts whose keywords the visitor said (or that have none), highest priority first', () => {
    expect(selectContexts(all, 'shipping and payment?').map((c) => c.id)).toEqual(['payment', 'shipping', 'always']);
    expect(selectContexts(all, 'hello').map((c) => c.id)).toEqual(['always']);
  });

  it('stays within the token budget', () => {
    const big = [context('a', { content: 'x'.repeat(3_000), priority: 2 }), context('b', { content: 'y'.repeat(3_000), priority: 1 })];
    expect(selectContexts(big, 'a b', { budgetTokens: 1_000 }).map((c) => c.id)).toEqual(['a']);
    expect(fitToBudget([{ id: 'a', name: 'a', content: 'z'.repeat(10_000) }], 1_000)[0]!.content).toHaveLength(4_001);
  });

  it('for the extractive mode: every enabled static context, api ones only when triggered', () => {
    const api = context('stock', { context_type: 'api', api_config: { url: 'https://x.example', method: 'GET', headers: {}, timeout_ms: 1_000 } });
    expect(selectContexts([...all, api], 'hello', { all: true }).map((c) => c.id).sort()).toEqual(['always', 'payment', 'shipping']);
    expect(selectContexts([...all, api], 'stock?', { all: true }).map((c) => c.id)).toContain('stock');
  });
});

describe('systemPrompt', () => {
  it('is the owner prompt, the persona, how to answer, the knowledge and the follow-up instruction', () => {
    const prompt = systemPrompt({
      systemPrompt: 'You are Northwind.',
      persona: { name: 'Max', system_prompt: 'Cheerful.' },
      contexts: [{ id: 's', name: 'Shipping', content: 'Free over $40.' }],
      followUps: 2,
    });
    expect(prompt).toBe(
      'You are Northwind.\n\nYou speak as Max. Cheerful.\n\nAnswer briefly, in Markdown. When the knowledge below does not hold the answer, say that you do not know rather than guessing.\n\n# Knowledge\n\n## Shipping\n\nFree over $40.\n\nAfter the answer, write a line "FOLLOW-UPS:" and then up to 2 short questions the visitor might ask next, one per line, each starting with "- ".',
    );
  });
});

describe('history', () => {
  const m = (seq: number, author: 'visitor' | 'bot' | 'system', body: string): MessageRecord =>
    author === 'visitor'
      ? { id: `${seq}`, conversationId: 'c', seq, createdAt: '', author, clientId: `${seq}`, packet: { name: 'message', payload: { body } } }
      : { id: `${seq}`, conversationId: 'c', seq, createdAt: '', author, packet: { name: 'message', payload: { body } } };

  it('maps visitor and bot messages to turns, merges runs, starts with the user and ends with the question', () => {
    expect(history([m(1, 'bot', 'Welcome!'), m(2, 'visitor', 'hi'), m(3, 'bot', 'Hello'), m(4, 'bot', 'How can I help?'), m(5, 'system', 'x'), m(6, 'visitor', 'decaf?')], 'decaf?')).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'Hello\n\nHow can I help?' },
      { role: 'user', content: 'decaf?' },
    ]);
    expect(history([], 'decaf?')).toEqual([{ role: 'user', content: 'decaf?' }]);
  });
});

describe('splitFollowUps', () => {
  it.each([
    ['no marker', 'Just an answer.', 'Just an answer.', []],
    ['the marker and its questions', 'Answer.\nFOLLOW-UPS:\n- One?\n- Two?', 'Answer.', ['One?', 'Two?']],
    ['a marker being written is held back', 'Answer.\nFOLLOW', 'Answer.', []],
    ['a word that only starts like it is not', 'Answer. FOL', 'Answer. FOL', []],
  ])('%s', (_case, text, answer, followUps) => {
    expect(splitFollowUps(text)).toEqual({ answer, followUps });
  });
});
