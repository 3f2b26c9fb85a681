import { z } from 'zod';
import { MAX_CLIENT_ID_LENGTH } from '../../shared/index.js';

// Socket payloads are untrusted: every one is parsed here before it reaches a service.
// Lengths of message bodies are checked by the gateway so each gets its own error code.

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
  })
  .strict();

const messagePacket = z.object({
  name: z.literal('message'),
  payload: z.object({ body: z.string() }).strict(),
});

const clickPacket = z.object({
  name: z.literal('click'),
  payload: z.object({ value: z.object({ id: z.string().min(1).max(100), label: z.string().min(1).max(200) }) }),
});

export const visitorEventSchema = z
  .object({
    conversationId: id,
    clientId: z.string().min(1).max(MAX_CLIENT_ID_LENGTH),
    packet: z.discriminatedUnion('name', [messagePacket, clickPacket]),
    replyTo: id.optional(),
  })
  .strict();

/** "packet.payload.body: expected string" — the first problem, naming its field. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid payload';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
