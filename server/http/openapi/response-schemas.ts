import { z } from 'zod';
import { settingsUpdateSchema } from '../../definitions/bot-definition.js';
import { SECRET_SETTINGS } from '../../definitions/secret-fields.js';

export type JsonSchema = Record<string, unknown>;

/** A zod schema in JSON Schema 2020-12, OpenAPI 3.1's dialect (the document names it once, not each schema). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return json;
}

/** A zod schema as the server answers with it: defaults are filled, so those fields are required, and an object has no fields but its own. */
export const answerSchema = (schema: z.ZodType) => jsonSchemaOf(schema, 'output');

const string = { type: 'string' };

/** Data the document does not describe field by field (a free-form JSON object). */
export const freeForm: JsonSchema = { type: 'object' };

/** An object schema with more fields, all of them always there (the fields a view adds). */
export function withFields(schema: JsonSchema, fields: Record<string, JsonSchema>): JsonSchema {
  const properties = { ...(schema.properties as Record<string, JsonSchema>), ...fields };
  return { ...schema, properties, required: [...new Set([...((schema.required as string[] | undefined) ?? []), ...Object.keys(fields)])] };
}

/** An object of these fields, all of them always there, and no other. */
export const fieldsOf = (fields: Record<string, JsonSchema>): JsonSchema => withFields({ type: 'object', additionalProperties: false }, fields);

/** A stored item as documentView shows it (collections.ts): its body and the read-only id and times. */
export const storedItem = (body: z.ZodType) => withFields(answerSchema(body), { id: string, created_at: string, updated_at: string });

/** An item of a settings list (links, prompts…): its body with the id the settings gave it. */
export const listItem = (body: z.ZodType) => withFields(answerSchema(body), { id: string });

/** 000's `{status: "success", data}`. */
export const chatbotEnvelope = (data: JsonSchema): JsonSchema => fieldsOf({ status: { const: 'success' }, data });

/** 001's `{ok: true, ...}`. */
export const apiChannelEnvelope = (fields: Record<string, JsonSchema>): JsonSchema => fieldsOf({ ok: { const: true }, ...fields });

/** 002's `{success: true, message, data}`. */
export const threadsEnvelope = (data: JsonSchema): JsonSchema => fieldsOf({ success: { const: true }, message: string, data });

/** GET /api/chatbot/<collection>: `{items: [...]}`. */
export const itemsOf = (item: JsonSchema): JsonSchema => fieldsOf({ items: { type: 'array', items: item } });

/** What a DELETE of an item answers. */
export const deleted = answerSchema(z.object({ id: z.string(), deleted: z.literal(true) }));

/** POST or PUT with `?dry_run`: the body is valid and nothing was stored. */
export const dryRunValid = answerSchema(z.object({ valid: z.literal(true) }));

/** The settings as GET /api/chatbot/settings shows them: every field, secrets only as *_set flags (settings.ts). */
export const settingsView: JsonSchema = (() => {
  const { properties, ...rest } = answerSchema(settingsUpdateSchema) as { properties: Record<string, JsonSchema> };
  const shown = Object.fromEntries(Object.entries(properties).filter(([name]) => !(SECRET_SETTINGS as readonly string[]).includes(name)));
  const flags = Object.fromEntries(SECRET_SETTINGS.map((name) => [`${name}_set`, { type: 'boolean' }]));
  return withFields({ ...rest, properties: {} }, { id: string, account_id: string, ...shown, ...flags });
})();

const zTime = z.string();
const packet = z.record(z.string(), z.unknown());

export const transferView = answerSchema(
  z.object({
    id: z.string(),
    contact_id: z.string(),
    contact_name: z.string().nullable(),
    phone_number: z.string().nullable(),
    conversation_id: z.string().nullable(),
    status: z.enum(['active', 'resumed']),
    source: z.string(),
    agent_id: z.string().nullable(),
    agent_name: z.string().nullable(),
    team_id: z.string().nullable(),
    team_name: z.string().nullable(),
    notes: z.string().nullable(),
    transferred_at: zTime,
    assigned_at: zTime.nullable(),
    resumed_at: zTime.nullable(),
  }),
);

