import type { AgentBody } from '../definitions/people-definition.js';
import { hashToken } from '../identity/secrets.js';
import type { Store } from '../store/index.js';

const DEMO_AGENT: AgentBody = { name: 'Alex (demo agent)', email: null, avatar: null, teams: [], skills: [], max_chats: 10 };
const DEMO_CANNED = [
  { short_code: 'hello', content: 'Hi! I am Alex from the support team. How can I help?' },
  { short_code: 'order', content: 'Could you send me your **order number**? It starts with `#`, e.g. #1001.' },
  { short_code: 'thanks', content: 'Thanks for your patience! Is there anything else I can do for you?' },
];

/**
 * The demo's people: one agent whose console token is `token` (so `npm start` prints a token
 * that signs in at /console), a team and a few canned responses. Made once; a restart keeps
 * them and makes `token` the agent's credential again.
 */
export async function ensureDemoPeople(store: Store, botKey: string, token: string, now: Date): Promise<void> {
  const bot = await store.bots.findByKey(botKey);
  if (!bot) throw new Error(`no demo bot "${botKey}"`);
  const at = now.toISOString();
  const agent = (await store.agents.list(bot.id)).find((a) => a.body.name === DEMO_AGENT.name) ?? (await store.agents.create(bot.id, DEMO_AGENT, at));
  if (!(await store.agentTokens.find(hashToken(token)))) {
    await store.agentTokens.revokeAll(agent.id);
    await store.agentTokens.add({ tokenHash: hashToken(token), agentId: agent.id, botId: bot.id, now: at });
  }
  if ((await store.teams.list(bot.id)).length === 0) await store.teams.create(bot.id, { name: 'Support' }, at);
  const canned = await store.cannedResponses.list(bot.id);
  for (const c of DEMO_CANNED) if (!canned.some((x) => x.body.short_code === c.short_code)) await store.cannedResponses.create(bot.id, c, at);
}
