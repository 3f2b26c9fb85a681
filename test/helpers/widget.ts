import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { BotAction, UploadedFile } from '../../shared/index.js';
import { cidOf } from '../../server/bots/bot-actions.js';
import { storageKey } from '../../widget/storage-key.js';
import { DEMO_TOKEN, root } from './server.js';

/** Locators of the widget, by role and name as a visitor's assistive technology sees it. */
export const widget = {
  host: (page: Page) => page.locator('confab-widget'),
  launcher: (page: Page) => page.getByRole('button', { name: 'Open chat' }),
  panel: (page: Page) => page.locator('confab-widget .panel'),
  composer: (page: Page) => page.getByRole('textbox', { name: 'Message' }),
  conversation: (page: Page) => page.getByRole('list', { name: 'Conversation' }),
};

/**
 * Waits out the finite animations and transitions of an element and what is inside it (the
 * panel rising, a hovered button growing): boxes and styles read meanwhile are in between.
 * Endless ones (the typing dots) are left running: they never finish.
 */
async function animationsDone(locator: Locator, shadowRoot = false): Promise<void> {
  await locator.evaluate(async (el, inShadow) => {
    // An element's subtree stops at a shadow root: the host's animations are its root's.
    const animations = inShadow ? el.shadowRoot!.getAnimations() : el.getAnimations({ subtree: true });
    await Promise.all(animations.filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished));
  }, shadowRoot);
}

/** The whole widget still: every finite animation in its shadow root has finished. */
export function widgetSettled(page: Page): Promise<void> {
  return animationsDone(widget.host(page), true);
}

/** An element's box once its animations (the panel sliding open) have finished. */
export async function settledBox(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  await animationsDone(locator);
  const box = await locator.boundingBox();
  if (!box) throw new Error('the element is not visible');
  return box;
}

/** Opens the chat from the launcher and waits for the bot's greeting. */
export async function openChat(page: Page): Promise<void> {
  await widget.launcher(page).click();
  await widget.conversation(page).getByText('Welcome to').waitFor();
}

/** widget.js has run: window.Confab is the widget's API, no longer the page's stub. */
export async function loaderReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.Confab && 'open' in window.Confab && !('q' in window.Confab));
}

/**
 * For checks that something does not show: the widget has the bot's config (its request has
 * answered, and the panel has drawn a couple of frames since), so whatever follows from it
 * would be on screen by now.
 */
export async function configApplied(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/api/widget/config?')));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * The typing indicator shows while `text` has not arrived, seen in one look at the widget:
 * two looks (the indicator, then a count of the text) would race the bot's delay.
 */
export async function typingBefore(page: Page, text: string): Promise<void> {
  await widget.host(page).filter({ has: page.getByRole('img', { name: 'Typing…' }), hasNotText: text }).waitFor();
}

export async function send(page: Page, text: string): Promise<void> {
  await widget.composer(page).fill(text);
  await widget.composer(page).press('Enter');
}

export interface StoredVisitor {
  visitorId?: string;
  token?: string;
  conversationId?: string;
}

/** The widget's own record of its visitor (storageKey), in localStorage or sessionStorage. */
export function storedVisitor(page: Page, botKey = 'demo'): Promise<StoredVisitor> {
  return page.evaluate((key) => {
    const raw = localStorage.getItem(key) ?? sessionStorage.getItem(key);
    return raw ? (JSON.parse(raw) as StoredVisitor) : {};
  }, storageKey(botKey));
}

/** The conversation the widget has open, from its own visitor record. */
export async function conversationIdOf(page: Page, botKey = 'demo'): Promise<string> {
  const id = (await storedVisitor(page, botKey)).conversationId;
  if (!id) throw new Error('the widget has no conversation yet');
  return id;
}

const BOT_API_TOKEN = 'bot-api-token-for-browser-tests';

/** Lets the tests speak as the demo bot through its bot API URL (sets the security token). */
export async function enableBotApi(server: string): Promise<void> {
  const res = await fetch(`${server}/api/chatbot/settings`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${DEMO_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ api_security_token: BOT_API_TOKEN }),
  });
  if (!res.ok) throw new Error(`PUT /api/chatbot/settings answered ${res.status}: ${await res.text()}`);
}

