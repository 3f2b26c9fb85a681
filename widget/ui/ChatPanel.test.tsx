import { act, cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BotMessage, WidgetConfig } from '../../shared/index.js';
import { createChatState, receiveMessages } from '../state/chat-state.js';
import { addPending } from '../state/send-file.js';
import { botMessage, CONVERSATION_ID, text, visitorMessage } from '../testing/messages.js';
import { renderInPanel } from '../testing/render.js';
import { ChatPanel, type ChatPanelProps } from './ChatPanel.js';

afterEach(cleanup);

const config: WidgetConfig = {
  botKey: 'demo',
  name: 'Demo',
  appearance: {},
  navigateOrigins: [],
  uploads: { maxBytes: 5_000_000, types: ['image/png', 'application/pdf'] },
  quickPrompts: [],
  personas: [],
  reactions: false,
};

function setup(overrides: Partial<ChatPanelProps> = {}) {
  const state = createChatState();
  state.open.value = true;
  state.conversation.value = { id: CONVERSATION_ID, status: 'open', createdAt: '2026-01-01T00:00:00Z', lastSeq: 0 };
  const props: ChatPanelProps = {
    state,
    title: 'Support',
    closable: true,
    dir: 'ltr',
    lang: 'en',
    onClose: vi.fn(),
    onCloseOverlay: vi.fn(),
    ...overrides,
  };
  const view = renderInPanel(<ChatPanel {...props} />);
  return { ...view, state, props, actions: view.context.actions };
}

const list: BotMessage = botMessage(1, {
  name: 'list_template',
  payload: {
    header: 'Our plans',
    body: 'Pick a plan',
    button: 'See plans',
    fallback: 'Plans: Basic, Pro',
    options: [
      { id: 'basic', label: 'Basic', description: 'For one person' },
      { id: 'pro', label: 'Pro', description: 'For teams' },
    ],
  },
});

