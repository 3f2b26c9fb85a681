// The owner's 002 sections in the chat panel: links and custom content on top of the
// conversation, follow-up prompts after bot answers, the bot's and agents' avatars.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BotMessage, WidgetConfig } from '../../shared/index.js';
import { createChatState, receiveMessages } from '../state/chat-state.js';
import { botMessage, CONVERSATION_ID, text, visitorMessage } from '../testing/messages.js';
import { renderInPanel } from '../testing/render.js';
import { ChatPanel } from './ChatPanel.js';

afterEach(cleanup);

const base: WidgetConfig = {
  botKey: 'demo',
  name: 'Demo',
  appearance: {},
  navigateOrigins: [],
  uploads: { maxBytes: 0, types: [] },
  quickPrompts: [],
  personas: [],
  reactions: false,
};

function setup(sections: Partial<WidgetConfig>) {
  const state = createChatState();
  state.open.value = true;
  state.conversation.value = { id: CONVERSATION_ID, status: 'open', createdAt: '2026-01-01T00:00:00Z', lastSeq: 0 };
  state.config.value = { ...base, ...sections };
  const view = renderInPanel(<ChatPanel state={state} title="Roastery" closable dir="ltr" lang="en" onClose={vi.fn()} onCloseOverlay={vi.fn()} />);
  const receive = (...messages: BotMessage[]) => act(() => void receiveMessages(state, messages, false));
  return { ...view, state, receive, actions: view.context.actions };
}

const asked = visitorMessage(2, { name: 'message', payload: { body: 'Do you sell beans?' } });

describe('links and custom content (002)', () => {
  it('shows the cards and the links above the first message, links in a new tab', async () => {
    const { container, receive } = setup({
      customContent: [{ id: 'hours', title: 'Opening hours', body: 'Mon–Fri **7–18**' }],
      links: [
        { id: 'faq', title: 'Help centre', url: 'https://help.example.com/faq', icon: 'https://help.example.com/icon.png' },
        { id: 'status', title: 'Status', url: 'http://status.example.com' },
      ],
    });
    receive(text(1, 'Hi!'));
    const card = await screen.findByRole('article');
    expect(card.querySelector('h3')?.textContent).toBe('Opening hours');
    await waitFor(() => expect(card.querySelector('strong')?.textContent).toBe('7–18'));
    const faq = screen.getByRole('link', { name: 'Help centre' });
    expect(faq.getAttribute('href')).toBe('https://help.example.com/faq');
    expect(faq.getAttribute('target')).toBe('_blank');
    expect(faq.getAttribute('rel')).toBe('noopener noreferrer');
    expect(faq.querySelector('img')?.getAttribute('src')).toBe('https://help.example.com/icon.png');
    expect(screen.getByRole('link', { name: 'Status' }).querySelector('img')).toBeNull();
    // Before the greeting, inside the scrolling conversation.
    const list = container.querySelector('ol.messages')!;
    expect(list.firstElementChild?.classList.contains('intro')).toBe(true);
    expect(list.children[1]?.textContent).toContain('Hi!');
  });

  it('refuses links and icons that are not web addresses, and HTML in the content', async () => {
    const { container } = setup({
      customContent: [{ id: 'evil', body: 'Hello <img src=x onerror="alert(1)"> [click](javascript:alert(1)) <script>alert(2)</script> **there**' }],
      links: [
        { id: 'js', title: 'Script', url: 'javascript:alert(1)' },
        { id: 'data', title: 'Data', url: 'data:text/html,<script>alert(1)</script>' },
        { id: 'mail', title: 'Mail', url: 'mailto:hi@example.com' },
        { id: 'ok', title: 'Shop', url: 'https://shop.example.com', icon: 'javascript:alert(1)' },
        { id: 'plain', title: 'Blog', url: 'https://blog.example.com', icon: 'http://blog.example.com/icon.png' },
      ],
    });
    const card = await screen.findByRole('article');
    await waitFor(() => expect(card.querySelector('strong')?.textContent).toBe('there'));
    expect(card.querySelector('script, [onerror], a[href^="javascript"]')).toBeNull();
    expect(card.innerHTML).not.toContain('onerror');
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['Shop', 'Blog']);
    expect(container.querySelector('.welcome-links img')).toBeNull();
    expect(container.querySelector('.welcome a[href^="javascript"], .welcome a[href^="data"]')).toBeNull();
  });

  it('shows titles and text as text', async () => {
    setup({ links: [{ id: 'x', title: '<b>bold</b>', url: 'https://example.com' }], customContent: [{ id: 'c', title: '<i>hi</i>', body: 'plain words' }] });
    expect((await screen.findByRole('article')).querySelector('h3')?.textContent).toBe('<i>hi</i>');
    expect(screen.getByRole('link').textContent).toBe('<b>bold</b>');
  });

  it('draws nothing for a bot without them', () => {
    const { container } = setup({});
    expect(container.querySelector('.intro, .welcome')).toBeNull();
  });
});

