import { describe, expect, it } from 'vitest';
import { testOptions } from '../testing/options.js';
import { findLoaderScript, readOptions } from './read-options.js';

// Detached tags: read, never fetched.
function embed(attributes: Record<string, string>, src = 'https://chat.example.com/widget.js'): HTMLScriptElement {
  const script = document.createElement('script');
  script.setAttribute('src', src);
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script;
}

describe('readOptions', () => {
  it('reads the embed attributes, with defaults', () => {
    const script = embed({ 'data-bot-key': 'shop' });
    expect(readOptions(script)).toEqual(testOptions({ botKey: 'shop', server: 'https://chat.example.com' }));
  });

  it('reads every documented attribute', () => {
    const script = embed({
      'data-bot-key': 'shop',
      'data-server': 'https://api.example.com/',
      'data-title': 'Support',
      'data-subtitle': 'We reply fast',
      'data-avatar': 'https://cdn.example.com/ada.png',
      'data-primary-color': '#7c3aed',
      'data-text-color': '#ffffff',
      'data-position': 'left',
      'data-offset-x': '32',
      'data-offset-y': '24px',
      'data-z-index': '9000',
      'data-launcher-icon': 'https://cdn.example.com/icon.svg',
      'data-mode': 'inline',
      'data-target': '#support',
      'data-open': 'true',
      'data-theme': 'dark',
      'data-locale': 'de-AT',
      'data-font': 'Georgia, serif',
      'data-hide-launcher': '',
      'data-storage': 'session',
      'data-nonce': 'r4nd0m',
      'data-css': '.header { letter-spacing: 1px }',
      'data-unread-badge': 'false',
      'data-preview': 'false',
      'data-title-count': 'false',
      'data-user-id': 'cust-42',
      'data-user-hash': 'ab'.repeat(32),
      'data-user-email': 'ada@example.com',
      'data-user-name': 'Ada Lovelace',
    });
    expect(readOptions(script)).toEqual({
      botKey: 'shop',
      server: 'https://api.example.com',
      title: 'Support',
      subtitle: 'We reply fast',
      avatar: 'https://cdn.example.com/ada.png',
      primaryColor: '#7c3aed',
      textColor: '#ffffff',
      position: 'left',
      offsetX: 32,
      offsetY: 24,
      zIndex: 9000,
      launcherIcon: 'https://cdn.example.com/icon.svg',
      mode: 'inline',
      target: '#support',
      open: true,
      theme: 'dark',
      locale: 'de-AT',
      font: 'Georgia, serif',
      hideLauncher: true,
      storage: 'session',
      nonce: 'r4nd0m',
      css: '.header { letter-spacing: 1px }',
      unreadBadge: false,
      preview: false,
      titleCount: false,
      userId: 'cust-42',
      userHash: 'ab'.repeat(32),
      userEmail: 'ada@example.com',
      userName: 'Ada Lovelace',
    });
  });

  it('takes window.ConfabConfig (camelCase) where no attribute is given: attributes win', () => {
    const script = embed({ 'data-bot-key': 'from-tag', 'data-title': 'Tag title', 'data-preview': 'true' });
    const options = readOptions(script, {
      botKey: 'from-config',
      title: 'Config title',
      position: 'left',
      open: true,
      storage: 'none',
      offsetX: 40,
      zIndex: 50,
      theme: 'auto',
      mode: 'fullscreen',
      hideLauncher: true,
      preview: false,
      titleCount: false,
      customCss: '.title { color: red }',
    });
    expect(options).toMatchObject({
      botKey: 'from-tag',
      title: 'Tag title',
      position: 'left',
      open: true,
      storage: 'none',
      offsetX: 40,
      zIndex: 50,
      theme: 'auto',
      mode: 'fullscreen',
      hideLauncher: true,
      preview: true,
      titleCount: false,
      css: '.title { color: red }',
    });
  });

  it('works from window.ConfabConfig alone, the server included', () => {
    expect(readOptions(null, { botKey: 'shop', server: 'https://chat.example.com' })).toEqual(
      testOptions({ botKey: 'shop', server: 'https://chat.example.com' }),
    );
  });

  it('ignores invalid values', () => {
    const script = embed({
      'data-bot-key': 'shop',
      'data-position': 'top',
      'data-storage': 'cookies',
      'data-open': 'yes',
      'data-mode': 'popup',
      'data-theme': 'neon',
      'data-offset-x': 'far',
      'data-z-index': 'high',
      'data-title': '   ',
    });
    const options = readOptions(script);
    expect(options).toMatchObject({ position: 'right', storage: 'local', open: false, mode: 'launcher', theme: 'light' });
    expect(options).not.toHaveProperty('offsetX');
    expect(options).not.toHaveProperty('zIndex');
    expect(options).not.toHaveProperty('title');
  });

  it('trusts no type in window.ConfabConfig', () => {
    const hostile = { botKey: 'shop', server: 'https://x.example', title: 42, open: 'maybe', offsetX: {}, css: ['x'] } as never;
    const options = readOptions(null, hostile);
    expect(options).toMatchObject({ open: false });
    expect(options).not.toHaveProperty('title');
    expect(options).not.toHaveProperty('offsetX');
    expect(options).not.toHaveProperty('css');
  });

  it('needs a bot key', () => {
    expect(readOptions(embed({}))).toBeNull();
  });
});

describe('findLoaderScript', () => {
  it('finds the embed tag by its shape when currentScript is gone', () => {
    // Parsed, not inserted: scripts from DOMParser never run or load.
    const page = new DOMParser().parseFromString(
      `<script src="https://cdn.example.com/app.js" data-bot-key="other"></script>
       <script src="https://chat.example.com/widget.js?v=2" data-bot-key="shop"></script>`,
      'text/html',
    );
    expect(findLoaderScript(page)?.dataset.botKey).toBe('shop');
  });
});