export const transfersList = fieldsOf({
  transfers: { type: 'array', items: transferView },
  general_queue_count: { type: 'integer' },
  team_queue_counts: { type: 'object', additionalProperties: { type: 'integer' } },
});

export const sessionView = answerSchema(
  z.object({
    id: z.string(),
    contact_id: z.string(),
    current_flow_id: z.string().nullable(),
    current_step: z.string().nullable(),
    variables: z.record(z.string(), z.unknown()),
    handover: z.boolean(),
    started_at: zTime,
    last_activity: zTime,
    dispatches: z.array(z.record(z.string(), z.unknown())),
  }),
);

export const sessionsPage = fieldsOf({ items: { type: 'array', items: sessionView }, limit: { type: 'integer' }, offset: { type: 'integer' } });

export const noteView = answerSchema(
  z.object({ id: z.string(), about: z.enum(['contact', 'conversation']), session_id: z.string().nullable(), contact_id: z.string().nullable(), body: z.string(), author: z.string(), created_at: zTime }),
);

export const identitySecret = answerSchema(z.object({ secret: z.string(), required: z.boolean(), algorithm: z.literal('HMAC-SHA256') }));

const apiKey = z.object({ id: z.string(), name: z.string(), scopes: z.array(z.string()), prefix: z.string(), created_at: zTime, last_used_at: zTime.nullable() });
export const apiKeyView = answerSchema(apiKey);
export const apiKeyCreated = answerSchema(apiKey.extend({ key: z.string() }));

const owner = z.object({ id: z.string(), email: z.string(), name: z.string().nullable() });
const bot = z.object({ id: z.string(), key: z.string(), name: z.string(), created_at: zTime });
export const ownerView = answerSchema(owner);
export const ownerSession = answerSchema(z.object({ token: z.string(), owner }));
export const botView = answerSchema(bot);
export const botCreated = answerSchema(bot.extend({ admin_token: z.string() }));

export const uploadedFile = answerSchema(z.object({ link: z.string(), type: z.enum(['image', 'file']), name: z.string(), size: z.number().int() }));

/** 001's message (apiMessage in api-channel.ts). */
const apiMessage = z.object({ id: z.string(), seq: z.number().int(), from: z.enum(['VISITOR', 'AGENT', 'SYSTEM', 'BOT']), type: z.string(), text: z.string(), packet, created_at: zTime });

export const conversationStarted = apiChannelEnvelope({
  conversation: answerSchema(z.object({ id: z.string(), created_at: z.string(), assignee: z.object({ id: z.string(), to: z.string() }) })),
  contact: answerSchema(z.object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), visitor_key: z.string() })),
});

export const messageSent = apiChannelEnvelope({ message_id: string });

export const conversationMessages = apiChannelEnvelope({ status: { enum: ['open', 'ended'] }, messages: { type: 'array', items: answerSchema(apiMessage) }, next_after: { type: 'integer' } });

/** 002's message (thread-views.ts). */
const threadMessage = z.object({
  id: z.string(),
  type: z.enum(['NORMAL_MESSAGE', 'USER_MESSAGE', 'AGENT_MESSAGE', 'SYSTEM_MESSAGE']),
  message: z.string(),
  createdAt: zTime,
  escalated: z.boolean(),
  gptModel: z.string().nullable(),
  iconUrl: z.string().nullable(),
  quickPrompts: z.array(z.object({ id: z.string(), title: z.string(), description: z.string().nullable(), link: z.string().nullable() })),
  reaction: z.string().nullable(),
  sources: z.array(z.record(z.string(), z.unknown())),
  systemMessageType: z.string().nullable(),
  seq: z.number().int().nullable(),
  packet: packet.nullable(),
});

