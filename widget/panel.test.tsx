import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationSnapshot, MessageRecord, VisitorProfile, WidgetConfig } from '../shared/index.js';
import type { ConfabEventMap, ConfabEventName, PanelHost, ThemeColors, WidgetOptions } from './contract.js';
import { svgIcon } from './loader/svg-icon.js';
import { FakeSocket } from './testing/fake-socket.js';
import { READ_MARK_DELAY_MS } from './state/read-marks.js';
import { CONVERSATION_ID, text } from './testing/messages.js';
import { testOptions } from './testing/options.js';

// The panel talks to a FakeSocket instead of a server.
const sockets: FakeSocket[] = [];
vi.mock('socket.io-client', () => ({
  Manager: class {
    socket(_namespace: string, options: { auth: (cb: (data: unknown) => void) => void }) {
      const socket = new FakeSocket(options.auth);
      sockets.push(socket);
      return socket;
    }
  },
}));

const { mount } = await import('./panel.js');

const config: WidgetConfig = {
  botKey: 'demo',
  name: 'Northwind',
  appearance: { title: 'Bot title', subtitle: 'Bot subtitle', primaryColor: '#b4532a', greetingPreview: 'Welcome to **Northwind**! Ask me anything.' },
  navigateOrigins: ['https://shop.example.com'],
  uploads: { maxBytes: 0, types: [] },
  quickPrompts: [],
  personas: [],
  reactions: false,
};

interface Setup {
  options?: Partial<WidgetOptions>;
  widgetConfig?: WidgetConfig | null;
}

function setup({ options = {}, widgetConfig = config }: Setup = {}) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url.includes('/api/widget/config')) {
        return widgetConfig ? Response.json(widgetConfig) : Response.json({ status: 'error', message: 'Unknown bot' }, { status: 404 });
      }
      if (url.endsWith('/api/widget/visitors')) return Response.json({ visitorId: 'v1', token: 't1' }, { status: 201 });
      return Response.json({ status: 'error', message: 'not found' }, { status: 404 });
    }),
  );
  const element = document.createElement('confab-widget');
  document.body.append(element);
  const root = element.attachShadow({ mode: 'open' });
  const launcher = document.createElement('button');
  launcher.setAttribute('aria-label', 'Open chat');
  // As the loader draws it (loader/launcher.ts).
  launcher.append(options.launcherIcon ? Object.assign(document.createElement('img'), { className: 'icon-chat', src: options.launcherIcon }) : svgIcon('M0 0h24v24H0z', 'icon-chat'));
  root.append(launcher);
  const events: Array<{ event: ConfabEventName; payload: unknown }> = [];
  const colors: ThemeColors[] = [];
  const host: PanelHost = {
    root,
    options: testOptions(options),
    launcher,
    emit: <E extends ConfabEventName>(event: E, payload: ConfabEventMap[E]) => void events.push({ event, payload }),
    addStyles: () => {},
    applyColors: (c) => void colors.push(c),
  };
  const panel = mount(host);
  const dialog = () => root.querySelector<HTMLElement>('.panel')!;
  const names = () => events.map((e) => e.event);
  return { root, launcher, events, names, colors, panel, dialog };
}

