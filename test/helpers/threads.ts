import type { ThreadMessage } from '../../server/threads/thread-views.js';
import { DEMO_TOKEN } from './server.js';

/** The thread API (002) and the bot's settings, as the demo bot's admin. */
async function admin(server: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${server}${path}`, {
    method,
    headers: { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** PUT /api/chatbot/settings with some of the bot's settings. */
export async function putSettings(server: string, settings: Record<string, unknown>): Promise<void> {
  await admin(server, 'PUT', '/api/chatbot/settings', settings);
}

/** What the tests read of a thread (GET …/threads/{id}). */
export interface ThreadSummary {
  /** System messages included. */
  messages: ThreadMessage[];
  /** The newest sequence number the visitor has seen (conversation:read). */
  readCount: number;
}

export async function threadOf(server: string, conversationId: string, botKey = 'demo'): Promise<ThreadSummary> {
  const json = (await admin(server, 'GET', `/api/v1/chatbots/${botKey}/threads/${conversationId}`)) as { data: { thread: ThreadSummary } };
  return json.data.thread;
}

export async function threadMessages(server: string, conversationId: string, botKey = 'demo'): Promise<ThreadMessage[]> {
  return (await threadOf(server, conversationId, botKey)).messages;
}

/** A message into the thread: an agent's, or the user's (the bot answers those in AI mode). */
export async function postToThread(server: string, conversationId: string, message: string, type: 'USER' | 'AGENT', botKey = 'demo'): Promise<ThreadMessage> {
  const json = (await admin(server, 'POST', `/api/v1/chatbots/${botKey}/threads/${conversationId}/messages`, { message, type })) as {
    data: { message: ThreadMessage };
  };
  return json.data.message;
}
