import type { BotMessage, ChoiceOption } from '../../shared/index.js';
import type { ChatState } from '../state/chat-state.js';
import { Composer } from './Composer.js';
import { ConnectionNotice } from './ConnectionNotice.js';
import { Header } from './Header.js';
import { LiveAnnouncer } from './LiveAnnouncer.js';
import { MessageList } from './MessageList.js';

export interface ChatPanelProps {
  state: ChatState;
  title: string;
  subtitle?: string;
  onClose(): void;
  onSend(text: string): void;
  onChoose(message: BotMessage, option: ChoiceOption): void;
}

export function ChatPanel({ state, title, subtitle, onClose, onSend, onChoose }: ChatPanelProps) {
  const open = state.open.value;
  return (
    <section
      class="panel"
      role="dialog"
      aria-label={title}
      hidden={!open}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <Header title={title} {...(subtitle ? { subtitle } : {})} onClose={onClose} />
      <ConnectionNotice status={state.connection.value} notice={state.notice.value} />
      <MessageList messages={state.messages.value} pending={state.pending.value} onChoose={onChoose} visible={open} />
      <Composer onSend={onSend} />
      <LiveAnnouncer announcements={state.announcements.value} />
    </section>
  );
}
