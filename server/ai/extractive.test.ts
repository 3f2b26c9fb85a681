import { describe, expect, it } from 'vitest';
import { bestPassages, extractiveAnswer, extractiveProvider, passagesOf } from './extractive.js';
import type { AiPassageSource, AiRequest, AiStreamPart } from './provider.js';

const contexts: AiPassageSource[] = [
  { id: 'ship', name: 'Shipping', content: 'Free shipping on orders over $40.\n\nWe ship internationally to Canada, the UK and the EU in 5-10 business days.' },
  { id: 'pay', name: 'Payment', content: 'We accept Visa, Mastercard and PayPal.' },
  { id: 'decaf', name: 'Decaf', content: 'Our decaf is Swiss Water processed and 99.9% caffeine free.' },
];

const ask = async (question: string, from = contexts): Promise<AiStreamPart[]> => {
  const request: AiRequest = { model: 'extractive', temperature: 0, maxTokens: 100, system: '', messages: [{ role: 'user', content: question }], contexts: from };
  const parts: AiStreamPart[] = [];
  for await (const part of extractiveProvider().stream(request, new AbortController().signal)) parts.push(part);
  return parts;
};

describe('the extractive provider', () => {
  it('quotes the best-matching passage with its source, and names the context it used', async () => {
    const parts = await ask('Can I pay with PayPal?');
    expect(parts).toEqual([
      { type: 'text', text: 'Here is what I found:\n\n> We accept Visa, Mastercard and PayPal.\n\n— *Payment*' },
      { type: 'finish', usage: { inputTokens: null, outputTokens: null }, contexts: ['pay'] },
    ]);
  });

  it('picks the paragraph that answers, not the whole context', () => {
    expect(bestPassages(contexts, 'Do you deliver to Canada?').map((p) => p.text)).toEqual([
      'We ship internationally to Canada, the UK and the EU in 5-10 business days.',
    ]);
  });

  it('has no answer for a question of stopwords only, or of words no context has', async () => {
    expect(await ask('what is it that you do?')).toEqual([{ type: 'no_answer' }]);
    expect(await ask('qwertyuiop')).toEqual([{ type: 'no_answer' }]);
    expect(await ask('Can I pay with PayPal?', [])).toEqual([{ type: 'no_answer' }]);
  });

  it('matches words of 3 letters and more by prefix, shorter ones only whole', () => {
    expect(bestPassages(contexts, 'intern').map((p) => p.contextId)).toEqual(['ship']);
    // "ca" must not find "caffeine" nor "Canada".
    expect(bestPassages(contexts, 'ca')).toEqual([]);
    expect(bestPassages(contexts, 'caf').map((p) => p.contextId)).toEqual(['decaf']);
  });

  it('quotes at most two passages, the second only when it is nearly as good', () => {
    const two = bestPassages(contexts, 'shipping decaf');
    expect(two.length).toBeLessThanOrEqual(2);
    expect(extractiveAnswer(two)).toMatch(/^Here is what I found:\n\n> /);
  });

  it('cuts a long paragraph into groups of sentences', () => {
    const long = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} says something.`).join(' ');
    const passages = passagesOf({ id: 'l', name: 'Long', content: long }, 0);
    expect(passages.length).toBeGreaterThan(1);
    expect(passages.every((p) => p.text.length <= 700)).toBe(true);
    expect(passages.map((p) => p.text).join(' ')).toBe(long);
  });
});
