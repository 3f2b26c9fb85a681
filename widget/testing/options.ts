// Embed options for tests: the defaults readOptions gives, plus what a test changes.
import type { WidgetOptions } from '../contract.js';

export function testOptions(overrides: Partial<WidgetOptions> = {}): WidgetOptions {
  return {
    botKey: 'demo',
    server: 'http://confab.test',
    position: 'right',
    mode: 'launcher',
    open: false,
    theme: 'light',
    hideLauncher: false,
    storage: 'local',
    unreadBadge: true,
    preview: true,
    titleCount: true,
    ...overrides,
  };
}
