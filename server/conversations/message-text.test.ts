import { describe, expect, it } from 'vitest';
import { BOT_ACTION_NAMES, type BotAction, type MessageRecord, type VisitorEvent } from '../../shared/index.js';
import { isEscalation, messageText } from './message-text.js';

const base = { id: 'm', conversationId: 'c', seq: 1, createdAt: '2026-01-01T00:00:00.000Z' };
const fromBot = (packet: BotAction): MessageRecord => ({ ...base, author: 'bot', packet });
const fromVisitor = (packet: VisitorEvent): MessageRecord => ({ ...base, author: 'visitor', clientId: 'x', packet });

describe('messageText', () => {
  it.each<[BotAction, string]>([
    [{ name: 'message', payload: { body: 'Hello' } }, 'Hello'],
    [{ name: 'bubbles', payload: { body: 'Pick', fallback: 'Pick: A', options: [{ id: 'a', label: 'A' }] } }, 'Pick'],
    [{ name: 'carousel', payload: { fallback: 'Plans', options: [] } }, 'Plans'],
    [{ name: 'buttons', payload: { buttons: [{ label: 'Docs', url: 'https://d.example' }] } }, 'Docs: https://d.example'],
    [{ name: 'button', payload: { label: 'Docs', url: 'https://d.example' } }, 'Docs: https://d.example'],
    [{ name: 'media', payload: { link: 'https://m.example/a.png' } }, 'https://m.example/a.png'],
    [{ name: 'media', payload: { link: 'https://m.example/a.png', name: 'a.png' } }, 'a.png'],
    [{ name: 'navigate', payload: { url: '/pricing' } }, '/pricing'],
    [{ name: 'forward_skills', payload: { skills: ['x'] } }, 'Forwarded to a person'],
    [{ name: 'abort', payload: {} }, 'The bot stepped out'],
    [{ name: 'end', payload: {} }, 'The conversation ended'],
    [{ name: 'note_create', payload: { body: 'internal' } }, ''],
    [{ name: 'delay', payload: { duration: 10 } }, ''],
  ])('of a bot %j is %j', (packet, text) => {
    expect(messageText(fromBot(packet))).toBe(text);
  });

  it.each<[VisitorEvent, string]>([
    [{ name: 'message', payload: { body: 'hi' } }, 'hi'],
    [{ name: 'click', payload: { value: { id: 'a', label: 'Yes' } } }, 'Yes'],
    [{ name: 'start', payload: {} }, ''],
    [{ name: 'media', payload: { link: 'https://s/u.pdf', type: 'file', name: 'invoice.pdf', size: 3 } }, 'invoice.pdf'],
  ])('of a visitor %j is %j', (packet, text) => {
    expect(messageText(fromVisitor(packet))).toBe(text);
  });

  it('escalates on forwards and abort only', () => {
    const escalating = BOT_ACTION_NAMES.filter((name) => isEscalation(fromBot({ name, payload: {} } as BotAction)));
    expect(escalating).toEqual(['abort', 'forward_group', 'forward_skills', 'forward_any']);
    expect(isEscalation(fromVisitor({ name: 'message', payload: { body: 'forward_any' } }))).toBe(false);
  });
});
