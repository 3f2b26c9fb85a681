import { z } from 'zod';
import { MAX_MESSAGE_LENGTH, MAX_TEMPLATE_OPTIONS, MEDIA_TYPES, type BotAction, type BotActionName, type BotActionPayloads } from '../../shared/index.js';
import type { OutboundClient } from '../lib/outbound/index.js';
import { describeIssue } from '../lib/validation.js';
import type { Bot, Conversation, Store } from '../store/index.js';
import { checkMediaReachable } from './media-check.js';

/**
 * The triggerable events of the bot protocol (seed 003) as zod schemas, with the payload
 * fields of DESIGN.md where 003 shows none. One definition checks webhook responses and
 * calls to the bot API URL alike. Each schema is typed against the shared payload type, so a
 * drift between the two is a compile error.
 */

const text = (max: number) => z.string().min(1).max(max);
const httpUrl = z.url({ protocol: /^https?$/ }).max(2_000);
/** 003 bubbles: 13 options, the most quick replies a messaging channel shows in one row. */
const MAX_BUBBLES = 13;
const option = z.object({ id: text(100), label: text(200) });
const forward = { on_failure: z.literal('feedback').optional() };

export const actionPayloadSchemas = {
  message: z.object({
    body: text(MAX_MESSAGE_LENGTH),
    text_format: z.enum(['markdown_v1', 'plain']).optional(),
    // Confab's addition: where the answer came from, shown under it.
    sources: z.array(z.object({ title: text(200), url: httpUrl })).max(10).optional(),
  }),
  bubbles: z.object({ body: text(MAX_MESSAGE_LENGTH), fallback: text(MAX_MESSAGE_LENGTH), options: z.array(option).min(1).max(MAX_BUBBLES) }),
  carousel: z.object({
    body: z.string().max(MAX_MESSAGE_LENGTH).optional(),
    fallback: text(MAX_MESSAGE_LENGTH),
    options: z.array(option.extend({ image_url: httpUrl, description: z.string().max(500).optional() })).min(1).max(10),
  }),
  button_template: z.object({
    header: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('text'), text: text(60) }),
        z.object({ type: z.enum(['image', 'video', 'document']), link: httpUrl }),
      ])
      .optional(),
    body: text(1_024),
    footer: z.string().max(60).optional(),
    fallback: text(MAX_MESSAGE_LENGTH),
    options: z.array(option).min(1).max(MAX_TEMPLATE_OPTIONS),
  }),
  list_template: z.object({
    header: z.string().max(60).optional(),
    body: text(1_024),
    footer: z.string().max(60).optional(),
    button: text(20),
    fallback: text(MAX_MESSAGE_LENGTH),
    options: z.array(option.extend({ description: z.string().max(72).optional() })).min(1).max(10),
  }),
  buttons: z.object({ body: z.string().max(MAX_MESSAGE_LENGTH).optional(), buttons: z.array(z.object({ label: text(200), url: httpUrl })).min(1).max(10) }),
  button: z.object({ label: text(200), url: httpUrl }),
  media: z.object({ link: httpUrl, type: z.enum(MEDIA_TYPES).optional(), name: z.string().max(200).optional() }),
  // A path ("/pricing") goes to that page of the site the visitor is on.
  navigate: z.object({ url: z.union([httpUrl, z.string().regex(/^\/(?!\/)\S{0,1999}$/, 'an http(s) URL or a path starting with /')]) }),
  contact_update: z
    .object({
      name: z.string().max(200).optional(),
      email: z.email().max(254).optional(),
      mobile_number: z.string().max(40).optional(),
      external_customer_id: z.string().max(200).optional(),
      custom_fields: z.record(z.string(), z.unknown()).optional(),
      campaigns: z.boolean().optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'give at least one of name, email, mobile_number, external_customer_id, custom_fields, campaigns'),
  conversation_update: z
    .object({
      subject: z.string().max(500).optional(),
      topics: z.array(z.string().max(100)).max(50).optional(),
      locale: z.string().max(20).optional(),
      custom_fields: z.record(z.string(), z.unknown()).optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'give at least one of subject, topics, locale, custom_fields'),
  note_create: z.object({ body: text(10_000), contact_identity_id: z.string().max(200).optional() }),
  abort: z.object({}),
  end: z.object({}),
  forward_group: z.object({ group_id: text(100), ...forward }),
  forward_skills: z.object({ skills: z.array(text(100)).min(1).max(20), ...forward }),
  forward_any: z.object(forward),
  delay: z.object({ duration: z.number().int().min(0).max(60_000), typing: z.boolean().optional() }),
  addon_dispatch: z.object({ addon: text(100) }),
  email_dispatch: z.object({ recipient: z.enum(['operator', 'contact']) }),
} satisfies { [N in BotActionName]: z.ZodType<BotActionPayloads[N]> };

/** The context object a bot keeps state in: any JSON object up to 10 KB (003). */
export const MAX_CONTEXT_BYTES = 10 * 1024;

export interface BotActionEnvelope {
  /** Position in the list the bot sent. */
  index: number;
  cid: string;
  /** Present (and non-empty) when the bot replaces its context. */
  context?: Record<string, unknown>;
  action: BotAction;
}

export interface BotActionError {
  /** Position in the list the bot sent (0 for a single event). */
  index: number;
  /** The event's name as sent, when it had one. */
  event: string | null;
  message: string;
}

export const envelopeSchema = z.object({
  info: z.object({ cid: text(300), context: z.unknown().optional() }).loose(),
  packet: z.object({ name: z.string(), payload: z.unknown().optional() }),
});

/**
 * Reads what a bot sent: nothing, one event or a list. Each event is checked on its own;
 * the valid ones come back in order, each invalid one as an error naming the event and field.
 */
export function parseBotActions(body: unknown): { events: BotActionEnvelope[]; errors: BotActionError[] } {
  const list = body === undefined || body === null || body === '' ? [] : Array.isArray(body) ? body : [body];
  const events: BotActionEnvelope[] = [];
  const errors: BotActionError[] = [];
  list.forEach((raw, index) => {
    const envelope = envelopeSchema.safeParse(raw);
    const name = (raw as { packet?: { name?: unknown } } | null)?.packet?.name;
    const eventName = typeof name === 'string' ? name : null;
    if (!envelope.success) {
      errors.push({ index, event: eventName, message: describeIssue(envelope.error) });
      return;
    }
    const { info, packet } = envelope.data;
    // Own keys only: "__proto__", "constructor" or "toString" are unknown events, not Object's.
    const schema = Object.hasOwn(actionPayloadSchemas, packet.name) ? (actionPayloadSchemas as Record<string, z.ZodType>)[packet.name] : undefined;
    if (!schema) {
      errors.push({ index, event: packet.name, message: `packet.name: unknown event "${packet.name}"` });
      return;
    }
    const payload = schema.safeParse(packet.payload ?? {});
    if (!payload.success) {
      errors.push({ index, event: packet.name, message: describeIssue(payload.error, 'packet.payload') });
      return;
    }
    const context = info.context;
    if (context !== undefined && (context === null || typeof context !== 'object' || Array.isArray(context))) {
      errors.push({ index, event: packet.name, message: 'info.context: must be a JSON object' });
      return;
    }
    if (context !== undefined && Buffer.byteLength(JSON.stringify(context)) > MAX_CONTEXT_BYTES) {
      errors.push({ index, event: packet.name, message: `info.context: larger than ${MAX_CONTEXT_BYTES / 1024} KB` });
      return;
    }
    // The payload was parsed by the schema of this very name, which is typed against its shared
    // payload type (actionPayloadSchemas); TypeScript cannot follow the pairing of the two.
    const envelopeOut: BotActionEnvelope = { index, cid: info.cid, action: { name: packet.name, payload: payload.data } as BotAction };
    // 003: an empty context is ignored; a non-empty one replaces the stored one.
    if (context && Object.keys(context).length > 0) envelopeOut.context = context as Record<string, unknown>;
    events.push(envelopeOut);
  });
  return { events, errors };
}

/** cid of a conversation: chatbot::<bot key>:<conversation id>. */
export function cidOf(botKey: string, conversationId: string): string {
  return `chatbot::${botKey}:${conversationId}`;
}

export function parseCid(cid: string): { botKey: string; conversationId: string } | undefined {
  const m = /^chatbot::([a-zA-Z0-9_-]{1,64}):([\w-]{1,100})$/.exec(cid);
  return m ? { botKey: m[1]!, conversationId: m[2]! } : undefined;
}

/**
 * Checks and applies what a bot sent (a webhook response, or a call to the bot API URL):
 * the bot's context is kept, unreachable media and events of other conversations are
 * errors; valid actions come back in order.
 */
export async function acceptBotActions(
  deps: { store: Store; outbound: OutboundClient },
  bot: Bot,
  conversation: Conversation,
  body: unknown,
): Promise<{ actions: BotAction[]; errors: BotActionError[] }> {
  const { store, outbound } = deps;
  const { events, errors } = parseBotActions(body);
  const cid = cidOf(bot.key, conversation.id);
  const actions: BotAction[] = [];
  let context: Record<string, unknown> | undefined;
  for (const e of events) {
    if (e.cid !== cid) {
      errors.push({ index: e.index, event: e.action.name, message: `info.cid: "${e.cid}" is not this conversation (${cid})` });
      continue;
    }
    if (e.action.name === 'media') {
      const problem = await checkMediaReachable(outbound, e.action.payload.link, bot.settings.outbound_allow);
      if (problem) {
        errors.push({ index: e.index, event: 'media', message: `packet.payload.link: ${problem}` });
        continue;
      }
    }
    if (e.context) context = e.context;
    actions.push(e.action);
  }
  if (context) {
    const replaced = context;
    await store.conversations.updateMeta(conversation.id, (meta) => ({ ...meta, context: replaced }));
  }
  errors.sort((a, b) => a.index - b.index);
  return { actions, errors };
}
