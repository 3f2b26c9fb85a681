import './testing/happy-dom-fixes.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfabEventName, PanelHost, WidgetOptions } from './contract.js';
import { mount } from './panel.js';

const options: WidgetOptions = {
  botKey: 'demo',
  server: 'http://confab.test',
  title: 'Northwind Support',
  subtitle: 'We usually reply in a few minutes',
  position: 'right',
  open: false,
  storage: 'local',
};

function setup() {
  const element = document.createElement('confab-widget');
  document.body.append(element);
  const root = element.attachShadow({ mode: 'open' });
  const launcher = document.createElement('button');
  launcher.setAttribute('aria-label', 'Open chat');
  root.append(launcher);
  const events: ConfabEventName[] = [];
  const host: PanelHost = { root, options, launcher, emit: (event) => void events.push(event) };
  const panel = mount(host);
  const dialog = () => root.querySelector<HTMLElement>('[role="dialog"]')!;
  return { root, launcher, events, panel, dialog };
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

beforeEach(() => {
  localStorage.clear();
  // The visitor endpoint refuses the bot: the panel must say so, not throw.
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ status: 'error', message: 'Unknown bot' }), { status: 404 })),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('panel', () => {
  it('renders closed, titled after the embed options, without contacting the server', () => {
    const { dialog } = setup();
    expect(dialog().hidden).toBe(true);
    expect(dialog().getAttribute('aria-label')).toBe('Northwind Support');
    expect(dialog().textContent).toContain('We usually reply in a few minutes');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('opens, remembers it, focuses the composer and shows server errors as a message', async () => {
    const { root, panel, dialog, events } = setup();
    panel.open();
    expect(events).toEqual(['open']);
    expect(JSON.parse(localStorage.getItem('confab:demo') ?? '{}').open).toBe(true);
    await vi.waitFor(() => expect(dialog().hidden).toBe(false));
    await nextFrame();
    expect(root.activeElement?.tagName).toBe('TEXTAREA');
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')?.textContent).toBe('Unknown bot'));
  });

  it('closes on Escape and gives focus back to the launcher', async () => {
    const { root, launcher, panel, dialog, events } = setup();
    panel.open();
    await nextFrame();
    const textarea = root.querySelector('textarea')!;
    textarea.focus();
    textarea.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(events).toEqual(['open', 'close']);
    await vi.waitFor(() => expect(dialog().hidden).toBe(true));
    expect(root.activeElement).toBe(launcher);
    expect(JSON.parse(localStorage.getItem('confab:demo') ?? '{}').open).toBe(false);
  });

  it('toggles', () => {
    const { panel, events } = setup();
    panel.toggle();
    panel.toggle();
    expect(events).toEqual(['open', 'close']);
  });
});
