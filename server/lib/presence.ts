/**
 * Whether people can take a conversation now: the port that agent presence implements (in
 * memory on one node, in Redis across several). The behaviour modes of 003 (backup) and
 * forwards with on_failure "feedback" ask it.
 */
export interface Presence {
  /** Whether an agent could take a conversation of this bot now. */
  agentsAvailable(botId: string): Promise<boolean>;
}

/** No agent presence yet: nobody is ever available. */
export const NO_AGENTS: Presence = { agentsAvailable: async () => false };