describe('follow-up prompts (002)', () => {
  const followUpPrompts: WidgetConfig['followUpPrompts'] = [
    { id: 'menu', title: 'See the menu', description: 'What is on the menu?', link: null },
    { id: 'shop', title: 'Shop', description: null, link: 'https://shop.example.com' },
    { id: 'bad', title: 'Bad', description: null, link: 'javascript:alert(1)' },
  ];

  it('offers them after a bot answer; a click sends the text like a quick reply', async () => {
    const { receive, actions, state } = setup({ followUpPrompts });
    receive(text(1, 'Hi!'));
    expect(screen.queryByRole('list', { name: 'Suggestions' })).toBeNull();
    act(() => void receiveMessages(state, [asked], false));
    expect(screen.queryByRole('button', { name: 'See the menu' })).toBeNull();
    receive(text(3, 'Yes, six kinds.'));
    fireEvent.click(await screen.findByRole('button', { name: 'See the menu' }));
    expect(actions.sendText).toHaveBeenCalledExactlyOnceWith('What is on the menu?');
    const shop = screen.getByRole('link', { name: 'Shop' });
    expect(shop.getAttribute('href')).toBe('https://shop.example.com/');
    expect(shop.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.queryByText('Bad')).toBeNull();
  });

  it("gives way to an AI answer's own follow-up questions", async () => {
    const { receive, state } = setup({ followUpPrompts });
    act(() => void receiveMessages(state, [asked], false));
    receive(botMessage(3, { name: 'message', payload: { body: 'Yes.', follow_ups: ['Which kinds?'] } }));
    expect(await screen.findByRole('button', { name: 'Which kinds?' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'See the menu' })).toBeNull();
  });
});

describe('icons (002)', () => {
  const agent = (seq: number, body: string, avatar: string | null): BotMessage => ({
    ...botMessage(seq, { name: 'message', payload: { body } }),
    author: 'agent',
    sender: { name: avatar ? 'Ada' : 'Bob', avatar },
  });

  it("heads each run of the bot's messages with its name and avatar", () => {
    const { container, receive, state } = setup({ icons: { botAvatar: 'https://cdn.example.com/bot.png' } });
    receive(text(1, 'Hi!'), text(2, 'Ask me anything.'));
    act(() => void receiveMessages(state, [visitorMessage(3, { name: 'message', payload: { body: 'Beans?' } })], false));
    receive(text(4, 'Six kinds.'));
    const senders = [...container.querySelectorAll('.row.bot .sender')];
    expect(senders.map((s) => s.textContent)).toEqual(['Roastery', 'Roastery']);
    expect(senders.map((s) => s.querySelector('img')?.getAttribute('src'))).toEqual(['https://cdn.example.com/bot.png', 'https://cdn.example.com/bot.png']);
    expect(senders[0]!.querySelector('img')?.getAttribute('alt')).toBe('');
  });

  it('speaks as the persona the visitor picked, with its face', () => {
    const { container, receive, state } = setup({
      icons: { botAvatar: 'https://cdn.example.com/bot.png' },
      personas: [{ id: 'bo', name: 'Barista Bo', avatar: 'https://cdn.example.com/bo.png' }],
    });
    act(() => void (state.persona.value = { conversationId: CONVERSATION_ID, personaId: 'bo' }));
    receive(text(1, 'Hi!'));
    const sender = container.querySelector('.row.bot .sender')!;
    expect(sender.textContent).toBe('Barista Bo');
    expect(sender.querySelector('img')?.getAttribute('src')).toBe('https://cdn.example.com/bo.png');
  });

  it('gives an agent without a face the default one, and keeps an agent’s own', () => {
    const { container, receive } = setup({ icons: { agentAvatar: 'https://cdn.example.com/agent.png' } });
    receive(agent(1, 'Hello', 'https://example.com/ada.png'), agent(2, 'Bob here', null));
    const faces = [...container.querySelectorAll('.row.agent .sender img')].map((img) => img.getAttribute('src'));
    expect(faces).toEqual(['https://example.com/ada.png', 'https://cdn.example.com/agent.png']);
  });

  it('shows no bot heading without a bot avatar, and refuses pictures that are not https', () => {
    const { container, receive } = setup({ icons: { botAvatar: 'http://cdn.example.com/bot.png', agentAvatar: 'javascript:alert(1)' } });
    receive(text(1, 'Hi!'), agent(2, 'Bob here', null));
    expect(container.querySelector('.row.bot .sender')).toBeNull();
    expect(container.querySelector('.row.agent .sender img')).toBeNull();
  });
});
