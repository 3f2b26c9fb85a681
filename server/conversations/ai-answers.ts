import { randomUUID } from 'node:crypto';
import { MAX_MESSAGE_LENGTH, type AiAnswerInfo, type AnswerDraft, type BotAction, type MessageSource } from '../../shared/index.js';
import { apiContextFetcher, type ApiContextFetcher } from '../ai/api-contexts.js';
import { fitToBudget, history, HISTORY_MESSAGES, selectContexts, splitFollowUps, systemPrompt, type AiContext } from '../ai/prompt.js';
import { AiFailure, type AiPassageSource, type AiUsage } from '../ai/provider.js';
import { providerFor as defaultProviderFor } from '../ai/providers.js';
import type { BotCache } from '../bots/bot-cache.js';
import type { AiAnswerRequest } from '../engine/types.js';
import type { Clock } from '../lib/clock.js';
import type { Metrics } from '../lib/metrics.js';
import type { OutboundClient } from '../lib/outbound/index.js';
import type { Conversation, Store } from '../store/index.js';
import type { ConversationPublisher } from './publisher.js';

export interface AiAnswersDeps {
  store: Store;
  botCache: BotCache;
  publisher: ConversationPublisher;
  clock: Clock;
  log: (message: string, err?: unknown) => void;
  /** How API contexts and AI providers are reached. */
  outbound: OutboundClient;
  providerFor?: typeof defaultProviderFor;
  metrics?: Metrics;
  fetcher?: ApiContextFetcher;
}

/** What the conversation service needs: perform a decision; the actions returned are the fallback to deliver (or none). */
export interface AiAnswerer {
  answer(conversationId: string, request: AiAnswerRequest): Promise<BotAction[]>;
}

interface Streaming {
  conversationId: string;
  draftId: string;
  text: string;
  controller: AbortController;
}

type Outcome =
  | { kind: 'answered'; text: string; usage: AiUsage; contexts?: string[]; followUps: string[] }
  | { kind: 'stopped'; text: string; followUps: string[] }
  | { kind: 'failed'; text: string; failure: AiFailure }
  | { kind: 'no_answer' };

const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())).toISOString();

/**
 * AI answers: the engine decides that AI answers, this performs it. Limits first, then the
 * prompt (system prompt, persona, triggered contexts within a budget, recent history), then
 * the provider's stream as drafts of one message, then the answer stored once, complete,
 * with its sources, model, usage and follow-ups. A failure before any text gives the
 * fallback; after some, the partial answer is stored marked as cut. Either way the thread
 * records PROBLEMS_WITH_UPSTREAM_PROVIDER and the conversation goes on.
 */
