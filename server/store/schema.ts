import type { Generated } from 'kysely';

/**
 * Tables as Kysely sees them. Types are the lowest common denominator of SQLite and
 * PostgreSQL: text, integer, booleans as 0/1, JSON as text, times as ISO-8601 text
 * (which sorts correctly as text).
 */
export interface Database {
  bots: BotRow;
  keyword_rules: KeywordRuleRow;
  visitors: VisitorRow;
  conversations: ConversationRow;
  messages: MessageRow;
}

export interface BotRow {
  id: string;
  key: string;
  name: string;
  /** sha256 hex of the admin token; the token itself is never stored. */
  admin_token_hash: string;
  /** JSON: the settings of seed 000 plus widget appearance. */
  settings: string;
  created_at: string;
}

export interface KeywordRuleRow {
  id: string;
  bot_id: string;
  name: string;
  /** JSON string[] */
  keywords: string;
  match_type: string;
  response_type: string;
  response: string;
  /** JSON [{id, title}] or null */
  buttons: string | null;
  priority: number;
  enabled: number;
  /** Creation order, the tie-breaker between rules of equal priority. */
  position: number;
  created_at: string;
}

export interface VisitorRow {
  id: string;
  bot_id: string;
  created_at: string;
}

export interface ConversationRow {
  id: string;
  bot_id: string;
  visitor_id: string;
  status: string;
  last_seq: number;
  /** JSON: the engine's session (flow position, variables). */
  session: string;
  created_at: string;
  updated_at: string;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  author: string;
  /** JSON: the 003 packet {name, payload}. */
  packet: string;
  client_id: string | null;
  reply_to: string | null;
  created_at: string;
}

export type { Generated };
