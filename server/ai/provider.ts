/**
 * Confab's own interface to a language model: the engine and the conversation service never
 * see which SDK (or none) produces an answer. A provider streams text; it reports how it
 * ended (usage, or an AiFailure) and honours the abort signal.
 */

export interface AiMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** Knowledge for one answer: an AI context, after its API content was fetched. */
export interface AiPassageSource {
  id: string;
  name: string;
  content: string;
  /** Where it came from, for the answer's sources (an api context's URL), when there is one. */
  url?: string;
}

export interface AiRequest {
  model: string;
  temperature: number;
  maxTokens: number;
  /** system_prompt, persona and contexts, as the model reads them. */
  system: string;
  /** Recent history, oldest first; the last one is the visitor's question. */
  messages: AiMessage[];
  /** The contexts the prompt holds (the extractive provider searches these itself). */
  contexts: AiPassageSource[];
}

export interface AiUsage {
  inputTokens: number | null;
  outputTokens: number | null;
}

/** Why an answer did not come (whole): each is PROBLEMS_WITH_UPSTREAM_PROVIDER in the thread. */
export type AiFailureKind = 'timeout' | 'rate_limited' | 'auth' | 'unavailable' | 'cut' | 'bad_request';

export class AiFailure extends Error {
  constructor(
    readonly kind: AiFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'AiFailure';
  }
}

export type AiStreamPart =
  | { type: 'text'; text: string }
  /** The answer is complete. `contexts`: the ids of the contexts the answer used, when the provider knows (extractive). */
  | { type: 'finish'; usage: AiUsage; contexts?: string[] }
  /** The provider has nothing to say (extractive: no passage matched): the fallback answers. */
  | { type: 'no_answer' };

export interface AiProvider {
  /** Streams one answer. Throws AiFailure (mid-stream too); ends with finish or no_answer. */
  stream(request: AiRequest, signal: AbortSignal): AsyncIterable<AiStreamPart>;
}
