import { sql } from 'kysely';
import { botStore } from './bots.js';
import { conversationStore } from './conversations.js';
import { openDatabase, type DatabaseOptions, type Dialect } from './database.js';
import { migrateToLatest } from './migrations.js';
import { postgresHotPath } from './postgres-hot-path.js';
import { sqliteHotPath } from './sqlite-hot-path.js';
import { visitorStore } from './visitors.js';
import { documentStore } from './documents.js';
import { transferStore } from './transfers.js';
import { noteStore } from './notes.js';
import { scheduledActionStore } from './scheduled-actions.js';
import { botTurnStore } from './bot-turns.js';
import { uploadStore } from './uploads.js';
import { systemEventStore } from './system-events.js';
import { aiAnswerStore } from './ai-answers.js';
import type { AiContextBody } from '../definitions/ai-context-definition.js';
import type { FlowBody } from '../definitions/flow-definition.js';
import type { AgentBody, CannedResponseBody, TeamBody } from '../definitions/people-definition.js';
import { agentTokenStore } from './agent-tokens.js';
import { apiKeyStore } from './api-keys.js';
import { ownerStore } from './owners.js';
import { mapAiContextSecrets, mapFlowSecrets } from '../definitions/secret-fields.js';
import { createSecretBox, encryptionKey } from '../lib/secret-box.js';
import { sealStoredSecrets } from './seal-secrets.js';

export type { Bot, BotStore } from './bots.js';
export type { Conversation, ConversationMeta, ConversationStore, DispatchResult, MessageDraft } from './conversations.js';
export type { Note } from './notes.js';
export type { ScheduledActions, ScheduledContext } from './scheduled-actions.js';
export type { PendingBotTurn } from './bot-turns.js';
export { botTurnKey, startTurnKey } from './bot-turns.js';
export type { Upload } from './uploads.js';
export type { SystemEvent, SystemEventKind } from './system-events.js';
export type { AiAnswerRecord } from './ai-answers.js';
export type { ProfileChange, Visitor, VisitorStore } from './visitors.js';
export { profileChange } from './visitors.js';
export type { DatabaseOptions, Dialect } from './database.js';
export type { DocumentStore, StoredDocument } from './documents.js';
export type { TeamFilter, Transfer, TransferStatus } from './transfers.js';
export type { Owner } from './owners.js';
export { API_KEY_SCOPES, type ApiKey, type ApiKeyScope } from './api-keys.js';

export interface Store {
  dialect: Dialect;
  bots: ReturnType<typeof botStore>;
  visitors: ReturnType<typeof visitorStore>;
  conversations: ReturnType<typeof conversationStore>;
  flows: ReturnType<typeof documentStore<FlowBody>>;
  aiContexts: ReturnType<typeof documentStore<AiContextBody>>;
  transfers: ReturnType<typeof transferStore>;
  notes: ReturnType<typeof noteStore>;
  scheduledActions: ReturnType<typeof scheduledActionStore>;
  botTurns: ReturnType<typeof botTurnStore>;
  uploads: ReturnType<typeof uploadStore>;
  systemEvents: ReturnType<typeof systemEventStore>;
  agents: ReturnType<typeof documentStore<AgentBody>>;
  agentTokens: ReturnType<typeof agentTokenStore>;
  teams: ReturnType<typeof documentStore<TeamBody>>;
  cannedResponses: ReturnType<typeof documentStore<CannedResponseBody>>;
  aiAnswers: ReturnType<typeof aiAnswerStore>;
  owners: ReturnType<typeof ownerStore>;
  apiKeys: ReturnType<typeof apiKeyStore>;
  /** A round trip to the database, for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date and returns the query layer. */
export async function createStore(options: DatabaseOptions): Promise<Store> {
  const box = createSecretBox(encryptionKey(options.dataDir, options.encryptionKey));
  const { db, dialect, sqlite, close } = openDatabase(options);
  try {
    await migrateToLatest(db, dialect);
    await sealStoredSecrets(db, box);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    dialect,
    bots: botStore(db, box),
    visitors: visitorStore(db),
    conversations: conversationStore(db, sqlite && sqliteHotPath(sqlite), dialect === 'postgres' ? postgresHotPath(db) : undefined),
    flows: documentStore<FlowBody>(db, 'flows', { map: mapFlowSecrets, box }),
    aiContexts: documentStore<AiContextBody>(db, 'ai_contexts', { map: mapAiContextSecrets, box }),
    transfers: transferStore(db, dialect),
    notes: noteStore(db),
    scheduledActions: scheduledActionStore(db),
    botTurns: botTurnStore(db),
    uploads: uploadStore(db),
    systemEvents: systemEventStore(db),
    agents: documentStore<AgentBody>(db, 'agents'),
    agentTokens: agentTokenStore(db),
    teams: documentStore<TeamBody>(db, 'teams'),
    cannedResponses: documentStore<CannedResponseBody>(db, 'canned_responses'),
    aiAnswers: aiAnswerStore(db),
    owners: ownerStore(db),
    apiKeys: apiKeyStore(db),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close,
  };
}
