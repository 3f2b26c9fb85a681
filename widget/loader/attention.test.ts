import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WidgetOptions } from '../contract.js';
import { strings as ar } from '../i18n/ar.js';
import { strings as de } from '../i18n/de.js';
import { en, type Strings } from '../i18n/en.js';
import { strings as es } from '../i18n/es.js';
import { strings as fr } from '../i18n/fr.js';
import { plainText as panelPlainText } from '../rules/plain-text.js';
import { plainText, watchGreeting, WORDS, wordsFor } from './attention.js';

// The attention module may import nothing the panel imports (it would run the panel): these
// keep its copies in line with the panel's.
describe('the attention module, alike with the panel', () => {
  it('names the launcher and the dismiss button as the panel strings do', () => {
    const pick = ({ openChat, dismiss }: Strings) => ({ openChat, dismiss });
    expect(WORDS).toEqual({ en: pick(en), de: pick(de), fr: pick(fr), es: pick(es), ar: pick(ar) });
  });

  it('picks the language as pickLocale does: the page first, then the first supported browser language', () => {
    expect(wordsFor('de-AT', ['fr']).dismiss).toBe(de.dismiss);
    expect(wordsFor(undefined, ['nl-NL', 'fr-CA', 'de']).openChat).toBe(fr.openChat);
    expect(wordsFor(undefined, ['nl']).dismiss).toBe(en.dismiss);
    expect(wordsFor('AR', []).dismiss).toBe(ar.dismiss);
  });

  it('turns the markdown greeting into words as rules/plain-text.ts does', () => {
    for (const text of ['**Welcome** to _Northwind_!', 'See [our shop](https://x.test) ![logo](a.png)', '# Hi\n\n> there  `code`']) {
      expect(plainText(text)).toBe(panelPlainText(text));
    }
  });
});

describe('watchGreeting', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
    document.body.innerHTML = '';
  });

  const options = { botKey: 'demo', server: 'https://confab.test', preview: true, locale: 'fr' } as WidgetOptions;
  function setup(appearance: Record<string, string>, opts: Partial<WidgetOptions> = {}) {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const launcher = document.createElement('button');
    launcher.setAttribute('aria-label', 'Open chat');
    root.append(launcher);
    const calls = { colors: [] as unknown[], opened: 0 };
    const stop = watchGreeting({
      root,
      options: { ...options, ...opts },
      config: { appearance },
      launcher,
      addStyles: () => {},
      applyColors: (c) => void calls.colors.push(c),
      open: () => void calls.opened++,
      storage: localStorage,
      key: 'confab:demo',
    });
    return { root, launcher, calls, stop };
  }

  it('names the launcher, applies the bot colors and previews the greeting until dismissed, for good', async () => {
    const { root, launcher, calls } = setup({ primaryColor: '#b4532a', greetingPreview: '**Welcome** to Northwind!' });
    expect(launcher.getAttribute('aria-label')).toBe('Ouvrir le chat');
    const text = await vi.waitFor(() => {
      const button = root.querySelector<HTMLButtonElement>('.preview-text');
      if (!button) throw new Error('no preview yet');
      return button;
    });
    expect(text.textContent).toBe('Welcome to Northwind!');
    expect(calls.colors).toEqual([{ primaryColor: '#b4532a', greetingPreview: '**Welcome** to Northwind!' }]);
    text.click();
    expect(calls.opened).toBe(1);
    localStorage.setItem('confab:demo', JSON.stringify({ seen: { conversationId: 'c1', seq: 1 } }));
    root.querySelector<HTMLButtonElement>('button[aria-label="Masquer"]')!.click();
    expect(root.querySelector('.preview')).toBeNull();
    // Merged into the panel's record, not over it.
    expect(JSON.parse(localStorage.getItem('confab:demo')!)).toEqual({ seen: { conversationId: 'c1', seq: 1 }, previewDismissed: 'greeting' });
    document.body.innerHTML = '';
    const again = setup({ greetingPreview: 'Welcome' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(again.root.querySelector('.preview')).toBeNull();
  });

  it('shows nothing with data-preview="false", without a greeting, or once stopped (the chat opened)', async () => {
    const off = setup({ greetingPreview: 'Welcome' }, { preview: false });
    const none = setup({});
    const stopped = setup({ greetingPreview: 'Welcome' });
    stopped.stop();
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const { root } of [off, none, stopped]) expect(root.querySelector('.preview')).toBeNull();
    expect(off.calls.colors).toHaveLength(1);
  });
});
