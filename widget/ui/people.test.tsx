import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BotMessage, PeopleState } from '../../shared/index.js';
import { createChatActions } from '../state/chat-actions.js';
import { createChatState } from '../state/chat-state.js';
import { botMessage, visitorMessage } from '../testing/messages.js';
import { renderInPanel } from '../testing/render.js';
import { strings as de } from '../i18n/de.js';
import { MessageList } from './MessageList.js';
import { PeopleBar } from './PeopleBar.js';

afterEach(cleanup);

const agentSays = (seq: number, body: string, name = 'Ada'): BotMessage => ({
  ...botMessage(seq, { name: 'message', payload: { body } }),
  author: 'agent',
  sender: { name, avatar: name === 'Ada' ? 'https://example.com/ada.png' : null },
});
const notice = (seq: number, kind: 'agent_joined' | 'agent_left' | 'requeued' | 'bot_resumed', agent: string | null): BotMessage => ({
  ...botMessage(seq, { name: 'message', payload: { body: `${agent} did ${kind}` } }),
  author: 'system',
  notice: { kind, agent },
});
const say = (seq: number, body: string) => visitorMessage(seq, { name: 'message', payload: { body } });

describe('people in the conversation', () => {
  it('says who joined and left in the visitor’s language, as centered lines', () => {
    const { container } = renderInPanel(<MessageList messages={[notice(1, 'agent_joined', 'Ada'), notice(2, 'agent_left', 'Ada')]} pending={[]} />, { t: de });
    const lines = [...container.querySelectorAll('.row.system .system-line')].map((p) => p.textContent);
    expect(lines).toEqual(['Ada ist dem Gespräch beigetreten', 'Ada hat das Gespräch verlassen']);
  });

  it('heads each run of an agent’s messages with their name and face, once', () => {
    const { container } = renderInPanel(
      <MessageList messages={[agentSays(1, 'Hi'), agentSays(2, 'How can I help?'), agentSays(3, 'Bob here', 'Bob'), say(4, 'thanks')]} pending={[]} />,
    );
    const senders = [...container.querySelectorAll('.row.agent .sender')];
    expect(senders.map((s) => s.textContent)).toEqual(['Ada', 'Bob']);
    expect(senders[0]!.querySelector('img')?.getAttribute('src')).toBe('https://example.com/ada.png');
    expect(senders[1]!.querySelector('img')).toBeNull();
  });

  it('shows "Seen" under the newest visitor message an agent has read, and only there', () => {
    const messages = [say(1, 'one'), say(2, 'two'), agentSays(3, 'ok'), say(4, 'three')];
    const seenRows = (readSeq: number) => {
      const { container } = renderInPanel(<MessageList messages={messages} pending={[]} readSeq={readSeq} />);
      const rows = [...container.querySelectorAll('.seen')].map((s) => s.closest('li')?.textContent);
      cleanup();
      return rows;
    };
    expect(seenRows(2)).toEqual([expect.stringContaining('two')]);
    expect(seenRows(4)).toEqual([expect.stringContaining('three')]);
    expect(seenRows(0)).toEqual([]);
  });

  it('names the agent who is typing', () => {
    renderInPanel(<MessageList messages={[]} pending={[]} typing typist="Ada" />);
    expect(screen.getByRole('img', { name: 'Ada is typing…' })).toBeTruthy();
  });
});

describe('PeopleBar', () => {
  const queued = (position: number | null, agentsOnline: boolean): PeopleState => ({ state: 'queued', position, agentsOnline, agent: null });

  it('tells a waiting visitor their place in line', () => {
    renderInPanel(<PeopleBar people={queued(2, true)} />);
    expect(screen.getByRole('status').textContent).toBe('You are number 2 in line');
  });

  it('with nobody online, takes an email for the reply', async () => {
    const { context } = renderInPanel(<PeopleBar people={queued(1, false)} />);
    const input = screen.getByRole('textbox', { name: 'Your email' });
    fireEvent.input(input, { target: { value: 'not an email' } });
    fireEvent.submit(input.closest('form')!);
    expect(context.actions.leaveEmail).not.toHaveBeenCalled();
    fireEvent.input(input, { target: { value: ' ada@example.com ' } });
    fireEvent.submit(input.closest('form')!);
    expect(context.actions.leaveEmail).toHaveBeenCalledWith('ada@example.com');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Thanks! We will reply to ada@example.com.'));
  });

  it('shows nothing once an agent has the conversation', () => {
    const { container } = renderInPanel(<PeopleBar people={{ state: 'assigned', position: null, agentsOnline: true, agent: { name: 'Ada', avatar: null } }} />);
    expect(container.textContent).toBe('');
  });
});

describe('visitor typing', () => {
  it('is told to agents only in a handed-over conversation, at most every few seconds', () => {
    vi.useFakeTimers();
    try {
      const state = createChatState();
      const request = vi.fn(async () => null);
      const actions = createChatActions(state, { send: vi.fn(), request });
      state.conversation.value = { id: 'c', status: 'open', createdAt: '', lastSeq: 0 };
      actions.typing();
      expect(request).not.toHaveBeenCalled();
      state.conversation.value = { ...state.conversation.value, people: { state: 'queued', position: 1, agentsOnline: true, agent: null } };
      actions.typing();
      actions.typing();
      expect(request).toHaveBeenCalledTimes(1);
      expect(request).toHaveBeenCalledWith('visitor:typing', { conversationId: 'c', typing: true });
      vi.advanceTimersByTime(3_000);
      actions.typing();
      expect(request).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
