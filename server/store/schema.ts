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
  flows: DocumentRow;
  ai_contexts: DocumentRow;
  transfers: TransferRow;
  notes: NoteRow;
  scheduled_actions: ScheduledActionRow;
  bot_turns: BotTurnRow;
  uploads: UploadRow;
  upload_contents: UploadContentRow;
  system_events: SystemEventRow;
  agents: DocumentRow;
  teams: DocumentRow;
  canned_responses: DocumentRow;
  agent_tokens: AgentTokenRow;
  ai_answers: AiAnswerRow;
  owners: OwnerRow;
  owner_sessions: OwnerSessionRow;
  api_keys: ApiKeyRow;
}

/** A site owner's account: signs in to the console with email and password, owns bots. */
export interface OwnerRow {
  id: string;
  /** Lower-cased. */
  email: string;
  name: string;
  /** `scrypt$N$r$p$salt$hash` (base64url), never the password. */
  password_hash: string;
  created_at: string;
}

/** An owner's console session: only the token's sha256 is stored; signing out deletes the row. */
export interface OwnerSessionRow {
  token_hash: string;
  owner_id: string;
  created_at: string;
  expires_at: string;
}

/** A bot's API key with its scopes: only the key's sha256 is stored, with a short prefix to recognise it by. */
export interface ApiKeyRow {
  id: string;
  bot_id: string;
  name: string;
  /** JSON array of scope names. */
  scopes: string;
  prefix: string;
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** An agent's console credential: only its sha256 is stored; deleting the row revokes it. */
export interface AgentTokenRow {
  token_hash: string;
  agent_id: string;
  bot_id: string;
  created_at: string;
}

/** One AI answer given (or attempted with a partial text), for the per-visitor and per-day limits and usage. */
export interface AiAnswerRow {
  id: string;
  bot_id: string;
  conversation_id: string;
  visitor_id: string;
  provider: string;
  model: string;
  finish: string;
  input_tokens: number | null;
  output_tokens: number | null;
  created_at: string;
}

/** Things that happened in a conversation, shown in the thread view (002's system messages). */
export interface SystemEventRow {
  id: string;
  conversation_id: string;
  kind: string;
  /** JSON */
  detail: string;
  created_at: string;
}

/** A file a visitor uploaded, kept under DATA_DIR/uploads/<file>. */
/** An uploaded file's bytes, base64, kept in the database with several nodes. */
export interface UploadContentRow {
  file: string;
  content: string;
}

export interface UploadRow {
  id: string;
  bot_id: string;
  visitor_id: string;
  /** The stored file name: a random id and the extension of the sniffed type. */
  file: string;
  /** The name the visitor's file had. */
  name: string;
  mime: string;
  size: number;
  created_at: string;
}

export interface NoteRow {
  id: string;
  conversation_id: string;
  /** Set for a note about the contact (note_create with contact_identity_id), else null. */
  contact_id: string | null;
  body: string;
  author: string;
  created_at: string;
}

/** Bot actions held back by a delay, delivered when due (also after a restart). */
/** A bot turn owed for a stored visitor event: stored with the event, deleted once the turn is done. */
export interface BotTurnRow {
  id: string;
  conversation_id: string;
  /** JSON: the event the bot hears. */
  input: string;
  created_at: string;
}

export interface ScheduledActionRow {
  id: string;
  conversation_id: string;
  due_at: string;
  /** JSON: the actions still to apply, in order. */
  actions: string;
  /** JSON: how to apply them (author, transfer notes). */
  context: string;
  created_at: string;
}

/** A configuration document (a flow, an AI context): read whole, never queried by field. */
export interface DocumentRow {
  id: string;
  bot_id: string;
  position: number;
  /** JSON */
  body: string;
  created_at: string;
  updated_at: string;
}

export interface TransferRow {
  id: string;
  bot_id: string;
  conversation_id: string;
  /** The visitor (contact) handed over. */
  contact_id: string;
  status: string;
  source: string;
  agent_id: string | null;
  agent_name: string | null;
  /** null: the general queue. */
  team_id: string | null;
  notes: string;
  transferred_at: string;
  assigned_at: string | null;
  resumed_at: string | null;
  /** When the assigned agent first answered. */
  answered_at: string | null;
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
  /** The secret sites sign their users' ids with (identity verification); made on first use. */
  identity_secret: string | null;
  /** The owner's account; null for a bot nobody adopted yet (loaded from a file, or from before owners). */
  owner_id: string | null;
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
  name: string | null;
  email: string | null;
  phone: string | null;
  external_id: string | null;
  /** JSON object */
  custom_fields: string | null;
  /** null: never asked; 0/1: the contact's campaign subscription. */
  campaigns: number | null;
  updated_at: string | null;
  /** When the visitor's token was last accepted (renewed at most once a minute); its expiry counts from here. */
  token_used_at: string | null;
  /** Set: the owner revoked the visitor's token; it never works again. */
  token_revoked_at: string | null;
  /** 1: the contact's external id is proven (the site's user_hash, or given by the owner's server over 001). */
  verified: number;
  /** 1: the email was given by the owner's server (001, 002): a lookup key for threads by email. */
  email_trusted: number;
  /** Set once this visitor was proven to be that (older) contact: it acts as that contact. */
  merged_into: string | null;
}

export interface ConversationRow {
  id: string;
  bot_id: string;
  visitor_id: string;
  status: string;
  last_seq: number;
  /** JSON: the engine's session (flow position, variables). */
  session: string;
  /** JSON: subject, topics, locale, custom_fields, the bot's context, dispatches, failures. */
  meta: string;
  /** 1 while a bot serves the conversation (open, not handed over): chat slots count these. */
  bot_active: number;
  /** Where it started: web (the widget) or api (the API channel and thread API). */
  channel: string;
  /** The visitor has seen the messages up to this sequence number. */
  read_seq: number;
  /** An agent has read the visitor's messages up to this sequence number. */
  agent_read_seq: number;
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
  reaction: string | null;
  /** JSON {sender?, notice?} or null. */
  meta: string | null;
}

export type { Generated };
