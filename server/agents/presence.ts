import type { AgentStatus, ChosenStatus } from '../../shared/agent-events.js';
import type { Agent } from '../identity/agent-auth.js';
import type { Clock } from '../lib/clock.js';
import type { AgentNeed, Presence } from '../lib/presence.js';
import type { Store, Transfer } from '../store/index.js';

export interface PresenceOptions {
  store: Store;
  clock: Clock;
  /** How long an agent with no console tab stays as they were (a reload must not flicker). */
  graceMs: number;
}

interface AgentTabs {
  botId: string;
  tabs: Set<string>;
  chosen: ChosenStatus;
  /** When the last tab went away (null while one is connected). */
  goneAt: number | null;
}

/** How many of these active transfers each agent has. */
export function loadOf(active: readonly Pick<Transfer, 'agentId'>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of active) if (t.agentId) counts.set(t.agentId, (counts.get(t.agentId) ?? 0) + 1);
  return counts;
}

/** Whether an agent fits what a forward needs. */
export function fitsNeed(agent: Pick<Agent, 'teams' | 'skills'>, need: AgentNeed = {}): boolean {
  if (need.teamId && !agent.teams.includes(need.teamId)) return false;
  return (need.skills ?? []).every((skill) => agent.skills.includes(skill));
}

/**
 * Agent presence on one node, in memory: an agent is online while a console tab is connected
 * and they chose "Online", away by choice, and offline once no tab has been connected for the
 * grace period. Time comes from the clock; `sweep` (run by a timer, or by tests) turns agents
 * whose grace ran out offline and says who.
 */
export function createAgentPresence(options: PresenceOptions) {
  const { store, clock } = options;
  const agents = new Map<string, AgentTabs>();

  function status(agentId: string): AgentStatus {
    const a = agents.get(agentId);
    if (!a) return 'offline';
    if (a.goneAt !== null && clock.now().getTime() - a.goneAt >= options.graceMs) return 'offline';
    return a.chosen;
  }

  /** Open conversations assigned to each of the bot's agents. */
  async function loads(botId: string): Promise<Map<string, number>> {
    return loadOf(await store.transfers.activeOfBot(botId));
  }

  const presence = {
    status,

    /** A console tab connected; whether the agent's status changed (they were offline). */
    connect(agent: Pick<Agent, 'id' | 'botId'>, tabId: string): boolean {
      const before = status(agent.id);
      const a = agents.get(agent.id) ?? { botId: agent.botId, tabs: new Set<string>(), chosen: 'online' as ChosenStatus, goneAt: null };
      a.tabs.add(tabId);
      a.goneAt = null;
      agents.set(agent.id, a);
      return before !== status(agent.id);
    },

    /** A tab went away; the agent stays as they were for the grace period. */
    disconnect(agentId: string, tabId: string): void {
      const a = agents.get(agentId);
      if (!a) return;
      a.tabs.delete(tabId);
      if (a.tabs.size === 0) a.goneAt = clock.now().getTime();
    },

    /** Online or away, by the agent's choice; whether it changed. */
    choose(agentId: string, chosen: ChosenStatus): boolean {
      const a = agents.get(agentId);
      if (!a || a.chosen === chosen) return false;
      a.chosen = chosen;
      return true;
    },

    /** Forgets an agent (deleted, or every token revoked). */
    forget(agentId: string): void {
      agents.delete(agentId);
    },

    /** Agents whose grace period ran out since the last sweep: now offline. */
    sweep(): Array<{ agentId: string; botId: string }> {
      const gone: Array<{ agentId: string; botId: string }> = [];
      for (const [agentId, a] of agents) {
        if (a.tabs.size === 0 && status(agentId) === 'offline') {
          agents.delete(agentId);
          gone.push({ agentId, botId: a.botId });
        }
      }
      return gone;
    },

    loads,

    /** Online agents of the bot who fit the need (busy or not). */
    async online(botId: string, need?: AgentNeed): Promise<Agent[]> {
      const ids = new Set([...agents].filter(([id, a]) => a.botId === botId && status(id) === 'online').map(([id]) => id));
      if (ids.size === 0) return [];
      const docs = await store.agents.list(botId);
      return docs.filter((d) => ids.has(d.id) && fitsNeed(d.body, need)).map((d) => ({ id: d.id, botId, ...d.body }));
    },

    /** Online agents of the bot who fit the need and have a free chat slot. */
    async available(botId: string, need?: AgentNeed): Promise<Agent[]> {
      const online = await presence.online(botId, need);
      if (online.length === 0) return [];
      const load = await loads(botId);
      return online.filter((a) => (load.get(a.id) ?? 0) < a.max_chats);
    },

    async agentsAvailable(botId: string, need?: AgentNeed): Promise<boolean> {
      return (await presence.available(botId, need)).length > 0;
    },

    async agentsOnline(botId: string, need?: AgentNeed): Promise<boolean> {
      return (await presence.online(botId, need)).length > 0;
    },
  } satisfies Presence & Record<string, unknown>;
  return presence;
}

export type AgentPresence = ReturnType<typeof createAgentPresence>;
