import { z } from 'zod';
import type { AiContextBody } from './ai-context-definition.js';
import type { BotSettings } from './bot-definition.js';
import type { FlowBody } from './flow-definition.js';

/**
 * Where a bot's configuration holds credentials: the one list that both encryption at rest
 * (the store seals each of them) and the API's masking walk. A new secret field is added here.
 *
 * Each value is reached through a path (`webhook_headers.X-Token`,
 * `steps.lookup.headers.Authorization`) that stays the same across a GET and the PUT sent
 * back, so a masked value can be matched with the stored one.
 */
type Visit = (path: string, value: string) => string;
/** Calls `visit` for each secret of a document and returns the document with what it returned. */
export type SecretMap<T> = (doc: T, visit: Visit) => T;

/** Settings that are whole secrets (write-only in the API). */
export const SECRET_SETTINGS = ['ai_api_key', 'api_security_token', 'message_webhook_token'] as const;

function mapHeaders(headers: Readonly<Record<string, string>>, prefix: string, visit: Visit): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, visit(`${prefix}.${name}`, value)]));
}

export function mapSettingsSecrets(settings: BotSettings, visit: Visit): BotSettings {
  const next: BotSettings = { ...settings, webhook_headers: mapHeaders(settings.webhook_headers ?? {}, 'webhook_headers', visit) };
  for (const field of SECRET_SETTINGS) {
    const value = settings[field];
    if (typeof value === 'string') next[field] = visit(field, value);
  }
  return next;
}

/** The headers of api_fetch steps (API tokens), by step name. */
export function mapFlowSecrets(flow: FlowBody, visit: Visit): FlowBody {
  return {
    ...flow,
    steps: flow.steps.map((step) =>
      step.api_config?.headers
        ? { ...step, api_config: { ...step.api_config, headers: mapHeaders(step.api_config.headers, `steps.${step.step_name}.headers`, visit) } }
        : step,
    ),
  };
}

/** The headers of an `api` AI context. */
export function mapAiContextSecrets(context: AiContextBody, visit: Visit): AiContextBody {
  return context.api_config?.headers
    ? { ...context, api_config: { ...context.api_config, headers: mapHeaders(context.api_config.headers, 'api_config.headers', visit) } }
    : context;
}

/** What the API shows instead of a stored header value. */
export const MASK = '********';

/** Headers that say how to talk, not who is talking: shown as they are (Content-Type decides how a body is encoded). */
const PLAIN_HEADERS = new Set(['content-type', 'accept']);

/** A document as the API returns it: every credential header value is the MASK. */
export function masked<T>(map: SecretMap<T>, doc: T): T {
  return map(doc, (path, value) => (PLAIN_HEADERS.has(path.slice(path.lastIndexOf('.') + 1).toLowerCase()) ? value : MASK));
}

/**
 * Fetch, edit, save: a MASK sent back keeps the value stored at the same path; a MASK with
 * nothing stored there is refused (it would store the mask as the secret).
 */
export function keepMaskedSecrets<T>(map: SecretMap<T>, next: T, stored: T | undefined): T {
  const kept = new Map<string, string>();
  if (stored) map(stored, (path, value) => (kept.set(path, value), value));
  return map(next, (path, value) => {
    if (value !== MASK) return value;
    const previous = kept.get(path);
    if (previous === undefined) {
      throw new z.ZodError([{ code: 'custom', path: path.split('.'), message: `"${MASK}" stands for a stored secret, and none is stored here: send the value itself`, input: value }]);
    }
    return previous;
  });
}