const chatUser = z.object({
  id: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  isVerified: z.boolean(),
  verified: z.boolean(),
  createdAt: zTime,
  updatedAt: zTime,
});

const threadFields = z.object({
  threadId: z.string(),
  mode: z.enum(['AI', 'AGENT']),
  startedAt: zTime,
  updatedAt: zTime,
  endedAt: zTime.nullable(),
  escalated: z.boolean(),
  readCount: z.number().int(),
  chatUserId: z.string().nullable(),
  chatbotId: z.string(),
  chatUser: chatUser.nullable(),
});

/** `{thread}`: a thread with its messages. */
export const threadData = answerSchema(z.object({ thread: threadFields.extend({ messages: z.array(threadMessage) }) }));

/** A page of threads: without their messages, with their last sequence number. */
export const threadsPage = answerSchema(
  z.object({ threads: z.array(threadFields.extend({ lastSeq: z.number().int() })), page: z.number().int(), limit: z.number().int(), total: z.number().int() }),
);

export const threadMessageData = answerSchema(z.object({ message: threadMessage }));

export const healthAnswer = answerSchema(z.object({ status: z.literal('ok'), store: z.enum(['sqlite', 'postgres']) }));

/** POST /api/chatbot/keywords/test (engine/message-test.ts): who would answer, and why. */
export const messageTest = (rule: JsonSchema): JsonSchema => ({
  oneOf: [
    answerSchema(z.object({ answered_by: z.literal('transfer_keyword'), keyword: z.string(), reason: z.string() })),
    answerSchema(z.object({ answered_by: z.literal('flow'), flow: z.object({ id: z.string(), name: z.string() }), keyword: z.string(), reason: z.string() })),
    withFields(answerSchema(z.object({ answered_by: z.literal('keyword_rule'), match_type: z.string(), keyword: z.string(), reason: z.string() })), { rule }),
    answerSchema(z.object({ answered_by: z.enum(['ai', 'fallback']), reason: z.string() })),
  ],
});

export const botIdentity = answerSchema(z.object({ id: z.string(), key: z.string(), name: z.string() }));

/** POST /api/chatbot/settings/webhook-test (try-out.ts): http_status null when the bot could not be reached. */
export const webhookTest = answerSchema(
  z.object({ ok: z.boolean(), url: z.string(), http_status: z.number().int().nullable(), latency_ms: z.number(), error: z.string().optional() }),
);

export const agentToken = answerSchema(z.object({ id: z.string(), token: z.string() }));
export const agentTokensRevoked = answerSchema(z.object({ id: z.string(), revoked: z.number().int() }));
export const adminToken = answerSchema(z.object({ admin_token: z.string() }));
export const apiSecurityToken = answerSchema(z.object({ api_security_token: z.string() }));
export const contactTokenRevoked = answerSchema(z.object({ contact_id: z.string(), token_revoked: z.literal(true) }));
export const apiKeyRevoked = answerSchema(z.object({ id: z.string(), revoked: z.literal(true) }));
export const signedOut = answerSchema(z.object({ signed_out: z.literal(true) }));
export const passwordChanged = answerSchema(z.object({ changed: z.literal(true), sessions_ended: z.number().int() }));

export const visitorIdentity = answerSchema(z.object({ visitorId: z.string(), token: z.string() }));
export const demoOrder = answerSchema(z.object({ id: z.string(), status: z.string(), item: z.string(), detail: z.string() }));

/** POST /api/chatbot/v1/events (bot-api.ts). */
export const botEventsApplied = chatbotEnvelope(
  answerSchema(z.object({ applied: z.number().int(), errors: z.array(z.object({ index: z.number().int(), event: z.string().nullable(), message: z.string() })) })),
);

/** Not JSON: text (an event stream, Prometheus, HTML) or a stored file. */
export const textBody: JsonSchema = { type: 'string' };
export const fileBody: JsonSchema = { type: 'string', contentMediaType: 'application/octet-stream' };