export function createAiAnswers(deps: AiAnswersDeps) {
  const { store, publisher, clock } = deps;
  const providerFor = deps.providerFor ?? defaultProviderFor;
  const fetcher = deps.fetcher ?? apiContextFetcher(clock, deps.outbound);
  const streaming = new Map<string, Streaming>();
  const now = () => clock.now().toISOString();

  async function limitReached(conversation: Conversation, settings: { ai_max_answers_per_visitor: number | null; ai_max_answers_per_day: number | null }) {
    const perVisitor = settings.ai_max_answers_per_visitor;
    if (perVisitor !== null && (await store.aiAnswers.countOfVisitor(conversation.visitorId)) >= perVisitor) return { limit: 'per_visitor', max: perVisitor };
    const perDay = settings.ai_max_answers_per_day;
    if (perDay !== null && (await store.aiAnswers.countOfBotSince(conversation.botId, startOfUtcDay(clock.now()))) >= perDay) return { limit: 'per_day', max: perDay };
    return undefined;
  }

  async function passagesOf(contexts: readonly AiContext[], allow: readonly string[]): Promise<AiPassageSource[]> {
    const loaded = await Promise.all(
      contexts.map(async (c): Promise<AiPassageSource | undefined> => {
        const content = await fetcher.content(c, allow);
        if (!content?.trim()) return undefined;
        const url = c.source_url ?? c.api_config?.url;
        return { id: c.id, name: c.name, content, ...(url ? { url } : {}) };
      }),
    );
    return loaded.filter((p): p is AiPassageSource => p !== undefined);
  }

  function draft(entry: Streaming, state: AnswerDraft['state']): void {
    publisher.draft?.({ conversationId: entry.conversationId, draftId: entry.draftId, text: entry.text, state });
  }

  async function answer(conversationId: string, request: AiAnswerRequest): Promise<BotAction[]> {
    const conversation = await store.conversations.find(conversationId);
    const bot = conversation && (await deps.botCache.bot(conversation.botId));
    if (!conversation || !bot) return request.fallback;
    const { settings } = bot;
    const problem = (detail: Record<string, unknown>) => store.systemEvents.add(conversationId, 'PROBLEMS_WITH_UPSTREAM_PROVIDER', detail, now());

    const limit = await limitReached(conversation, settings);
    if (limit) {
      await store.systemEvents.add(conversationId, 'EXCEEDED_USAGE_LIMITS', { ai: true, ...limit }, now());
      return request.fallback;
    }
    const choice = providerFor(settings, deps.outbound);
    if ('error' in choice) {
      await problem({ provider: settings.ai_provider, reason: choice.error });
      return request.fallback;
    }
    const extractive = choice.name === 'extractive';

    const recent = await store.conversations.messages(conversationId, { after: Math.max(0, conversation.lastSeq - HISTORY_MESSAGES), limit: HISTORY_MESSAGES });
    const turns = history(recent, request.question);
    const visitorText = turns.filter((t) => t.role === 'user').map((t) => t.content).join('\n');
    const contexts = (await store.aiContexts.list(bot.id)).map((d) => ({ id: d.id, ...d.body }));
    const selected = selectContexts(contexts, visitorText, { all: extractive });
    const passages = extractive ? await passagesOf(selected, settings.outbound_allow) : fitToBudget(await passagesOf(selected, settings.outbound_allow));
    const followUpCount = settings.ai_follow_ups_enabled ? settings.ai_follow_ups_count : 0;
    const askFollowUps = extractive ? 0 : followUpCount;
    const personaName = conversation.session.variables.persona;
    const persona = personaName ? settings.personas.find((p) => p.name === personaName) : undefined;

    const entry: Streaming = { conversationId, draftId: randomUUID(), text: '', controller: new AbortController() };
    streaming.set(entry.draftId, entry);
    publisher.typing(conversationId, new Date(clock.now().getTime() + settings.ai_timeout_ms).toISOString());
    let outcome: Outcome;
    let raw = '';
    try {
      outcome = { kind: 'failed', text: '', failure: new AiFailure('cut', 'the provider ended without an answer') };
      const stream = choice.provider.stream(
        {
          model: choice.model,
          temperature: settings.ai_temperature,
          maxTokens: settings.ai_max_tokens,
          // The owner's active prompt template (settings.prompts) stands in for system_prompt.
          system: systemPrompt({ systemPrompt: settings.prompts.find((p) => p.active)?.system_prompt ?? settings.system_prompt, persona, contexts: passages, followUps: askFollowUps }),
          messages: turns,
          contexts: passages,
        },
        entry.controller.signal,
      );
      try {
        for await (const part of stream) {
          if (part.type === 'no_answer') {
            outcome = { kind: 'no_answer' };
            break;
          }
          if (part.type === 'finish') {
            const split = askFollowUps ? splitFollowUps(raw) : { answer: raw, followUps: [] };
            outcome = { kind: 'answered', text: split.answer.slice(0, MAX_MESSAGE_LENGTH), usage: part.usage, followUps: split.followUps, ...(part.contexts ? { contexts: part.contexts } : {}) };
            break;
          }
          raw += part.text;
          const visible = (askFollowUps ? splitFollowUps(raw).answer : raw).slice(0, MAX_MESSAGE_LENGTH);
          if (visible !== entry.text) {
            if (!entry.text) publisher.typing(conversationId, null);
            entry.text = visible;
            draft(entry, 'streaming');
          }
        }
        if (entry.controller.signal.aborted) outcome = { kind: 'stopped', text: entry.text, followUps: [] };
      } catch (err) {
        const failure = err instanceof AiFailure ? err : new AiFailure('unavailable', err instanceof Error ? err.message : String(err));
        outcome = entry.controller.signal.aborted ? { kind: 'stopped', text: entry.text, followUps: [] } : { kind: 'failed', text: entry.text, failure };
      }
    } finally {
      publisher.typing(conversationId, null);
    }

    try {
      if (outcome.kind === 'failed') deps.metrics?.aiErrors.inc({ provider: choice.name, kind: outcome.failure.kind });
      if (outcome.kind === 'failed') await problem({ provider: choice.name, model: choice.model, kind: outcome.failure.kind, reason: outcome.failure.message, partial: outcome.text.length > 0 });
      if (outcome.kind === 'no_answer' || !outcome.text.trim()) {
        draft(entry, 'ended');
        return outcome.kind === 'stopped' ? [] : request.fallback;
      }
      const finish: AiAnswerInfo['finish'] = outcome.kind === 'answered' ? 'complete' : outcome.kind === 'stopped' ? 'stopped' : 'cut';
      const usage = outcome.kind === 'answered' ? outcome.usage : { inputTokens: null, outputTokens: null };
      if (usage.inputTokens) deps.metrics?.aiTokens.inc({ provider: choice.name, type: 'input' }, usage.inputTokens);
      if (usage.outputTokens) deps.metrics?.aiTokens.inc({ provider: choice.name, type: 'output' }, usage.outputTokens);
      const usedIds = outcome.kind === 'answered' && outcome.contexts ? new Set(outcome.contexts) : new Set(passages.map((p) => p.id));
      const used = passages.filter((p) => usedIds.has(p.id));
      const sources: MessageSource[] = used.map((p) => ({ title: p.name, url: p.url ?? '' }));
      let followUps: string[] = [];
      if (followUpCount > 0 && finish === 'complete') {
        const configured = contexts.filter((c) => usedIds.has(c.id)).flatMap((c) => c.follow_ups ?? []);
        followUps = [...new Set([...(outcome.kind === 'answered' ? outcome.followUps : []), ...configured])].slice(0, followUpCount);
      }
      const ai: AiAnswerInfo = { model: choice.model, provider: choice.name, usage, finish, draftId: entry.draftId };
      const packet: BotAction = {
        name: 'message',
        payload: { body: outcome.text, text_format: 'markdown_v1', sources, ...(followUps.length ? { follow_ups: followUps } : {}), ai },
      };
      const [message] = await store.conversations.append(conversationId, [{ author: 'bot', packet }], now());
      publisher.message(conversationId, message!);
      await store.aiAnswers.add({
        botId: bot.id,
        conversationId,
        visitorId: conversation.visitorId,
        provider: choice.name,
        model: choice.model,
        finish,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        createdAt: now(),
      });
      draft(entry, 'ended');
      return [];
    } finally {
      // After the message is stored: a snapshot taken meanwhile holds the draft or the message, never neither.
      streaming.delete(entry.draftId);
    }
  }

  return {
    answer,

    /** The answers streaming in a conversation now, for a snapshot (reload mid-answer). */
    drafts(conversationId: string): AnswerDraft[] {
      return [...streaming.values()]
        .filter((s) => s.conversationId === conversationId)
        .map((s) => ({ conversationId, draftId: s.draftId, text: s.text, state: 'streaming' as const }));
    },

    /** The visitor stops an answer: the provider request is aborted, the text so far is stored. */
    stop(conversationId: string, draftId: string): boolean {
      const entry = streaming.get(draftId);
      if (!entry || entry.conversationId !== conversationId) return false;
      entry.controller.abort();
      return true;
    },
  };
}

export type AiAnswers = ReturnType<typeof createAiAnswers>;
