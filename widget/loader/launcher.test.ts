import { describe, expect, it } from 'vitest';
import type { WidgetOptions } from '../contract.js';
import { testOptions } from '../testing/options.js';
import { createShell } from './launcher.js';

const noTheme = () => Promise.reject(new Error('no colors in these tests'));
const shell = (options: Partial<WidgetOptions> = {}) => createShell(testOptions(options), () => {}, noTheme);
const icon = (launcher: HTMLButtonElement | null) => launcher?.querySelector('.icon-chat');

describe('launcher: the bot icon (002 icons)', () => {
  it("draws the bot's launcher icon in place of the chat icon, once", () => {
    const { launcher, setBotIcon } = shell();
    expect(icon(launcher)?.tagName.toLowerCase()).toBe('svg');
    setBotIcon({ icons: { launcher: 'https://cdn.example.com/cup.png' } });
    expect(icon(launcher)?.getAttribute('src')).toBe('https://cdn.example.com/cup.png');
    expect(icon(launcher)?.getAttribute('alt')).toBe('');
    setBotIcon({ icons: { launcher: 'https://cdn.example.com/mug.png' } });
    expect(launcher?.querySelectorAll('.icon-chat')).toHaveLength(1);
    expect(icon(launcher)?.getAttribute('src')).toBe('https://cdn.example.com/mug.png');
  });

  it("keeps the page's own icon (data-launcher-icon)", () => {
    const { launcher, setBotIcon } = shell({ launcherIcon: 'https://shop.example.com/own.png' });
    setBotIcon({ icons: { launcher: 'https://cdn.example.com/cup.png' } });
    expect(icon(launcher)?.getAttribute('src')).toBe('https://shop.example.com/own.png');
  });

  it('keeps the chat icon for no icon, a hostile one, plain http or a config that is not one', () => {
    for (const config of [undefined, null, {}, { icons: {} }, { icons: { launcher: 'javascript:alert(1)' } }, { icons: { launcher: 'http://cdn.example.com/cup.png' } }, { icons: { launcher: 'data:image/svg+xml,<svg/>' } }, { icons: { launcher: 42 } }]) {
      const { launcher, setBotIcon } = shell();
      setBotIcon(config);
      expect(launcher?.querySelector('img'), JSON.stringify(config)).toBeNull();
      expect(launcher?.querySelector('svg.icon-chat')).not.toBeNull();
    }
  });

  it('has nothing to draw without a launcher (inline mode, hideLauncher)', () => {
    for (const options of [{ mode: 'inline' as const, target: '#chat' }, { hideLauncher: true }]) {
      const { launcher, setBotIcon } = shell(options);
      expect(launcher).toBeNull();
      expect(() => setBotIcon({ icons: { launcher: 'https://cdn.example.com/cup.png' } })).not.toThrow();
    }
  });
});
