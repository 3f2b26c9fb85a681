import { describe, expect, it } from 'vitest';
import type { BotMessage } from '../../shared/index.js';
import { createMessageBus, type BusEvent } from './message-bus.js';

const message = (conversationId: string, seq: number): BotMessage => ({
  id: `m${seq}`,
  conversationId,
  seq,
  createdAt: '2026-01-05T10:00:00.000Z',
  author: 'bot',
  packet: { name: 'message', payload: { body: `hello ${seq}` } },
});

function listener() {
  const events: BusEvent[] = [];
  return { events, on: (e: BusEvent) => void events.push(e) };
}

describe('createMessageBus', () => {
  it('hands each kind of published event to the conversation’s listeners', () => {
    const bus = createMessageBus();
    const l = listener();
    bus.subscribe('c1', l.on);
    bus.publisher.message('c1', message('c1', 1));
    bus.publisher.messageUpdate('c1', { ...message('c1', 1), reaction: 'POSITIVE' });
    bus.publisher.typing('c1', '2026-01-05T10:00:05.000Z');
    bus.publisher.typing('c1', null);
    bus.publisher.conversation({ id: 'c1', status: 'ended', createdAt: '2026-01-05T10:00:00.000Z', lastSeq: 1 });
    expect(l.events.map((e) => e.type)).toEqual(['message', 'message_update', 'typing', 'typing', 'conversation']);
    expect(l.events[0]).toEqual({ type: 'message', message: message('c1', 1) });
    expect(l.events.slice(2, 4)).toEqual([
      { type: 'typing', until: '2026-01-05T10:00:05.000Z' },
      { type: 'typing', until: null },
    ]);
    expect(l.events[4]).toEqual({ type: 'conversation', conversation: { id: 'c1', status: 'ended', createdAt: '2026-01-05T10:00:00.000Z', lastSeq: 1 } });
  });

  it('keeps conversations apart: a listener hears only its own conversation', () => {
    const bus = createMessageBus();
    const one = listener();
    const two = listener();
    bus.subscribe('c1', one.on);
    bus.subscribe('c2', two.on);
    bus.publisher.message('c1', message('c1', 1));
    bus.publisher.message('c2', message('c2', 1));
    bus.publisher.conversation({ id: 'c2', status: 'ended', createdAt: '2026-01-05T10:00:00.000Z', lastSeq: 1 });
    expect(one.events.map((e) => e.type === 'message' && e.message.conversationId)).toEqual(['c1']);
    expect(two.events.map((e) => e.type)).toEqual(['message', 'conversation']);
  });

  it('hands an event to every listener of the conversation', () => {
    const bus = createMessageBus();
    const a = listener();
    const b = listener();
    bus.subscribe('c1', a.on);
    bus.subscribe('c1', b.on);
    bus.publisher.typing('c1', null);
    expect([a.events.length, b.events.length]).toEqual([1, 1]);
  });

  it('stops handing events to a listener once it unsubscribes, and only to that one', () => {
    const bus = createMessageBus();
    const a = listener();
    const b = listener();
    const unsubscribeA = bus.subscribe('c1', a.on);
    bus.subscribe('c1', b.on);
    unsubscribeA();
    bus.publisher.typing('c1', null);
    expect([a.events.length, b.events.length]).toEqual([0, 1]);
  });

  it('takes new listeners after the last one left', () => {
    const bus = createMessageBus();
    const first = listener();
    bus.subscribe('c1', first.on)();
    const second = listener();
    bus.subscribe('c1', second.on);
    bus.publisher.typing('c1', null);
    expect([first.events.length, second.events.length]).toEqual([0, 1]);
  });

  it('publishes to a conversation nobody listens to without harm', () => {
    const bus = createMessageBus();
    expect(() => bus.publisher.message('nobody', message('nobody', 1))).not.toThrow();
  });

  it('keeps one subscription per listener: subscribing the same function twice hears each event once', () => {
    const bus = createMessageBus();
    const l = listener();
    bus.subscribe('c1', l.on);
    bus.subscribe('c1', l.on);
    bus.publisher.typing('c1', null);
    expect(l.events).toHaveLength(1);
  });

  it('a second call of an unsubscribe leaves the listeners who came after it alone', () => {
    // An event stream unsubscribes when the client goes and again when its loop ends.
    const bus = createMessageBus();
    const gone = bus.subscribe('c1', listener().on);
    gone();
    const next = listener();
    bus.subscribe('c1', next.on);
    gone();
    bus.publisher.typing('c1', null);
    expect(next.events).toHaveLength(1);
  });
});
