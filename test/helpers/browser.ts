import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { root } from './server.js';

/** Debian's Chromium, headless, with no network of its own beyond the pages we open. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Screenshots for people to look at: written under test-artifacts/, never committed. */
export function artifactPath(name: string): string {
  const dir = join(root, 'test-artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
