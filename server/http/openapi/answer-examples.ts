import { DEFAULT_SETTINGS, publicSettings } from '../../definitions/bot-definition.js';
import { parseFlow } from '../../definitions/flow-definition.js';
import * as seed from './seed-examples.js';

/**
 * The seeds' answers as Confab gives them: the seed's own fields and values, with the fields
 * Confab's views add (so each example is valid with its response schema; the test says so).
 */

const time = '2024-01-01T12:00:00Z';

/** A stored item as documentView shows a body: with its id and times. */
export const stored = <T extends object>(body: T) => ({ id: 'uuid', ...body, created_at: time, updated_at: time });

/** An item of a settings list as its routes show it: with the id the settings gave it. */
export const listed = <T extends object>(body: T) => ({ id: 'uuid', ...body });

/** Every setting: the seed's values over the defaults of a new bot, secrets only as *_set flags. */
export const settingsView = { ...publicSettings(DEFAULT_SETTINGS), ...seed.settingsView };

/** The seed's flow as the server stores it: defaults filled, steps in order. */
export const flowView = stored(parseFlow(seed.flowCreate));

export const aiContextView = { ...seed.aiContextView, follow_ups: [], created_at: time, updated_at: time };

export const transferView = { ...seed.transfersList.transfers[0]!, conversation_id: 'uuid', assigned_at: null, resumed_at: null };

export const transfersList = { ...seed.transfersList, transfers: [transferView] };

export const sessionView = { ...seed.sessionView, handover: false, dispatches: [] };

const { messages: _messages, ...threadFields } = seed.threadCreated.data.thread;
const thread = { ...threadFields, messages: [], endedAt: null as string | null, escalated: false, readCount: 0 };

export const threadCreated = { ...seed.threadCreated, data: { thread } };

/** A thread's answers but its creation: the same thread, another message. */
export const threadAnswer = (message: string, change: Partial<typeof thread> = {}) => ({ success: true, message, data: { thread: { ...thread, ...change } } });

export const threadsPage = {
  success: true,
  message: 'Fetched the chatbot threads successfully',
  data: { threads: [{ ...threadFields, endedAt: null, escalated: false, readCount: 0, lastSeq: 1 }], page: 1, limit: 20, total: 1 },
};

/** 001's messages: the seed's visitor "Hello" and the bot's answer. */
export const conversationMessages = {
  ok: true,
  status: 'open',
  messages: [
    { id: 'uuid', seq: 1, from: 'VISITOR', type: 'message', text: 'Hello', packet: { name: 'message', payload: { body: 'Hello' } }, created_at: '2025-02-10T20:21:03.913Z' },
    { id: 'uuid', seq: 2, from: 'BOT', type: 'message', text: 'Hello! How can I help you today?', packet: { name: 'message', payload: { body: 'Hello! How can I help you today?' } }, created_at: '2025-02-10T20:21:04.120Z' },
  ],
  next_after: 2,
};

const threadMessage = {
  id: 'uuid',
  type: 'USER_MESSAGE',
  message: 'What are your opening hours?',
  createdAt: '2024-05-07T06:27:00.000Z',
  escalated: false,
  gptModel: null,
  iconUrl: null,
  quickPrompts: [],
  reaction: null,
  sources: [],
  systemMessageType: null,
  seq: 2,
  packet: { name: 'message', payload: { body: 'What are your opening hours?' } },
};

export const messagePosted = { success: true, message: 'Posted the message successfully', data: { message: threadMessage } };

export const reactionSaved = {
  success: true,
  message: 'Saved the reaction successfully',
  data: { message: { ...threadMessage, type: 'NORMAL_MESSAGE', message: 'We are open Monday to Friday, 9 to 18.', reaction: 'POSITIVE', seq: 3, packet: { name: 'message', payload: { body: 'We are open Monday to Friday, 9 to 18.' } } } },
};
