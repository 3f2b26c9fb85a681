import { describe, expect, it } from 'vitest';
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
    expect(readOptions(script)).toEqual({
      botKey: 'shop',
      server: 'https://chat.example.com',
      title: 'Chat',
      position: 'right',
      open: false,
      storage: 'local',
    });
  });

  it('reads every documented attribute', () => {
    const script = embed({
      'data-bot-key': 'shop',
      'data-server': 'https://api.example.com/',
      'data-title': 'Support',
      'data-subtitle': 'We reply fast',
      'data-primary-color': '#7c3aed',
      'data-position': 'left',
      'data-open': 'true',
      'data-storage': 'session',
    });
    expect(readOptions(script)).toEqual({
      botKey: 'shop',
      server: 'https://api.example.com',
      title: 'Support',
      subtitle: 'We reply fast',
      primaryColor: '#7c3aed',
      position: 'left',
      open: true,
      storage: 'session',
    });
  });

  it('takes window.ConfabConfig where no attribute is given (attributes win)', () => {
    const script = embed({ 'data-bot-key': 'from-tag', 'data-title': 'Tag title' });
    const options = readOptions(script, { botKey: 'from-config', title: 'Config title', position: 'left', open: true, storage: 'none' });
    expect(options).toMatchObject({ botKey: 'from-tag', title: 'Tag title', position: 'left', open: true, storage: 'none' });
  });

  it('ignores invalid values', () => {
    const script = embed({ 'data-bot-key': 'shop', 'data-position': 'top', 'data-storage': 'cookies', 'data-open': 'yes' });
    expect(readOptions(script)).toMatchObject({ position: 'right', storage: 'local', open: false });
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
