import type { BotMessage, ChoiceOption, UploadedFile, VisitorIdentity } from '../../shared/index.js';
import type { HttpResult } from '../transport/http.js';
import type { ChatConnection } from '../transport/chat-connection.js';
import type { ChatState } from './chat-state.js';
import { answersByMessage } from './choices.js';
import { checkMessageText } from './message-text.js';

export interface ChatActions {
  /** Sends typed text; empty or over-long text is refused (returns false). */
  sendText(text: string): boolean;
  /** Answers a choice message with one of its options, once. */
  choose(message: BotMessage, option: ChoiceOption): void;
  /** Uploads a file the visitor picked, pasted or dropped, then sends it as a media event. */
  sendFile(file: File): Promise<void>;
  /** The conversation ended: start another one. */
  startNewConversation(): void;
}

export interface UploadDeps {
  server: string;
  /** The locale tag sizes are written in. */
  locale: string;
  identity(): Promise<VisitorIdentity | null>;
  upload(token: string, file: File): Promise<HttpResult<UploadedFile>>;
}

/** What the visitor can do, turned into 003 visitor events. */
export function createChatActions(
  state: ChatState,
  connection: Pick<ChatConnection, 'send'> & Partial<Pick<ChatConnection, 'startNewConversation'>>,
  uploads?: UploadDeps,
): ChatActions {
  return {
    sendText(text) {
      const checked = checkMessageText(text);
      if ('error' in checked) return false;
      connection.send({ name: 'message', payload: { body: checked.body } });
      return true;
    },
    choose(message, option) {
      // A second click can arrive before the re-render disables the buttons.
      if (answersByMessage(state.messages.value, state.pending.value).has(message.id)) return;
      connection.send({ name: 'click', payload: { value: { id: option.id, label: option.label } } }, message.id);
    },
    async sendFile(file) {
      if (!uploads) return;
      const { sendFile } = await import('./send-file.js');
      await sendFile(state, (packet) => connection.send(packet), uploads, file);
    },
    startNewConversation() {
      connection.startNewConversation?.();
    },
  };
}