/** The bot says these actions in the conversation, in order (003's bot API URL, one request). */
export async function botSays(server: string, conversationId: string, packets: BotAction[], botKey = 'demo'): Promise<void> {
  const events = packets.map((packet) => ({ info: { cid: cidOf(botKey, conversationId) }, packet }));
  const res = await fetch(`${server}/api/chatbot/v1/events`, {
    method: 'POST',
    headers: { 'SECURITY-TOKEN': BOT_API_TOKEN, 'Content-Type': 'application/json' },
    body: JSON.stringify(events),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`the bot API answered ${res.status}: ${body}`);
  const { data } = JSON.parse(body) as { data: { applied: number; errors: unknown[] } };
  if (data.errors.length) throw new Error(`the bot API refused events: ${JSON.stringify(data.errors)}`);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown; failureSummary?: string }>;
}

/**
 * Runs axe-core on the widget (its shadow tree included), or on the whole page with `scope`
 * null (the agent console), and returns the WCAG 2.x A/AA violations.
 */
export async function axeViolations(page: Page, scope: string | null = 'confab-widget'): Promise<AxeViolation[]> {
  // Evaluated through the browser's devtools protocol rather than added as a <script>: pages
  // with a Content-Security-Policy (the demo page's) refuse inline scripts, not this.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(
      selector ? { include: [[selector]] } : document,
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } },
    );
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  }, scope);
}

/** Images the tests show come from an https host that the browser context answers itself. */
export const IMAGE_HOST = 'https://images.confab.test';

export async function serveTestImages(page: Page): Promise<void> {
  await page.context().route(`${IMAGE_HOST}/**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(1).replace(/\.\w+$/, '');
    const hue = [...name].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 360;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">
      <rect width="400" height="300" fill="hsl(${hue} 45% 55%)"/>
      <circle cx="200" cy="150" r="70" fill="hsl(${hue} 40% 30%)"/>
      <text x="200" y="270" font-family="sans-serif" font-size="28" text-anchor="middle" fill="#fff">${name}</text></svg>`;
    return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: svg });
  });
}

/** Uploads a file as the page's visitor (its token from the widget's record), as the widget would. */
export async function uploadAsVisitor(
  page: Page,
  server: string,
  file: { bytes: Buffer; name: string; type: string },
  botKey = 'demo',
): Promise<UploadedFile> {
  const { token } = await storedVisitor(page, botKey);
  if (!token) throw new Error('the widget has no visitor yet');
  const body = new FormData();
  body.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const res = await fetch(`${server}/api/widget/uploads?botKey=${botKey}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as UploadedFile;
}

/** A real PNG (a screenshot of a colored box) and a real PDF, for uploads the server sniffs. */
export async function sampleFiles(page: Page): Promise<{ png: Buffer; pdf: Buffer }> {
  const scratch = await page.context().newPage();
  await scratch.setContent('<body style="margin:0"><div style="width:320px;height:240px;background:linear-gradient(135deg,#c98a5b,#3d2010)"></div></body>');
  const png = await scratch.screenshot({ clip: { x: 0, y: 0, width: 320, height: 240 } });
  const pdf = await scratch.pdf({ width: '320px', height: '240px' });
  await scratch.close();
  return { png, pdf };
}

/**
 * Records every Content-Security-Policy violation of a page, from its events and its
 * console: call before the page loads (browserSuite's beforeGoto), read the list after.
 */
export async function recordCspViolations(page: Page, violations: string[]): Promise<void> {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  await page.exposeFunction('__reportViolation', (text: string) => void violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => (window as unknown as { __reportViolation(t: string): void }).__reportViolation(`${e.violatedDirective}: ${e.blockedURI}`),
      true,
    );
  });
}
