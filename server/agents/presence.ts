import type { AgentStatus, ChosenStatus } from '../../shared/agent-events.js';
import type { Agent } from '../identity/agent-auth.js';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { Cluster } from '../lib/cluster/index.js';
import type { AgentNeed, Presence } from '../lib/presence.js';
import type { Store, Transfer } from '../store/index.js';

export interface PresenceOptions {
  store: Store;
  clock: Clock;
  /** How long an agent with no console tab stays as they were (a reload must not flicker). */
  graceMs: number;
  /** Several nodes: each tells the others, in Redis with an expiry, whom it has online or away. */
  cluster?: Cluster;
}

/** How often a node renews its agents' entries; an entry lasts three of these (a killed node's agents then go). */
export const PRESENCE_HEARTBEAT_MS = 5_000;

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
 * Agent presence, in memory for this node's consoles (and, with several nodes, what the others
 * tell of theirs through the cluster, each entry expiring unless renewed): an agent is online while a console tab is connected
 * and they chose "Online", away by choice, and offline once no tab has been connected for the
 * grace period. Time comes from the clock; `sweep` (run by a timer, or by tests) turns agents
 * whose grace ran out offline and says who.
 */
export function createAgentPresence(options: PresenceOptions) {
  const { store, clock, cluster } = options;
  const agents = new Map<string, AgentTabs>();
  const node = randomUUID();
  /** What this node last told the others of each agent: `agentId|node|status`. */
  const told = new Map<string, { botId: string; member: string }>();
  const setOf = (botId: string) => `presence:${botId}`;

  /** Tells the other nodes this agent's status here, until it would lapse (renewed by the heartbeat). */
  async function tell(agentId: string): Promise<void> {
    if (!cluster?.shared) return;
    const a = agents.get(agentId);
    const before = told.get(agentId);
    const now = clock.now().getTime();
    const current = a ? status(agentId) : 'offline';
    const member = `${agentId}|${node}|${current}`;
    if (before && before.member !== member) await cluster.unmark(setOf(before.botId), before.member);
    if (!a || current === 'offline') return void told.delete(agentId);
    told.set(agentId, { botId: a.botId, member });
    await cluster.mark(setOf(a.botId), member, a.goneAt === null ? now + 3 * PRESENCE_HEARTBEAT_MS : a.goneAt + options.graceMs);
  }
  const telling = (agentId: string) => void tell(agentId).catch(() => undefined);
  if (cluster?.shared) setInterval(() => agents.forEach((_, id) => telling(id)), PRESENCE_HEARTBEAT_MS).unref();

  /** What the other nodes tell of the bot's agents: each one's status there (online before away, where they have tabs on several). */
  async function elsewhere(botId: string): Promise<Map<string, AgentStatus>> {
    const statuses = new Map<string, AgentStatus>();
    if (!cluster?.shared) return statuses;
    for (const member of await cluster.marked(setOf(botId), clock.now().getTime())) {
      const [id, from, s] = member.split('|') as [string, string, AgentStatus];
      if (from !== node && statuses.get(id) !== 'online') statuses.set(id, s);
    }
    return statuses;
  }

  /** Agents of the bot that another node has online. */
  async function onlineElsewhere(botId: string): Promise<string[]> {
    return [...(await elsewhere(botId))].filter(([, s]) => s === 'online').map(([id]) => id);
  }

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
    /** The agent's status on this node's consoles. */
    status,

    /**
     * Each of the bot's agents' status on every node (what a colleague's console shows):
     * online on any node is online, else away on any, else offline.
     */
    async statuses(botId: string): Promise<(agentId: string) => AgentStatus> {
      const there = await elsewhere(botId);
      return (agentId) => {
        const here = status(agentId);
        const other = there.get(agentId) ?? 'offline';
        if (here === 'online' || other === 'online') return 'online';
        return here === 'away' || other === 'away' ? 'away' : 'offline';
      };
    },

    /** A console tab connected; whether the agent's status changed (they were offline). */
    connect(agent: Pick<Agent, 'id' | 'botId'>, tabId: string): boolean {
      const before = status(agent.id);
      const a = agents.get(agent.id) ?? { botId: agent.botId, tabs: new Set<string>(), chosen: 'online' as ChosenStatus, goneAt: null };
      a.tabs.add(tabId);
      a.goneAt = null;
      agents.set(agent.id, a);
      telling(agent.id);
      return before !== status(agent.id);
    },

    /** A tab went away; the agent stays as they were for the grace period. */
    disconnect(agentId: string, tabId: string): void {
      const a = agents.get(agentId);
      if (!a) return;
      a.tabs.delete(tabId);
      if (a.tabs.size === 0) a.goneAt = clock.now().getTime();
      telling(agentId);
    },

    /** Online or away, by the agent's choice; whether it changed. */
    choose(agentId: string, chosen: ChosenStatus): boolean {
      const a = agents.get(agentId);
      if (!a || a.chosen === chosen) return false;
      a.chosen = chosen;
      telling(agentId);
      return true;
    },

    /** Forgets an agent (deleted, or every token revoked). */
    forget(agentId: string): void {
      agents.delete(agentId);
      telling(agentId);
    },

    /** Agents whose grace period ran out since the last sweep: now offline. */
    sweep(): Array<{ agentId: string; botId: string }> {
      const gone: Array<{ agentId: string; botId: string }> = [];
      for (const [agentId, a] of agents) {
        if (a.tabs.size === 0 && status(agentId) === 'offline') {
          agents.delete(agentId);
          telling(agentId);
          gone.push({ agentId, botId: a.botId });
        }
      }
      return gone;
    },

    loads,

    /** Online agents of the bot who fit the need (busy or not). */
    async online(botId: string, need?: AgentNeed): Promise<Agent[]> {
      const ids = new Set([...agents].filter(([id, a]) => a.botId === botId && status(id) === 'online').map(([id]) => id));
      for (const id of await onlineElsewhere(botId)) ids.add(id);
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