describe('ChatPanel', () => {
  it('shows the registration card in place of the composer while the bot asks who the visitor is', async () => {
    const { state, actions } = setup();
    state.conversation.value = null;
    state.config.value = { ...config, registration: { fields: ['name', 'email'] } };
    act(() => void (state.registration.value = true));
    const name = await screen.findByLabelText('Your name');
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
    fireEvent.input(name, { target: { value: 'Zoe' } });
    fireEvent.input(screen.getByLabelText('Your email'), { target: { value: 'zoe@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Start chat' }));
    expect(actions.register).toHaveBeenCalledExactlyOnceWith({ name: 'Zoe', email: 'zoe@example.com' });
    act(() => void (state.registration.value = false));
    expect(screen.queryByLabelText('Your name')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
  });

  it('is a labelled dialog in launcher mode and a region when embedded', () => {
    setup();
    expect(screen.getByRole('dialog', { name: 'Support' })).toBeTruthy();
    cleanup();
    setup({ closable: false });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('region', { name: 'Support' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Close chat' })).toBeNull();
  });

  it('says when it is reconnecting', async () => {
    const { state } = setup();
    expect(screen.queryByText('Reconnecting…')).toBeNull();
    act(() => {
      state.connection.value = 'reconnecting';
    });
    expect(await screen.findByText('Reconnecting…')).toBeTruthy();
  });

  it('announces new messages in a live region apart from the history', async () => {
    const { state, container } = setup();
    act(() => {
      receiveMessages(state, [text(1, 'Old news')], false);
    });
    act(() => {
      receiveMessages(state, [text(2, 'Fresh **reply**')], true);
    });
    const region = container.querySelector('[aria-live="polite"]');
    await vi.waitFor(() => expect(region?.textContent).toBe('Fresh reply'));
    expect(container.querySelector('.messages')?.hasAttribute('aria-live')).toBe(false);
    expect(screen.getByRole('list', { name: 'Conversation' }).textContent).toContain('Old news');
  });

  it('closes from the header button and on Escape', () => {
    const { props } = setup();
    screen.getByRole('button', { name: 'Close chat' }).click();
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message' }), { key: 'Escape' });
    expect(props.onClose).toHaveBeenCalledTimes(2);
  });

  it('ignores Escape when embedded', () => {
    const { props } = setup({ closable: false });
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message' }), { key: 'Escape' });
    expect(props.onClose).not.toHaveBeenCalled();
  });

  it('shows a typing indicator while the bot types', async () => {
    const { state } = setup();
    expect(screen.queryByRole('img', { name: 'Typing…' })).toBeNull();
    act(() => {
      state.typing.value = true;
    });
    expect(await screen.findByRole('img', { name: 'Typing…' })).toBeTruthy();
    act(() => {
      state.typing.value = false;
    });
    await vi.waitFor(() => expect(screen.queryByRole('img', { name: 'Typing…' })).toBeNull());
  });

  it('replaces the composer with "Start a new conversation" once the conversation ended', async () => {
    const { state, actions } = setup();
    act(() => {
      state.conversation.value = { id: CONVERSATION_ID, status: 'ended', createdAt: '2026-01-01T00:00:00Z', lastSeq: 3 };
    });
    const start = await screen.findByRole('button', { name: 'Start a new conversation' });
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
    start.click();
    expect(actions.startNewConversation).toHaveBeenCalled();
  });

  it('offers the file picker only when the bot accepts uploads', async () => {
    const { state } = setup();
    expect(screen.queryByRole('button', { name: 'Attach a file' })).toBeNull();
    act(() => {
      state.config.value = config;
    });
    expect(await screen.findByRole('button', { name: 'Attach a file' })).toBeTruthy();
    act(() => {
      state.config.value = { ...config, uploads: { maxBytes: 0, types: [] } };
    });
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: 'Attach a file' })).toBeNull());
  });

  it('takes files dropped on the panel', async () => {
    const { state, actions, container } = setup();
    act(() => {
      state.config.value = config;
    });
    await screen.findByRole('button', { name: 'Attach a file' });
    const panel = container.querySelector('.panel')!;
    const file = new File(['%PDF'], 'invoice.pdf', { type: 'application/pdf' });
    const dragover = new Event('dragover', { bubbles: true, cancelable: true });
    Object.defineProperty(dragover, 'dataTransfer', { value: { types: ['Files'], files: [] } });
    panel.dispatchEvent(dragover);
    expect(dragover.defaultPrevented).toBe(true);
    expect(await screen.findByText('Drop a file to send it')).toBeTruthy();
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [file] } });
    panel.dispatchEvent(drop);
    expect(actions.sendFile).toHaveBeenCalledWith(file);
    await vi.waitFor(() => expect(screen.queryByText('Drop a file to send it')).toBeNull());
  });

  it('opens a list template in a modal sheet and makes the rest inert', async () => {
    const { state, props, actions, container } = setup();
    act(() => {
      receiveMessages(state, [list], false);
      state.overlay.value = { kind: 'list', message: list, opener: null };
    });
    const sheet = await screen.findByRole('dialog', { name: 'Our plans' });
    expect(sheet.getAttribute('aria-modal')).toBe('true');
    expect((container.querySelector('.panel-main') as HTMLElement & { inert: boolean }).inert).toBe(true);
    const send = within(sheet).getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.click(within(sheet).getByRole('radio', { name: /Pro/ }));
    expect(within(sheet).getByText('For teams')).toBeTruthy();
    await vi.waitFor(() => expect(send.disabled).toBe(false));
    fireEvent.submit(send.closest('form')!);
    expect(actions.choose).toHaveBeenCalledWith(list, { id: 'pro', label: 'Pro' });
    expect(props.onCloseOverlay).toHaveBeenCalled();
  });

  it('closes the sheet on Escape without closing the panel', async () => {
    const { state, props } = setup();
    act(() => {
      state.overlay.value = { kind: 'list', message: list, opener: null };
    });
    const sheet = await screen.findByRole('dialog', { name: 'Our plans' });
    fireEvent.keyDown(within(sheet).getAllByRole('radio')[0]!, { key: 'Escape' });
    expect(props.onCloseOverlay).toHaveBeenCalled();
    expect(props.onClose).not.toHaveBeenCalled();
  });

  it('shows an image in a modal lightbox that any click closes', async () => {
    const { state, props } = setup();
    act(() => {
      state.overlay.value = { kind: 'image', src: 'https://cdn.example.com/latte.png', alt: 'latte.png', opener: null };
    });
    const image = await screen.findByRole('img', { name: 'latte.png' });
    const dialog = image.closest('dialog')!;
    expect(dialog.open).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(props.onCloseOverlay).toHaveBeenCalled();
  });

  it('lays out right to left for rtl locales', () => {
    const { container } = setup({ dir: 'rtl', lang: 'ar' });
    const panel = container.querySelector('.panel')!;
    expect(panel.getAttribute('dir')).toBe('rtl');
    expect(panel.getAttribute('lang')).toBe('ar');
  });
});

