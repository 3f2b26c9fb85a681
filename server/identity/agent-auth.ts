import { randomBytes } from 'node:crypto';
import type { AgentBody } from '../definitions/people-definition.js';
import { AppError } from '../lib/errors.js';
import type { Store } from '../store/index.js';
import { hashToken } from './secrets.js';

/** Who is asking in the console: an agent of one bot, as proven by their own token. */
export interface AgentPrincipal {
  agentId: string;
  botId: string;
}

export interface Agent extends AgentBody {
  id: string;
  botId: string;
}

/** Who an agent's files belong to in the uploads table (visitors' files carry their visitor id). */
export const agentUploadOwner = (agentId: string) => `agent:${agentId}`;

/** A new console credential for an agent: returned once, only its hash is kept. */
export async function issueAgentToken(store: Store, agent: { id: string; botId: string }, now: string): Promise<string> {
  const token = `cfa_${randomBytes(24).toString('base64url')}`;
  await store.agentTokens.add({ tokenHash: hashToken(token), agentId: agent.id, botId: agent.botId, now });
  return token;
}

/** An agent of a bot as the desk works with it; undefined when the bot has no such agent. */
export async function findAgent(store: Store, botId: string, agentId: string): Promise<Agent | undefined> {
  const doc = await store.agents.get(botId, agentId);
  return doc && { id: doc.id, botId, ...doc.body };
}

/** A console token → the agent; an unknown, revoked or malformed token is refused. */
export async function authenticateAgent(store: Store, token: string): Promise<Agent> {
  if (!/^cfa_[\w-]{20,100}$/.test(token)) throw new AppError('invalid_token', 'the agent token is not valid');
  const found = await store.agentTokens.find(hashToken(token));
  const agent = found && (await findAgent(store, found.botId, found.agentId));
  if (!agent) throw new AppError('invalid_token', 'the agent token is not valid (revoked, or never issued)');
  return agent;
}