/** Opens the panel and plays the server: a connected socket and a conversation snapshot. */
async function connect(messages: MessageRecord[] = []) {
  await vi.waitFor(() => expect(sockets.length).toBeGreaterThan(0));
  const socket = sockets.at(-1)!;
  socket.fire('connect');
  const snapshot: ConversationSnapshot = {
    conversation: { id: CONVERSATION_ID, status: 'open', createdAt: '2026-01-01T00:00:00Z', lastSeq: messages.at(-1)?.seq ?? 0 },
    messages,
  };
  socket.sent('conversation:open').at(-1)?.ack({ ok: true, data: snapshot });
  return socket;
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

beforeEach(() => {
  localStorage.clear();
  sockets.length = 0;
  document.title = 'Shop';
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('panel', () => {
  it('renders closed, without creating a visitor, and takes the bot look where the page set none', async () => {
    const { dialog, colors } = setup({ options: { subtitle: 'Page subtitle' } });
    expect(dialog().hidden).toBe(true);
    await vi.waitFor(() => expect(dialog().getAttribute('aria-label')).toBe('Bot title'));
    expect(dialog().textContent).toContain('Page subtitle');
    expect(dialog().textContent).not.toContain('Bot subtitle');
    expect(colors).toEqual([config.appearance]);
    expect(vi.mocked(fetch).mock.calls.map(([url]) => String(url))).toEqual(['http://confab.test/api/widget/config?botKey=demo']);
    expect(sockets).toEqual([]);
  });

  it('keeps the page title over the bot title, and says Chat without either', async () => {
    const { dialog } = setup({ options: { title: 'Page title' } });
    await vi.waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalled());
    await nextFrame();
    expect(dialog().getAttribute('aria-label')).toBe('Page title');
    document.body.innerHTML = '';
    const second = setup({ widgetConfig: null });
    await nextFrame();
    expect(second.dialog().getAttribute('aria-label')).toBe('Chat');
  });

  it('opens, remembers it, focuses the composer and shows server errors as a message', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ status: 'error', message: 'Unknown bot' }, { status: 404 })));
    const { root, panel, dialog, names } = setup();
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ status: 'error', message: 'Unknown bot' }, { status: 404 })));
    panel.open();
    expect(names()).toEqual(['open']);
    expect(JSON.parse(localStorage.getItem('confab:demo') ?? '{}').open).toBe(true);
    await vi.waitFor(() => expect(dialog().hidden).toBe(false));
    await nextFrame();
    expect(root.activeElement?.tagName).toBe('TEXTAREA');
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')?.textContent).toBe('Unknown bot'));
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    const { root, launcher, panel, dialog, names } = setup();
    panel.open();
    await nextFrame();
    const textarea = root.querySelector('textarea')!;
    textarea.focus();
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(names()).toEqual(['open', 'close']);
    await vi.waitFor(() => expect(dialog().hidden).toBe(true));
    expect(root.activeElement).toBe(launcher);
    expect(JSON.parse(localStorage.getItem('confab:demo') ?? '{}').open).toBe(false);
  });

  it('stays open in inline and fullscreen modes', async () => {
    const { panel, names, dialog } = setup({ options: { mode: 'inline', target: '#chat' } });
    panel.open({ focus: false });
    panel.close();
    panel.toggle();
    expect(names()).toEqual(['open']);
    await vi.waitFor(() => expect(dialog().hidden).toBe(false));
    expect(JSON.parse(localStorage.getItem('confab:demo') ?? '{}').open).toBeUndefined();
  });

  it('puts prefilled text into the composer', async () => {
    const { root, panel } = setup();
    panel.prefill('Where is order NW-1001?');
    panel.open();
    await vi.waitFor(() => expect(root.querySelector('textarea')?.value).toBe('Where is order NW-1001?'));
  });

  it('counts unread replies while closed: event, badge, label and tab title while hidden', async () => {
    const { panel, launcher, events } = setup();
    panel.open();
    const socket = await connect([text(1, 'Hello!')]);
    panel.close();
    socket.fire('message:new', text(2, 'Your order shipped'));
    socket.fire('message:new', text(3, 'It arrives **tomorrow**'));
    await vi.waitFor(() => expect(launcher.dataset.unread).toBe('2'));
    expect(launcher.getAttribute('aria-label')).toBe('Open chat (2 new)');
    expect(events.filter((e) => e.event === 'unread').map((e) => e.payload)).toEqual([1, 2]);
    expect(document.title).toBe('Shop'); // the page is visible

    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(document.title).toBe('(2) Shop'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(document.title).toBe('Shop'));

    panel.open();
    await vi.waitFor(() => expect(launcher.dataset.unread).toBeUndefined());
    expect(launcher.getAttribute('aria-label')).toBe('Open chat');
    expect(events.at(-1)).toEqual({ event: 'open', payload: undefined });
    expect(events.filter((e) => e.event === 'unread').at(-1)?.payload).toBe(0);
  });

  it('has off-switches for the badge and the tab title', async () => {
    const { panel, launcher } = setup({ options: { unreadBadge: false, titleCount: false } });
    panel.open();
    const socket = await connect([]);
    panel.close();
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    socket.fire('message:new', text(1, 'Psst'));
    await nextFrame();
    expect(launcher.dataset.unread).toBeUndefined();
    expect(document.title).toBe('Shop');
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
  });

  it('leaves the greeting preview to the loader (loader/attention.ts shows it before the panel loads)', async () => {
    const { root } = setup();
    await vi.waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalled());
    await nextFrame();
    await nextFrame();
    expect(root.querySelector('.preview')).toBeNull();
  });

  it('shows no preview with data-preview="false"', async () => {
    const { root } = setup({ options: { preview: false } });
    await vi.waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalled());
    await nextFrame();
    await nextFrame();
    expect(root.querySelector('.preview')).toBeNull();
  });

  it('sends identify once connected, and again after a reconnect until acknowledged', async () => {
    const { panel } = setup();
    const profile: VisitorProfile = { name: 'Ada', email: 'ada@example.com' };
    panel.identify(profile);
    panel.open();
    const socket = await connect([]);
    const [first] = socket.sent('visitor:identify');
    expect(first?.payload).toEqual(profile);
    first?.ack(new Error('operation has timed out'));
    socket.fire('disconnect');
    socket.fire('connect');
    const [, second] = socket.sent('visitor:identify');
    expect(second?.payload).toEqual(profile);
    second?.ack(null, { ok: true, data: { profile } });
    socket.fire('disconnect');
    socket.fire('connect');
    expect(socket.sent('visitor:identify')).toHaveLength(2);
  });

  it('identifies the user of data-user-id, data-user-hash, data-user-email and data-user-name once connected', async () => {
    const { panel } = setup({ options: { userId: 'cust-42', userHash: 'ab'.repeat(32), userEmail: 'ada@example.com', userName: 'Ada' } });
    panel.open();
    const socket = await connect([]);
    expect(socket.sent('visitor:identify').map((e) => e.payload)).toEqual([
      { external_id: 'cust-42', user_hash: 'ab'.repeat(32), email: 'ada@example.com', name: 'Ada' },
    ]);
  });

  it('sends no identify without data-user-* attributes', async () => {
    const { panel } = setup({ options: { userHash: 'ab'.repeat(32) } });
    panel.open();
    const socket = await connect([]);
    expect(socket.sent('visitor:identify')).toEqual([]);
  });

  it('resets: forgets the visitor and the conversation, and starts over as someone new', async () => {
    const { panel, root } = setup();
    panel.open();
    const socket = await connect([text(1, 'Hi Ada')]);
    await vi.waitFor(() => expect(root.textContent).toContain('Hi Ada'));
    panel.reset();
    expect(socket.connected).toBe(false);
    const stored = JSON.parse(localStorage.getItem('confab:demo') ?? '{}');
    expect(stored.token).toBeUndefined();
    expect(stored.conversationId).toBeUndefined();
    await vi.waitFor(() => expect(root.textContent).not.toContain('Hi Ada'));
    await vi.waitFor(() => expect(sockets).toHaveLength(2)); // the open panel goes on as a new visitor
  });

  it('destroys: unmounts and disconnects', async () => {
    const { panel, root } = setup();
    panel.open();
    const socket = await connect([]);
    panel.destroy();
    expect(root.querySelector('.panel')).toBeNull();
    expect(socket.connected).toBe(false);
  });

  it('reconnects a returning visitor in the background, so replies while closed are unread', async () => {
    localStorage.setItem('confab:demo', JSON.stringify({ visitorId: 'v0', token: 't0', conversationId: CONVERSATION_ID }));
    const { launcher } = setup();
    const socket = await connect([text(1, 'Earlier')]);
    expect(socket.sent('conversation:open')[0]?.payload).toEqual({ conversationId: CONVERSATION_ID });
    socket.fire('message:new', text(2, 'An agent replied'));
    await vi.waitFor(() => expect(launcher.dataset.unread).toBe('2'));
  });

  it('speaks the page language: strings, direction and the launcher label', async () => {
    const { dialog, launcher, root } = setup({ options: { locale: 'ar' } });
    await vi.waitFor(() => expect(launcher.getAttribute('aria-label')).toBe('فتح الدردشة'));
    expect(dialog().getAttribute('dir')).toBe('rtl');
    expect(root.querySelector('textarea')?.getAttribute('placeholder')).toBe('اكتب رسالة…');
  });

  it("uses the bot's own texts for the page language over the widget's (002 messages)", async () => {
    const own: WidgetConfig = { ...config, messages: { de: { placeholder: 'Fragen Sie die Rösterei…' }, en: { placeholder: 'Ask the roastery…' } } };
    const { root } = setup({ options: { locale: 'de' }, widgetConfig: own });
    await vi.waitFor(() => expect(root.querySelector('textarea')?.getAttribute('placeholder')).toBe('Fragen Sie die Rösterei…'));
    // The other texts stay the language's own.
    expect(root.innerHTML).toContain('"Senden"');
  });

  it('keeps the built-in texts of a language the bot has none for', async () => {
    const own: WidgetConfig = { ...config, messages: { de: { placeholder: 'Fragen Sie die Rösterei…' } } };
    const { root } = setup({ options: { locale: 'fr' }, widgetConfig: own });
    await vi.waitFor(() => expect(root.innerHTML).toContain('"Envoyer"'));
    expect(root.querySelector('textarea')?.getAttribute('placeholder')).not.toBe('Fragen Sie die Rösterei…');
  });
});