describe('a new conversation', () => {
  const starter: WidgetConfig = {
    ...config,
    quickPrompts: [
      { id: 'hours', title: 'Opening hours', description: 'What are your opening hours?', link: null },
      { id: 'blog', title: 'Our blog', description: null, link: 'https://northwind.example/blog' },
      { id: 'bad', title: 'Sneaky', description: 'hi', link: 'javascript:alert(1)' },
      { id: 'bare', title: 'Just the title', description: null, link: null },
    ],
    personas: [
      { id: 'bo', name: 'Barista Bo' },
      { id: 'ada', name: 'Ada', avatar: 'https://cdn.example.com/ada.png' },
    ],
  };

  /** A conversation with only the bot's greeting so far. */
  function start() {
    const view = setup();
    act(() => {
      view.state.config.value = starter;
      receiveMessages(view.state, [text(1, 'Welcome!')], false);
    });
    return view;
  }

  it('offers the quick prompts: a description is sent as the visitor’s message, a link opens in a new tab', async () => {
    const { actions } = start();
    const prompts = await screen.findByRole('list', { name: 'Suggestions' });
    fireEvent.click(within(prompts).getByRole('button', { name: 'Opening hours' }));
    expect(actions.sendText).toHaveBeenCalledWith('What are your opening hours?');
    // The prompts are about to go: focus moves on to the composer.
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }));
    fireEvent.click(within(prompts).getByRole('button', { name: 'Just the title' }));
    expect(actions.sendText).toHaveBeenLastCalledWith('Just the title');
    const blog = within(prompts).getByRole('link', { name: 'Our blog' });
    expect(blog.getAttribute('href')).toBe('https://northwind.example/blog');
    expect(blog.getAttribute('target')).toBe('_blank');
    expect(blog.getAttribute('rel')).toBe('noopener noreferrer');
    // A link that is not one drops its prompt.
    expect(within(prompts).queryByText('Sneaky')).toBeNull();
  });

  it('takes the quick prompts away once the visitor has sent anything, pending or stored', async () => {
    const view = start();
    await screen.findByRole('list', { name: 'Suggestions' });
    act(() => {
      addPending(view.state, { clientId: 'c1', packet: { name: 'message', payload: { body: 'Hi' } }, status: 'sending' });
    });
    await vi.waitFor(() => expect(screen.queryByRole('list', { name: 'Suggestions' })).toBeNull());
    act(() => {
      view.state.pending.value = [];
      receiveMessages(view.state, [visitorMessage(2, { name: 'message', payload: { body: 'Hi' } }, { clientId: 'c1' })], true);
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(screen.queryByRole('list', { name: 'Suggestions' })).toBeNull();
  });

  it('offers no quick prompts in an ended conversation, nor when the bot has none', async () => {
    const view = start();
    await screen.findByRole('list', { name: 'Suggestions' });
    act(() => {
      view.state.conversation.value = { id: CONVERSATION_ID, status: 'ended', createdAt: '2026-01-01T00:00:00Z', lastSeq: 1 };
    });
    await vi.waitFor(() => expect(screen.queryByRole('list', { name: 'Suggestions' })).toBeNull());
    cleanup();
    const plain = setup();
    act(() => {
      plain.state.config.value = config;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(screen.queryByRole('list', { name: 'Suggestions' })).toBeNull();
  });

  it('offers the personas; the picked one is pressed and takes the header', async () => {
    const view = start();
    const personas = await screen.findByRole('list', { name: 'Chat with' });
    const bo = within(personas).getByRole('button', { name: 'Barista Bo' });
    expect(bo.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(bo);
    expect(view.actions.choosePersona).toHaveBeenCalledWith('bo');

    act(() => {
      view.state.persona.value = { conversationId: CONVERSATION_ID, personaId: 'bo' };
    });
    await vi.waitFor(() => expect(within(personas).getByRole('button', { name: 'Barista Bo' }).getAttribute('aria-pressed')).toBe('true'));
    const header = view.container.querySelector('header')!;
    expect(within(header).getByRole('heading').textContent).toBe('Barista Bo');
    expect(header.textContent).toContain('Support'); // the title moves under the name
    // The dialog keeps the widget's own name.
    expect(screen.getByRole('dialog', { name: 'Support' })).toBeTruthy();
  });

  it('shows the persona’s picture, or its initial when it has none', async () => {
    const view = start();
    act(() => {
      view.state.persona.value = { conversationId: CONVERSATION_ID, personaId: 'ada' };
    });
    const header = view.container.querySelector('header')!;
    await vi.waitFor(() => expect(header.querySelector('img.avatar')?.getAttribute('src')).toBe('https://cdn.example.com/ada.png'));
    act(() => {
      view.state.persona.value = { conversationId: CONVERSATION_ID, personaId: 'bo' };
    });
    await vi.waitFor(() => expect(header.querySelector('.avatar.initial')?.textContent).toBe('B'));
  });

  it('keeps the persona in the header after the visitor has spoken, without the picker', async () => {
    const view = start();
    await screen.findByRole('list', { name: 'Chat with' });
    act(() => {
      view.state.persona.value = { conversationId: CONVERSATION_ID, personaId: 'bo' };
      receiveMessages(view.state, [visitorMessage(2, { name: 'message', payload: { body: 'Hi Bo' } })], true);
    });
    await vi.waitFor(() => expect(screen.queryByRole('list', { name: 'Chat with' })).toBeNull());
    expect(within(view.container.querySelector('header')!).getByRole('heading').textContent).toBe('Barista Bo');
  });

  it('forgets a persona picked for another conversation', async () => {
    const view = start();
    act(() => {
      view.state.persona.value = { conversationId: 'an-older-one', personaId: 'bo' };
    });
    const personas = await screen.findByRole('list', { name: 'Chat with' });
    expect(within(view.container.querySelector('header')!).getByRole('heading').textContent).toBe('Support');
    expect(within(personas).queryAllByRole('button', { pressed: true })).toHaveLength(0);
  });

  it('waits for the conversation before offering personas (persona:select names it)', async () => {
    const view = setup();
    act(() => {
      view.state.conversation.value = null;
      view.state.config.value = starter;
    });
    await screen.findByRole('list', { name: 'Suggestions' });
    expect(screen.queryByRole('list', { name: 'Chat with' })).toBeNull();
  });
});
