import { z } from 'zod';

const name = z.string().trim().min(1).max(200);
const word = z.string().trim().min(1).max(100);

/** A person who answers handed-over conversations in the console. */
export const agentSchema = z
  .object({
    name,
    email: z.email().max(320).nullable().default(null),
    avatar: z.url({ protocol: /^https?$/ }).max(2_000).nullable().default(null),
    /** Team ids: the agent takes transfers of these teams' queues (and the general queue). */
    teams: z.array(word).max(50).default([]),
    /** What forward_skills asks for. */
    skills: z.array(word).max(50).default([]),
    /** Open conversations at once; forwards find the agent busy beyond it. */
    max_chats: z.number().int().min(1).max(100).default(5),
  })
  .strict();

export const teamSchema = z.object({ name }).strict();

/** A reply an agent inserts by typing "/" and its short code in the composer. */
export const cannedResponseSchema = z
  .object({
    short_code: z
      .string()
      .trim()
      .min(1)
      .max(50)
      .regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, "_" and "-" only (typed after "/")'),
    content: z.string().trim().min(1).max(5_000),
  })
  .strict();

export type AgentBody = z.output<typeof agentSchema>;
export type TeamBody = z.output<typeof teamSchema>;
export type CannedResponseBody = z.output<typeof cannedResponseSchema>;
