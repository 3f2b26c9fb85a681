import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../shared/index.js';
import { conversationView, fanOut, type ConversationPublisher } from './publisher.js';

function recorder(calls: string[], name: string): ConversationPublisher {
  return {
    message: (id, m) => void calls.push(`${name} message ${id} ${m.id}`),
    messageUpdate: (id, m) => void calls.push(`${name} update ${id} ${m.id}`),
    typing: (id, until) => void calls.push(`${name} typing ${id} ${until}`),
    conversation: (view) => void calls.push(`${name} conversation ${view.id} ${view.status}`),
  };
}

const message = { id: 'm1' } as MessageRecord;

describe('fanOut', () => {
  it('hands every event to every sink, in the order of the sinks', () => {
    const calls: string[] = [];
    const out = fanOut([recorder(calls, 'a'), recorder(calls, 'b')], () => undefined);
    out.message('c1', message);
    out.messageUpdate('c1', message);
    out.typing('c1', null);
    out.conversation({ id: 'c1', status: 'ended', createdAt: 'now', lastSeq: 3 });
    expect(calls).toEqual([
      'a message c1 m1',
      'b message c1 m1',
      'a update c1 m1',
      'b update c1 m1',
      'a typing c1 null',
      'b typing c1 null',
      'a conversation c1 ended',
      'b conversation c1 ended',
    ]);
  });

  it('a sink that throws is logged and never stops the others', () => {
    const calls: string[] = [];
    const logged: string[] = [];
    const broken: ConversationPublisher = { ...recorder(calls, 'x'), message: () => { throw new Error('down'); } };
    fanOut([broken, recorder(calls, 'b')], (msg, err) => void logged.push(`${msg}: ${(err as Error).message}`)).message('c1', message);
    expect(calls).toEqual(['b message c1 m1']);
    expect(logged).toEqual(['a message sink failed: down']);
  });
});

describe('conversationView', () => {
  it('shows a conversation by its id, status, start and last sequence number only', () => {
    const view = conversationView({ id: 'c', status: 'open', createdAt: 't', lastSeq: 2, ...{ botId: 'secret' } } as Parameters<typeof conversationView>[0]);
    expect(view).toEqual({ id: 'c', status: 'open', createdAt: 't', lastSeq: 2 });
  });
});
