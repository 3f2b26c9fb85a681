import { actionWords, visitorWords, type MessageRecord } from '../../shared/index.js';
import type { AiContextBody } from '../definitions/ai-context-definition.js';
import { containsPhrase } from '../engine/word-match.js';
import type { AiMessage, AiPassageSource } from './provider.js';

/** An AI context as stored: its id and its 000 body. */
export type AiContext = AiContextBody & { id: string };

/** Messages of history the model sees, the question included. */
export const HISTORY_MESSAGES = 10;
/** Tokens of context knowledge per answer (a token is taken as 4 characters). */
export const CONTEXT_TOKEN_BUDGET = 3_000;
/** The marker after which a model lists its follow-up questions. */
export const FOLLOW_UPS_MARKER = 'FOLLOW-UPS:';

const DEFAULT_SYSTEM_PROMPT = 'You are a helpful assistant on a website chat.';

/**
 * The contexts for an answer: enabled ones whose trigger_keywords appear in what the visitor
 * said lately (a context without keywords always applies), highest priority first, as many
 * as fit the token budget. `all`: every enabled context, without budget (the extractive
 * provider searches them itself); api contexts still only when triggered, so an answer does
 * not fetch every URL.
 */
export function selectContexts(contexts: readonly AiContext[], visitorText: string, options: { all?: boolean; budgetTokens?: number } = {}): AiContext[] {
  const triggered = (c: AiContext) => c.trigger_keywords.length === 0 || c.trigger_keywords.some((k) => containsPhrase(visitorText, k));
  const candidates = contexts
    .filter((c) => c.enabled && (triggered(c) || (options.all && c.context_type === 'static')))
    .sort((a, b) => b.priority - a.priority || Number(triggered(b)) - Number(triggered(a)));
  if (options.all) return candidates;
  let budget = (options.budgetTokens ?? CONTEXT_TOKEN_BUDGET) * 4;
  const chosen: AiContext[] = [];
  for (const c of candidates) {
    // api contexts are sized once fetched (fitToBudget); a static one that does not fit is left out.
    if (c.context_type === 'static') {
      if (c.content.length > budget) continue;
      budget -= c.content.length;
    }
    chosen.push(c);
  }
  return chosen;
}

/** Cuts fetched passages to the budget, in order: what does not fit is shortened or left out. */
export function fitToBudget(passages: readonly AiPassageSource[], budgetTokens = CONTEXT_TOKEN_BUDGET): AiPassageSource[] {
  let budget = budgetTokens * 4;
  const fitted: AiPassageSource[] = [];
  for (const p of passages) {
    if (budget <= 200) break;
    const content = p.content.length > budget ? `${p.content.slice(0, budget)}…` : p.content;
    budget -= content.length;
    fitted.push({ ...p, content });
  }
  return fitted;
}

export interface SystemPromptInput {
  systemPrompt: string;
  persona?: { name: string; system_prompt: string } | undefined;
  contexts: readonly AiPassageSource[];
  /** Ask for this many follow-up questions after the answer (0: none). */
  followUps: number;
}

/** The system prompt: the owner's prompt, the persona, the knowledge, and how to answer. */
export function systemPrompt(input: SystemPromptInput): string {
  const parts = [input.systemPrompt.trim() || DEFAULT_SYSTEM_PROMPT];
  if (input.persona) parts.push(`You speak as ${input.persona.name}.${input.persona.system_prompt.trim() ? ` ${input.persona.system_prompt.trim()}` : ''}`);
  parts.push('Answer briefly, in Markdown. When the knowledge below does not hold the answer, say that you do not know rather than guessing.');
  if (input.contexts.length > 0) {
    parts.push(`# Knowledge\n\n${input.contexts.map((c) => `## ${c.name}\n\n${c.content.trim()}`).join('\n\n')}`);
  }
  if (input.followUps > 0) {
    parts.push(
      `After the answer, write a line "${FOLLOW_UPS_MARKER}" and then up to ${input.followUps} short questions the visitor might ask next, one per line, each starting with "- ".`,
    );
  }
  return parts.join('\n\n');
}

/** Recent messages as chat history, oldest first, ending with the question. */
export function history(messages: readonly MessageRecord[], question: string): AiMessage[] {
  const turns: AiMessage[] = [];
  for (const m of messages) {
    const text = m.author === 'visitor' ? visitorWords(m.packet) : m.author === 'system' ? undefined : actionWords(m.packet);
    if (!text?.trim()) continue;
    const role = m.author === 'visitor' ? 'user' : 'assistant';
    const last = turns.at(-1);
    // Two bot messages in a row (a greeting and its buttons) are one turn.
    if (last?.role === role) last.content += `\n\n${text}`;
    else turns.push({ role, content: text });
  }
  const last = turns.at(-1);
  if (last?.role !== 'user' || !last.content.endsWith(question)) turns.push({ role: 'user', content: question });
  // Providers want the conversation to open with the user.
  while (turns[0]?.role === 'assistant') turns.shift();
  return turns.slice(-HISTORY_MESSAGES);
}

/**
 * Splits a model's text into the answer and its follow-up questions. While streaming, the
 * visible part stops where the marker begins (also a marker only partly written yet).
 */
export function splitFollowUps(text: string): { answer: string; followUps: string[] } {
  const at = text.indexOf(FOLLOW_UPS_MARKER);
  if (at < 0) {
    // Hold back a tail that may be the start of the marker.
    for (let n = Math.min(FOLLOW_UPS_MARKER.length - 1, text.length); n > 0; n--) {
      if (FOLLOW_UPS_MARKER.startsWith(text.slice(-n)) && /(^|\n)\s*$/.test(text.slice(0, -n))) return { answer: text.slice(0, -n).trimEnd(), followUps: [] };
    }
    return { answer: text, followUps: [] };
  }
  const followUps = text
    .slice(at + FOLLOW_UPS_MARKER.length)
    .split('\n')
    .map((line) => line.replace(/^\s*(?:[-*]|\d+[.)])\s*/, '').trim())
    .filter((line) => line.length > 0 && line.length <= 200);
  return { answer: text.slice(0, at).trimEnd(), followUps };
}
