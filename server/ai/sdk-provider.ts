import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, streamText, type LanguageModel } from 'ai';
import { AiFailure, type AiProvider, type AiStreamPart } from './provider.js';

export interface SdkProviderOptions {
  /** openai: the official adapter (it knows OpenAI's models: reasoning ones take other parameters). */
  kind: 'openai' | 'openai-compatible' | 'anthropic';
  baseUrl: string;
  apiKey: string | null;
  /** No first token, or no next token, within this: the answer fails as a timeout. */
  idleTimeoutMs: number;
  /** How the SDK reaches the provider: the outbound client's guarded fetch. */
  fetch: typeof fetch;
}

function languageModel(options: SdkProviderOptions, model: string): LanguageModel {
  const apiKey = options.apiKey ?? undefined;
  const { fetch } = options;
  if (options.kind === 'anthropic') return createAnthropic({ baseURL: options.baseUrl, fetch, ...(apiKey ? { apiKey } : { apiKey: '' }) })(model);
  // The chat completions API (not Responses): the one every OpenAI-compatible server also speaks.
  if (options.kind === 'openai') return createOpenAI({ baseURL: options.baseUrl, fetch, ...(apiKey ? { apiKey } : { apiKey: '' }) }).chat(model);
  // includeUsage asks for the usage chunk at the end of the stream (stream_options.include_usage).
  return createOpenAICompatible({ name: 'confab', baseURL: options.baseUrl, fetch, includeUsage: true, ...(apiKey ? { apiKey } : {}) }).chatModel(model);
}

/** An SDK or network error as Confab's failure kinds. */
export function classify(err: unknown): AiFailure {
  if (err instanceof AiFailure) return err;
  if (APICallError.isInstance(err)) {
    const status = err.statusCode ?? 0;
    if (status === 401 || status === 403) return new AiFailure('auth', `the provider refused the API key (HTTP ${status})`);
    if (status === 429) return new AiFailure('rate_limited', 'the provider is rate limiting (HTTP 429)');
    if (status >= 400 && status < 500) return new AiFailure('bad_request', `the provider refused the request (HTTP ${status})`);
    if (status >= 500) return new AiFailure('unavailable', `the provider failed (HTTP ${status})`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new AiFailure('unavailable', `the provider could not be reached: ${message.slice(0, 200)}`);
}

/**
 * OpenAI, Anthropic and any server speaking the OpenAI chat API (Ollama, vLLM, llama.cpp)
 * through the Vercel AI SDK: one stream format for all of them. No retries: a failed answer
 * gets the fallback at once rather than after the visitor waited for three attempts.
 */
export function sdkProvider(options: SdkProviderOptions): AiProvider {
  return {
    async *stream(request, signal): AsyncGenerator<AiStreamPart> {
      const watchdog = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => watchdog.abort(new AiFailure('timeout', `no answer from the provider within ${options.idleTimeoutMs} ms`)), options.idleTimeoutMs);
      };
      arm();
      const abortSignal = AbortSignal.any([signal, watchdog.signal]);
      let streamError: unknown;
      try {
        const result = streamText({
          model: languageModel(options, request.model),
          system: request.system,
          messages: request.messages,
          temperature: request.temperature,
          maxOutputTokens: request.maxTokens,
          maxRetries: 0,
          abortSignal,
          onError: ({ error }) => {
            streamError ??= error;
          },
        });
        let finished = false;
        for await (const part of result.fullStream) {
          if (part.type === 'text-delta') {
            arm();
            if (part.text) yield { type: 'text', text: part.text };
          } else if (part.type === 'error') {
            streamError ??= part.error;
            break;
          } else if (part.type === 'abort') {
            break;
          } else if (part.type === 'finish') {
            // A stream that stopped without saying why (no finish_reason, no message_stop) was cut.
            if (part.finishReason === 'other' || part.finishReason === 'error') streamError ??= new AiFailure('cut', 'the provider stream ended before the answer was complete');
            else {
              finished = true;
              yield { type: 'finish', usage: { inputTokens: part.totalUsage.inputTokens ?? null, outputTokens: part.totalUsage.outputTokens ?? null } };
            }
          }
        }
        if (signal.aborted) return;
        if (watchdog.signal.aborted) throw watchdog.signal.reason as AiFailure;
        if (streamError !== undefined) throw classify(streamError);
        if (!finished) throw new AiFailure('cut', 'the provider stream ended before the answer was complete');
      } catch (err) {
        if (signal.aborted) return;
        if (watchdog.signal.aborted) throw watchdog.signal.reason as AiFailure;
        throw classify(err);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
