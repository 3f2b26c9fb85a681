import { checkMessageText, type BotMessage, type ChoiceOption, type Reaction, type RegistrationValues } from '../../shared/index.js';
import type { ChatConnection } from '../transport/chat-connection.js';
import { updateMessage, type ChatState } from './chat-state.js';
import { answersByMessage } from '../rules/choices.js';
import type { UploadDeps } from './send-file.js';

export interface ChatActions {
  /** Sends typed text; empty or over-long text is refused (returns false). */
  sendText(text: string): boolean;
  /** Answers a choice message with one of its options, once. */
  choose(message: BotMessage, option: ChoiceOption): void;
  /** Uploads a file the visitor picked, pasted or dropped, then sends it as a media event; `clientId` retries a failed one. */
  sendFile(file: File, clientId?: string): Promise<void>;
  /** Sends a failed message again. */
  retry(clientId: string): void;
  /** The conversation ended: start another one. */
  startNewConversation(): void;
  /** Thumbs up or down on a bot or agent message; the pressed one again takes it back (NEUTRAL). */
  react(message: BotMessage, reaction: Exclude<Reaction, 'NEUTRAL'>): void;
  /** The visitor picks one of the bot's personas for the open conversation. */
  choosePersona(personaId: string): void;
  /** The visitor is writing: agents of a handed-over conversation see it (at most every few seconds). */
  typing(): void;
  /** Nobody is online: the visitor leaves their email for a reply. */
  leaveEmail(email: string): void;
  /** Stops an AI answer while it streams; what it said so far stays. */
  stopAnswer(draftId: string): void;
  /** An inline form (a whatsapp_flow step) answered at once: its values, in words and by field, replying to its message. */
  sendForm(message: BotMessage, values: Record<string, string>): void;
  /** The registration card was filled in: the conversation starts. */
  register(values: RegistrationValues): void;
}

/** How often "the visitor is typing" is said again while they type. */
const TYPING_EVERY_MS = 3_000;

/** What the visitor can do, turned into 003 visitor events. */
export function createChatActions(
  state: ChatState,
  connection: Pick<ChatConnection, 'send'> & Partial<Pick<ChatConnection, 'startNewConversation' | 'request' | 'identify' | 'retry' | 'register'>>,
  uploads?: UploadDeps,
): ChatActions {
  let typedAt = 0;
  return {
    sendText(text) {
      const checked = checkMessageText(text);
      if ('error' in checked) return false;
      connection.send({ name: 'message', payload: { body: checked.body } });
      typedAt = 0;
      return true;
    },
    typing() {
      const conversation = state.conversation.value;
      if (!conversation?.people || Date.now() - typedAt < TYPING_EVERY_MS) return;
      typedAt = Date.now();
      void connection.request?.('visitor:typing', { conversationId: conversation.id, typing: true });
    },
    sendForm(message, values) {
      if (answersByMessage(state.messages.value, state.pending.value).has(message.id)) return;
      const form = message.packet.name === 'message' ? message.packet.payload.form : undefined;
      if (!form) return;
      // The words are for every reader of the conversation (agents, transcripts); `form` for the bot.
      const body = form.fields.map((f) => `${f.label}: ${values[f.name]?.trim() || '—'}`).join('\n');
      connection.send({ name: 'message', payload: { body, form: values } }, message.id);
    },
    register(values) {
      connection.register?.(values);
    },
    leaveEmail(email) {
      connection.identify?.({ email });
    },
    choose(message, option) {
      // A second click can arrive before the re-render disables the buttons.
      if (answersByMessage(state.messages.value, state.pending.value).has(message.id)) return;
      connection.send({ name: 'click', payload: { value: { id: option.id, label: option.label } } }, message.id);
    },
    async sendFile(file, clientId) {
      if (!uploads) return;
      const { sendFile } = await import('./send-file.js');
      await sendFile(state, (packet) => connection.send(packet), uploads, file, clientId);
    },
    retry: (clientId) => connection.retry?.(clientId),
    startNewConversation() {
      connection.startNewConversation?.();
    },
    // Both show the choice at once and take it back when the server refuses it or cannot be reached.
    react(message, reaction) {
      const next: Reaction = message.reaction === reaction ? 'NEUTRAL' : reaction;
      updateMessage(state, { ...message, reaction: next });
      const request = { conversationId: message.conversationId, messageId: message.id, reaction: next };
      void connection.request?.('message:react', request).then((res) => updateMessage(state, res?.ok ? res.data.message : message));
    },
    choosePersona(personaId) {
      const conversationId = state.conversation.value?.id;
      if (!conversationId) return;
      const before = state.persona.value;
      state.persona.value = { conversationId, personaId };
      void connection.request?.('persona:select', { conversationId, personaId }).then((res) => {
        if (!res?.ok && state.persona.value?.personaId === personaId) state.persona.value = before;
      });
    },
    stopAnswer(draftId) {
      const conversationId = state.conversation.value?.id;
      if (conversationId) void connection.request?.('answer:stop', { conversationId, draftId });
    },
  };
}
