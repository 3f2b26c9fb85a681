/**
 * Whether people can take a conversation now: the port that agent presence implements (in
 * memory on one node, in Redis across several). The behaviour modes of 003 (backup), forwards
 * with on_failure "feedback" and the widget's "nobody is online" ask it.
 */
export interface Presence {
  /** Whether an agent (of the team, with the skills, when given) could take a conversation of this bot now. */
  agentsAvailable(botId: string, need?: AgentNeed): Promise<boolean>;
  /** Whether an agent who fits is online at all (maybe busy): false tells the visitor to leave a message. */
  agentsOnline(botId: string, need?: AgentNeed): Promise<boolean>;
}

/** What a forward asks of the agent who takes it. */
export interface AgentNeed {
  /** forward_group: one of this team; null or absent: anyone. */
  teamId?: string | null;
  /** forward_skills: all of these. */
  skills?: readonly string[];
}

/** No agent presence (tests of the bot alone): nobody is ever available. */
export const NO_AGENTS: Presence = { agentsAvailable: async () => false, agentsOnline: async () => false };
