import { z } from 'zod';
import { MAX_CLIENT_ID_LENGTH, MEDIA_TYPES, REACTIONS } from '../../shared/index.js';

// Socket payloads are untrusted: every one is parsed here before it reaches a service.
// The text of a message is checked by the conversation core, the same on every channel.

const id = z.string().min(1).max(100);

export const visitorAuthSchema = z.object({
  botKey: z.string().min(1).max(64),
  token: z.string().min(1).max(200),
});

export const openConversationSchema = z
  .object({
    conversationId: id.optional(),
    after: z.number().int().min(0).optional(),
    fresh: z.boolean().optional(),
    proactive: z.boolean().optional(),
    registration: z
      .object({
        name: z.string().trim().min(1).max(200).optional(),
        email: z.email().max(254).optional(),
        phone: z.string().trim().min(3).max(40).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const messagePacket = z.object({
  name: z.literal('message'),
  payload: z.object({ body: z.string(), form: z.record(z.string().min(1).max(64), z.string().max(2_000)).optional() }).strict(),
});

const clickPacket = z.object({
  name: z.literal('click'),
  payload: z.object({ value: z.object({ id: z.string().min(1).max(100), label: z.string().min(1).max(200) }) }),
});

const mediaPacket = z.object({
  name: z.literal('media'),
  // The server fills type, name and size from the stored upload; only the link matters.
  payload: z.object({
    link: z.string().min(1).max(2_000),
    type: z.enum(MEDIA_TYPES).default('file'),
    name: z.string().max(200).default(''),
    size: z.number().int().min(0).default(0),
  }),
});

export const visitorEventSchema = z
  .object({
    conversationId: id,
    clientId: z.string().min(1).max(MAX_CLIENT_ID_LENGTH),
    packet: z.discriminatedUnion('name', [messagePacket, clickPacket, mediaPacket]),
    replyTo: id.optional(),
  })
  .strict();

export const visitorProfileSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(254).optional(),
    phone: z.string().trim().regex(/^\+?[\d\s().-]{5,30}$/, 'a phone number').optional(),
    external_id: z.string().trim().min(1).max(200).optional(),
    user_hash: z.string().trim().regex(/^[0-9a-fA-F]{64}$/, 'the hex HMAC-SHA256 of external_id (64 hex digits)').optional(),
  })
  .strict()
  .refine((p) => p.user_hash === undefined || p.external_id !== undefined, { path: ['user_hash'], message: 'proves an external_id: give it too' });

export const reactionSchema = z
  .object({ conversationId: id, messageId: id, reaction: z.enum(REACTIONS) })
  .strict();

export const personaSchema = z.object({ conversationId: id, personaId: id }).strict();

export const readSchema = z.object({ conversationId: id, seq: z.number().int().min(0) }).strict();

export const typingSchema = z.object({ conversationId: id, typing: z.boolean() }).strict();

export const answerStopSchema = z.object({ conversationId: id, draftId: id }).strict();
