import type { ConversationSummary } from '../../shared/agent-events.js';
import { contactName, stateLabel } from '../rules/inbox.js';
import type { OpenConversation } from '../state/console-state.js';
import { useConsole } from './console-context.js';
import { focusReply } from './InboxLists.js';
import { ReplyComposer } from './ReplyComposer.js';
import { Transcript } from './Transcript.js';

export interface ConversationViewProps {
  open: OpenConversation;
  row: ConversationSummary | null;
  server: string;
  onLeave(): void;
}

/** The open conversation: who and where it stands, its history, and the composer (or what to do to reply). */
export function ConversationView({ open, row, server, onLeave }: ConversationViewProps) {
  const { state, controller } = useConsole();
  const meId = state.me.value?.id ?? '';
  const mine = row?.state === 'assigned' && row.transfer?.agentId === meId;
  const withPeople = row?.state === 'queued' || row?.state === 'assigned';
  const name = row ? contactName(row) : 'Conversation';

  return (
    <main class="conversation" id="conversation" aria-labelledby="conversation-title">
      <header class="conversation-head">
        <button type="button" class="back" onClick={onLeave}>
          <span aria-hidden="true">←</span>
          <span class="visually-hidden">Back to the conversations</span>
        </button>
        <div class="conversation-heading">
          <h1 id="conversation-title" tabIndex={-1}>
            {name}
          </h1>
          {row && (
            <p class="conversation-sub">
              <span class={`badge state-${row.state}`}>{stateLabel(row, meId)}</span>
              {row.contact.email && <span class="muted">{row.contact.email}</span>}
            </p>
          )}
        </div>
        <div class="conversation-actions">
          {row && withPeople && (
            <button type="button" class="button" onClick={() => void controller.resumeBot(row.id)}>
              Resume bot
            </button>
          )}
          {row && row.state !== 'ended' && (
            <button type="button" class="button danger" onClick={() => void controller.end(row.id)}>
              End
            </button>
          )}
          <button type="button" class="button details-toggle" aria-controls="details" onClick={() => (state.screen.value = 'details')}>
            Details
          </button>
        </div>
      </header>
      {!open.loaded ? (
        <p class="loading" role="status">
          Loading the conversation…
        </p>
      ) : (
        <Transcript messages={open.messages} notes={open.notes} row={row} server={server} />
      )}
      <p class="visitor-typing" role="status">
        {open.visitorTyping ? 'Visitor is typing…' : ''}
      </p>
      {mine ? (
        <ReplyComposer key={open.id} conversationId={open.id} onLeave={onLeave} />
      ) : (
        <TakeOver row={row} />
      )}
    </main>
  );
}

/** Replying needs the conversation to be mine: say why not, and offer to take it. */
function TakeOver({ row }: { row: ConversationSummary | null }) {
  const { state, controller } = useConsole();
  const me = state.me.value;
  if (!row || !me) return null;
  const take = async () => {
    if (await controller.assign(row.id, me.id)) focusReply();
  };
  const text =
    row.state === 'ended'
      ? 'This conversation has ended.'
      : row.state === 'queued'
        ? 'This visitor is waiting in the queue.'
        : row.state === 'bot'
          ? 'The bot is answering this conversation.'
          : `${row.transfer?.agentName ?? 'Another agent'} is answering this conversation.`;
  return (
    <div class="take-over">
      <p>{text}</p>
      {row.state !== 'ended' && (
        <button type="button" class="button primary" onClick={() => void take()}>
          Assign to me
        </button>
      )}
    </div>
  );
}
