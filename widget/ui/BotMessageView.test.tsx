import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BotAction, BotActionPayloads } from '../../shared/index.js';
import type { ChoiceAnswer } from '../rules/choices.js';
import { botMessage } from '../testing/messages.js';
import { renderInPanel } from '../testing/render.js';
import type { PanelContextValue } from './panel-context.js';
import { BotMessageView } from './BotMessageView.js';

afterEach(cleanup);

// One test (at least) per action of the bot vocabulary, rendered as the conversation does.
function show(packet: BotAction, answer?: ChoiceAnswer, context: Partial<PanelContextValue> = {}) {
  const message = botMessage(1, packet);
  const view = renderInPanel(<BotMessageView message={message} answer={answer} />, context);
  return { ...view, message, onChoose: view.context.actions.choose };
}

const cards = [
  { id: 'mocha', label: 'Morning Fog', image_url: 'https://cdn.example.com/fog.jpg', description: 'Medium roast' },
  { id: 'latte', label: 'Harbour Dark', image_url: 'https://cdn.example.com/dark.jpg' },
  { id: 'decaf', label: 'Swiss Decaf', image_url: 'http://tracker.example.com/decaf.jpg' },
];

describe('bot actions', () => {
  it('message: markdown by default, plain text when asked', async () => {
    const { container } = show({ name: 'message', payload: { body: 'Hello **there**', text_format: 'markdown_v1' } });
    await waitFor(() => expect(container.querySelector('strong')?.textContent).toBe('there'));
    cleanup();
    show({ name: 'message', payload: { body: '**literal**', text_format: 'plain' } });
    expect(screen.getByText('**literal**')).toBeTruthy();
  });

  it('bubbles: quick replies that answer with a click', () => {
    const { onChoose, message } = show({
      name: 'bubbles',
      payload: { body: 'Pick one', fallback: 'Pick: A, B', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'B' }));
    expect(onChoose).toHaveBeenCalledWith(message, { id: 'b', label: 'B' });
  });

  it('carousel: cards with image, title and subtitle; the card is the option', async () => {
    const { onChoose, message, container } = show({
      name: 'carousel',
      payload: { body: 'Our roasts', fallback: 'Roasts: 1 Morning Fog, 2 Harbour Dark', options: cards },
    });
    const track = await screen.findByRole('list', { name: 'Options' });
    const buttons = within(track).getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual(['Morning FogMedium roast', 'Harbour Dark', 'Swiss Decaf']);
    const images = Array.from(track.querySelectorAll('img')).map((img) => img.getAttribute('src'));
    // Plain http from another server is not loaded.
    expect(images).toEqual(['https://cdn.example.com/fog.jpg', 'https://cdn.example.com/dark.jpg']);
    expect(screen.getByText('Our roasts')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Next' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeTruthy();
    fireEvent.click(buttons[1]!);
    expect(onChoose).toHaveBeenCalledWith(message, { id: 'latte', label: 'Harbour Dark' });
    expect(container.querySelector('.carousel-track')?.getAttribute('tabindex')).toBe('0');
  });

  it('carousel: arrow keys move between cards', async () => {
    show({ name: 'carousel', payload: { fallback: 'Roasts', options: cards } });
    const track = await screen.findByRole('list', { name: 'Options' });
    const [first, second] = within(track).getAllByRole('button');
    first!.focus();
    fireEvent.keyDown(first!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(second);
    fireEvent.keyDown(second!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(first);
  });

  it('carousel: answered once, then the chosen card is marked and all are disabled', async () => {
    const { onChoose } = show({ name: 'carousel', payload: { fallback: 'Roasts', options: cards } }, { id: 'latte', label: 'Harbour Dark' });
    const track = await screen.findByRole('list', { name: 'Options' });
    const buttons = within(track).getAllByRole('button') as HTMLButtonElement[];
    expect(buttons.every((b) => b.disabled)).toBe(true);
    expect(buttons[1]?.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(buttons[0]!);
    expect(onChoose).not.toHaveBeenCalled();
  });

  it('button_template: header, body, footer and at most three buttons', async () => {
    const { onChoose, message } = show({
      name: 'button_template',
      payload: {
        header: { type: 'text', text: 'Your order' },
        body: 'Order **NW-1001** shipped.',
        footer: 'Northwind Coffee',
        fallback: 'Reply Track, Return, Help or Agent',
        options: [
          { id: 'track', label: 'Track' },
          { id: 'return', label: 'Return' },
          { id: 'help', label: 'Help' },
          { id: 'agent', label: 'Agent' },
        ],
      },
    });
    const group = await screen.findByRole('list', { name: 'Options' });
    expect(within(group).getAllByRole('button').map((b) => b.textContent)).toEqual(['Track', 'Return', 'Help']);
    expect(screen.getByText('Your order')).toBeTruthy();
    expect(screen.getByText('Northwind Coffee')).toBeTruthy();
    fireEvent.click(within(group).getByRole('button', { name: 'Return' }));
    expect(onChoose).toHaveBeenCalledWith(message, { id: 'return', label: 'Return' });
  });

  it('button_template: image, video and document headers', async () => {
    const template = (header: BotActionPayloads['button_template']['header']) =>
      show({ name: 'button_template', payload: { header, body: 'Body', fallback: 'f', options: [{ id: 'ok', label: 'OK' }] } });
    template({ type: 'image', link: 'https://cdn.example.com/cup.png' });
    expect((await screen.findByRole('button', { name: 'Show cup.png larger' })).querySelector('img')?.getAttribute('src')).toBe(
      'https://cdn.example.com/cup.png',
    );
    cleanup();
    const { container } = template({ type: 'video', link: 'https://cdn.example.com/brew.mp4' });
    await vi.waitFor(() => expect(container.querySelector('video')?.getAttribute('src')).toBe('https://cdn.example.com/brew.mp4'));
    cleanup();
    template({ type: 'document', link: 'https://cdn.example.com/menu.pdf' });
    expect((await screen.findByRole('link', { name: /menu\.pdf/ })).getAttribute('href')).toBe('https://cdn.example.com/menu.pdf');
  });

  it('list_template: shows the choice once answered', async () => {
    show(
      {
        name: 'list_template',
        payload: { body: 'Pick a plan', button: 'See plans', fallback: 'Plans', options: [{ id: 'pro', label: 'Pro' }] },
      },
      { id: 'pro', label: 'Pro' },
    );
    const button = (await screen.findByRole('button', { name: 'Pro' })) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
  });

  it('buttons: links that open in a new tab and send nothing back', async () => {
    const { onChoose } = show({
      name: 'buttons',
      payload: {
        body: 'Useful links',
        buttons: [
          { label: 'Menu', url: 'https://northwind.example/menu' },
          { label: 'Sneaky', url: 'javascript:alert(1)' },
        ],
      },
    });
    const menu = await screen.findByRole('link', { name: 'Menu' });
    expect(menu.getAttribute('href')).toBe('https://northwind.example/menu');
    expect(menu.getAttribute('target')).toBe('_blank');
    expect(menu.getAttribute('rel')).toBe('noopener noreferrer');
    expect(screen.queryByRole('link', { name: 'Sneaky' })).toBeNull();
    expect(screen.getByText('Sneaky')).toBeTruthy();
    // A link, not a choice: following it is the browser's business (no click is sent back).
    expect(menu.tagName).toBe('A');
    expect(onChoose).not.toHaveBeenCalled();
  });

  it('button (deprecated): one link button', async () => {
    show({ name: 'button', payload: { label: 'Open the shop', url: 'https://northwind.example/' } });
    const link = await screen.findByRole('link', { name: 'Open the shop' });
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('media: an image that opens larger', async () => {
    const { context } = show({ name: 'media', payload: { link: 'https://cdn.example.com/latte.jpg', type: 'image', name: 'Our latte' } });
    const button = await screen.findByRole('button', { name: 'Show Our latte larger' });
    fireEvent.click(button);
    expect(context.showImage).toHaveBeenCalledWith('https://cdn.example.com/latte.jpg', 'Our latte', button);
  });

  it('media: video and audio players, typed or guessed from the extension', async () => {
    const { container } = show({ name: 'media', payload: { link: 'https://cdn.example.com/brew.webm' } });
    await vi.waitFor(() => expect(container.querySelector('video[controls]')?.getAttribute('src')).toBe('https://cdn.example.com/brew.webm'));
    cleanup();
    const audio = show({ name: 'media', payload: { link: 'https://cdn.example.com/jingle', type: 'audio', name: 'Jingle' } });
    await vi.waitFor(() => expect(audio.container.querySelector('audio[controls]')?.getAttribute('aria-label')).toBe('Jingle'));
  });

  it('media: a file link with its name; media from a plain-http stranger only as a link', async () => {
    show({ name: 'media', payload: { link: 'https://cdn.example.com/files/menu.pdf', type: 'file', name: 'Menu (PDF)' } });
    const link = await screen.findByRole('link', { name: /Menu \(PDF\)/ });
    expect(link.getAttribute('href')).toBe('https://cdn.example.com/files/menu.pdf');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    cleanup();
    const { container } = show({ name: 'media', payload: { link: 'http://tracker.example.com/pixel.png', type: 'image' } });
    const fallback = await screen.findByRole('link', { name: /pixel\.png/ });
    expect(fallback.getAttribute('href')).toBe('http://tracker.example.com/pixel.png');
    expect(container.querySelector('img')).toBeNull();
  });

  it('media: images from the Confab server itself load over plain http', async () => {
    show({ name: 'media', payload: { link: 'http://confab.test/uploads/a.png', type: 'image' } });
    const button = await screen.findByRole('button', { name: 'Show a.png larger' });
    expect(button.querySelector('img')?.getAttribute('src')).toBe('http://confab.test/uploads/a.png');
  });

  it('navigate: the page moves itself for allowed origins (shown as done), others are a link', async () => {
    show({ name: 'navigate', payload: { url: '/pricing' } });
    const done = await screen.findByRole('link', { name: `Opened ${location.host}/pricing` });
    expect(done.getAttribute('target')).toBeNull();
    cleanup();
    show({ name: 'navigate', payload: { url: 'https://shop.example.com/cart' } }, undefined, { navigateOrigins: ['https://shop.example.com'] });
    expect(await screen.findByRole('link', { name: 'Opened shop.example.com/cart' })).toBeTruthy();
    cleanup();
    show({ name: 'navigate', payload: { url: 'https://elsewhere.example/deal' } });
    const offer = await screen.findByRole('link', { name: 'Open elsewhere.example/deal' });
    expect(offer.getAttribute('target')).toBe('_blank');
    expect(offer.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('forward_group, forward_skills, forward_any: a system line', () => {
    for (const packet of [
      { name: 'forward_group', payload: { group_id: 'care' } },
      { name: 'forward_skills', payload: { skills: ['de'] } },
      { name: 'forward_any', payload: {} },
    ] as BotAction[]) {
      show(packet);
      expect(screen.getByText('Connecting you with a person…')).toBeTruthy();
      cleanup();
    }
  });

  it('abort and end: a system line', () => {
    show({ name: 'abort', payload: {} });
    expect(screen.getByText('Our team will take it from here.')).toBeTruthy();
    cleanup();
    show({ name: 'end', payload: {} });
    expect(screen.getByText('This conversation has ended')).toBeTruthy();
  });

  it('internal actions show nothing', () => {
    for (const packet of [
      { name: 'note_create', payload: { body: 'VIP' } },
      { name: 'contact_update', payload: { name: 'Ada' } },
      { name: 'conversation_update', payload: { subject: 'Refund' } },
      { name: 'addon_dispatch', payload: { addon: 'crm' } },
      { name: 'email_dispatch', payload: { recipient: 'contact' } },
      { name: 'delay', payload: { duration: 500 } },
    ] as BotAction[]) {
      const { container } = show(packet);
      expect(container.textContent, packet.name).toBe('');
      cleanup();
    }
  });

  it('an unknown action speaks through its fallback', () => {
    show({ name: 'hologram', payload: { fallback: 'Imagine a hologram' } } as unknown as BotAction);
    expect(screen.getByText('Imagine a hologram')).toBeTruthy();
  });
});