describe('panel: threads', () => {
  const threads: WidgetConfig = {
    ...config,
    reactions: true,
    quickPrompts: [{ id: 'hours', title: 'Opening hours', description: 'What are your opening hours?', link: null }],
    personas: [{ id: 'bo', name: 'Barista Bo' }],
  };
  const button = (root: ShadowRoot, name: string) =>
    Array.from(root.querySelectorAll<HTMLButtonElement>('button')).filter((b) => (b.getAttribute('aria-label') ?? b.textContent) === name);

  it('reacts: the press goes to the server, and updates from any tab are merged', async () => {
    const { root, panel } = setup({ widgetConfig: threads });
    panel.open();
    const socket = await connect([text(1, 'Hi!'), text(2, 'Mon–Fri 7:00–18:00')]);
    await vi.waitFor(() => expect(button(root, 'Helpful')).toHaveLength(2));
    button(root, 'Helpful')[1]!.click();
    const [sent] = socket.sent('message:react');
    expect(sent?.payload).toEqual({ conversationId: CONVERSATION_ID, messageId: 'm2', reaction: 'POSITIVE' });
    sent?.ack({ ok: true, data: { message: { ...text(2, 'Mon–Fri 7:00–18:00'), reaction: 'POSITIVE' } } });
    await vi.waitFor(() => expect(button(root, 'Helpful')[1]?.getAttribute('aria-pressed')).toBe('true'));

    socket.fire('message:update', { ...text(2, 'Mon–Fri 7:00–18:00'), reaction: 'NEGATIVE' });
    await vi.waitFor(() => expect(button(root, 'Not helpful')[1]?.getAttribute('aria-pressed')).toBe('true'));
    expect(button(root, 'Helpful')[1]?.getAttribute('aria-pressed')).toBe('false');
  });

  it('sends a quick prompt the way Confab.send does', async () => {
    const { root, panel } = setup({ widgetConfig: threads });
    panel.open();
    const socket = await connect([text(1, 'Hi!')]);
    const prompt = await vi.waitFor(() => {
      const [found] = button(root, 'Opening hours');
      expect(found).toBeTruthy();
      return found!;
    });
    prompt.click();
    // The outbox sends it (after storing it), not the click itself.
    await vi.waitFor(() =>
      expect((socket.sent('visitor:event')[0]?.payload as { packet: unknown } | undefined)?.packet).toEqual({
        name: 'message',
        payload: { body: 'What are your opening hours?' },
      }),
    );
    await vi.waitFor(() => expect(button(root, 'Opening hours')).toHaveLength(0));
  });

  it('remembers the persona picked, so a reload shows it in the header', async () => {
    const first = setup({ widgetConfig: threads });
    first.panel.open();
    const socket = await connect([text(1, 'Hi!')]);
    const bo = await vi.waitFor(() => {
      const found = first.root.querySelector<HTMLButtonElement>('button.persona');
      expect(found?.textContent).toContain('Barista Bo');
      return found!;
    });
    bo.click();
    const [sent] = socket.sent('persona:select');
    expect(sent?.payload).toEqual({ conversationId: CONVERSATION_ID, personaId: 'bo' });
    sent?.ack({ ok: true, data: { personaId: 'bo' } });
    await vi.waitFor(() => expect(first.root.querySelector('.title')?.textContent).toBe('Barista Bo'));
    expect(JSON.parse(localStorage.getItem('confab:demo') ?? '{}').persona).toEqual({ conversationId: CONVERSATION_ID, personaId: 'bo' });

    first.panel.destroy();
    document.body.innerHTML = '';
    const second = setup({ widgetConfig: threads });
    await connect([text(1, 'Hi!')]);
    await vi.waitFor(() => expect(second.root.querySelector('.title')?.textContent).toBe('Barista Bo'));
  });

  it('tells the server what the visitor has read, while the panel is open on a visible page', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { panel } = setup({ widgetConfig: threads });
      panel.open();
      const socket = await connect([text(1, 'Hi!'), text(2, 'How can I help?')]);
      const reads = () => socket.sent('conversation:read').map((e) => e.payload);
      await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
      expect(reads()).toEqual([{ conversationId: CONVERSATION_ID, seq: 2 }]);
      socket.sent('conversation:read')[0]?.ack({ ok: true, data: { seq: 2 } });

      panel.close();
      socket.fire('message:new', text(3, 'Still there?'));
      await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS * 2);
      expect(reads()).toHaveLength(1);

      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      panel.open();
      await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS * 2);
      expect(reads()).toHaveLength(1);

      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
      await vi.advanceTimersByTimeAsync(READ_MARK_DELAY_MS);
      expect(reads().at(-1)).toEqual({ conversationId: CONVERSATION_ID, seq: 3 });
    } finally {
      vi.useRealTimers();
      Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    }
  });
});

