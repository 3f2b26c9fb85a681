import MiniSearch from 'minisearch';
import type { AiPassageSource, AiProvider, AiStreamPart } from './provider.js';

/** Words that say nothing about the topic: a question of only these matches nothing. */
const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could do does did for from had has have how i if in into is it its me my no not of on or our ' +
    'so than that the their them then there these they this to us was we were what when where which who why will with would you your ' +
    'about any am all also just more most much other some such too very get got please tell know want need like hi hello thanks thank'
  ).split(' '),
);

/** How many passages an answer quotes at most. */
const MAX_PASSAGES = 2;
/** A passage longer than this is cut into its sentences. */
const MAX_PASSAGE_CHARS = 700;

interface Passage {
  id: number;
  contextId: string;
  name: string;
  text: string;
}

function normalizeTerm(term: string): string | null {
  const t = term.toLowerCase();
  return t.length < 2 || STOPWORDS.has(t) ? null : t;
}

/** A context as passages: its paragraphs, and a long paragraph as groups of sentences. */
export function passagesOf(context: AiPassageSource, firstId: number): Passage[] {
  const paragraphs = context.content.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const texts: string[] = [];
  for (const paragraph of paragraphs) {
    if (paragraph.length <= MAX_PASSAGE_CHARS) {
      texts.push(paragraph);
      continue;
    }
    let group = '';
    for (const sentence of paragraph.match(/[^.!?]+[.!?]*\s*/g) ?? [paragraph]) {
      if (group && group.length + sentence.length > MAX_PASSAGE_CHARS) {
        texts.push(group.trim());
        group = '';
      }
      group += sentence;
    }
    if (group.trim()) texts.push(group.trim());
  }
  return texts.map((text, i) => ({ id: firstId + i, contextId: context.id, name: context.name, text }));
}

/** The passages that best answer `question`, best first (empty: nothing matched). */
export function bestPassages(contexts: readonly AiPassageSource[], question: string): Passage[] {
  const passages: Passage[] = [];
  for (const context of contexts) passages.push(...passagesOf(context, passages.length));
  if (passages.length === 0) return [];
  const search = new MiniSearch<Passage>({
    fields: ['text', 'name'],
    storeFields: ['id'],
    processTerm: normalizeTerm,
    searchOptions: {
      boost: { name: 2 },
      // No prefix matching for words under 3 letters ("in" must not match "international").
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      combineWith: 'OR',
    },
  });
  search.addAll(passages);
  const hits = search.search(question);
  const best = hits[0];
  if (!best) return [];
  // A second passage only when it is nearly as good as the first.
  return hits
    .filter((hit, i) => i === 0 || hit.score >= best.score * 0.6)
    .slice(0, MAX_PASSAGES)
    .map((hit) => passages[hit.id as number]!);
}

/** The quoted answer: each passage as a block quote, with where it came from. */
export function extractiveAnswer(passages: readonly Passage[]): string {
  const quotes = passages.map((p) => `${p.text.split('\n').map((line) => `> ${line}`).join('\n')}\n\n— *${p.name}*`);
  return `Here is what I found:\n\n${quotes.join('\n\n')}`;
}

/**
 * The offline provider: no model, no network. It answers with the best-matching passages of
 * the enabled AI contexts, quoted with their source, or has no answer (then the fallback
 * speaks). It does not write, summarize or combine anything: it only finds and quotes.
 */
export function extractiveProvider(): AiProvider {
  return {
    async *stream(request): AsyncGenerator<AiStreamPart> {
      const question = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      const passages = bestPassages(request.contexts, question);
      if (passages.length === 0) {
        yield { type: 'no_answer' };
        return;
      }
      yield { type: 'text', text: extractiveAnswer(passages) };
      yield { type: 'finish', usage: { inputTokens: null, outputTokens: null }, contexts: [...new Set(passages.map((p) => p.contextId))] };
    },
  };
}
