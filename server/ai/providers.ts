import type { BotSettings } from '../definitions/bot-definition.js';
import type { OutboundClient } from '../lib/outbound/index.js';
import { extractiveProvider } from './extractive.js';
import type { AiProvider } from './provider.js';
import { sdkProvider } from './sdk-provider.js';

/** Where each provider name is reached when ai_base_url is not set. */
const DEFAULT_BASE_URLS: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
  ollama: 'http://localhost:11434/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta/openai',
  mistral: 'https://api.mistral.ai/v1',
};

export type ProviderChoice = { provider: AiProvider; name: string; model: string } | { error: string };

/** No answer streams longer than this, nor is larger (the idle timeout ends a stalled one sooner). */
const AI_MAX_ANSWER_MS = 10 * 60_000;
const AI_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** The provider a bot's settings name, or why there is none (then the fallback answers). */
export function providerFor(
  settings: Pick<BotSettings, 'ai_provider' | 'ai_base_url' | 'ai_api_key' | 'ai_model' | 'ai_timeout_ms' | 'outbound_allow'>,
  outbound: OutboundClient,
): ProviderChoice {
  const name = settings.ai_provider;
  if (!name) return { error: 'no ai_provider is set' };
  if (name === 'extractive') return { provider: extractiveProvider(), name, model: 'extractive' };
  if (!settings.ai_model) return { error: `ai_provider ${name} needs an ai_model` };
  const baseUrl = settings.ai_base_url ?? DEFAULT_BASE_URLS[name];
  if (!baseUrl) return { error: `ai_provider ${name} needs an ai_base_url` };
  const kind = name === 'anthropic' || name === 'openai' ? name : 'openai-compatible';
  return {
    provider: sdkProvider({
      kind,
      baseUrl,
      apiKey: settings.ai_api_key,
      idleTimeoutMs: settings.ai_timeout_ms,
      // An ai_base_url at a loopback, private or metadata address is refused unless allowed.
      fetch: outbound.fetchFor({ timeoutMs: AI_MAX_ANSWER_MS, maxBytes: AI_MAX_RESPONSE_BYTES, allow: settings.outbound_allow }),
    }),
    name: name === 'openai_compatible' ? 'openai-compatible' : name,
    model: settings.ai_model,
  };
}
