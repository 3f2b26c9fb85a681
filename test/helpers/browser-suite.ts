import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Config } from '../../server/lib/config.js';
import type { RunningServer } from '../../server/server.js';
import { launchChromium } from './browser.js';
import { tempDir } from './databases.js';
import { startHostPages, type HostPageServer, type HostRoute } from './host-page.js';
import './layout.js'; // expect(…).toBeNear: every browser suite compares boxes
import { startTestServer } from './server.js';
import { putSettings } from './threads.js';
import { enableBotApi, serveTestImages } from './widget.js';

interface Closable {
  close(): Promise<void>;
}

export interface BrowserSuiteOptions<S extends Record<string, () => Promise<Closable>>> {
  /**
   * Pages of a host site on its own origin (another origin than Confab's, as on a real site).
   * A function gets the Confab server's URL, which the embed tag needs and which is only known
   * once the server listens. Without `pages` there is no site: paths open on the demo page.
   * `{}` starts an empty site that tests fill with `suite.site.set`.
   */
  pages?: Record<string, HostRoute | ((serverUrl: string) => HostRoute)>;
  /** Config of the Confab server, over testConfig's. */
  server?: Partial<Config>;
  /** Tests speak as the demo bot through its bot API URL (botSays). */
  botApi?: boolean;
  /** Every page answers IMAGE_HOST itself (serveTestImages). */
  images?: boolean;
  /** Context options of every page (viewport, locale, a phone); open() can add to them. */
  context?: BrowserContextOptions;
  /** More servers the tests need (a webhook bot, say): started after Confab's, closed at the end. */
  services?: S;
}

export interface BrowserSuite<S extends Record<string, () => Promise<Closable>>> {
  readonly browser: Browser;
  readonly server: RunningServer;
  readonly site: HostPageServer;
  readonly services: { [K in keyof S]: Awaited<ReturnType<S[K]>> };
  /**
   * A page in a context of its own (a new visitor: own storage, own config cache), closed
   * after the test. `path` is on the site, or on the demo page without one; a full URL goes
   * where it says. `beforeGoto` runs on the fresh page first: init scripts, listeners.
   */
  open(path?: string, context?: BrowserContextOptions, beforeGoto?: (page: Page) => unknown): Promise<Page>;
  /**
   * Stops the Confab server and starts it again on the same port and data, as visitors see
   * a restart; `whileDown` runs in between (to see the widget notice, say).
   */
  restartServer(whileDown?: () => Promise<unknown>): Promise<void>;
}

/**
 * The setup every browser test file shares, as vitest hooks: Chromium, a Confab server with
 * the demo bot, optionally a host site and other servers; each test's pages closed after it,
 * everything else after the file. Call it at the top of a describe.
 */
export function browserSuite<S extends Record<string, () => Promise<Closable>> = Record<never, never>>(
  options: BrowserSuiteOptions<S> = {},
): BrowserSuite<S> {
  // Ours rather than testConfig's, so that a restart finds the same data again.
  const config = { ...options.server, dataDir: options.server?.dataDir ?? tempDir() };
  let browser: Browser | undefined;
  let server: RunningServer | undefined;
  let site: HostPageServer | undefined;
  const services: Partial<Record<keyof S, Closable>> = {};
  const pages: Page[] = [];

  const started = <T>(what: string, value: T | undefined): T => {
    if (value === undefined) throw new Error(`browserSuite: no ${what} (not started yet${what === 'site' ? ', or no pages option' : ''})`);
    return value;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startTestServer(config);
    if (options.botApi) await enableBotApi(server.url);
    if (options.pages) {
      const url = server.url;
      site = await startHostPages(
        Object.fromEntries(Object.entries(options.pages).map(([path, route]) => [path, typeof route === 'function' ? route(url) : route])),
      );
      // The demo bot allows only its own page; the site's pages embed it as a shop's would.
      await putSettings(url, { allowed_origins: ['self', site.origin] });
    }
    for (const [name, start] of Object.entries(options.services ?? {}) as Array<[keyof S, () => Promise<Closable>]>) {
      services[name] = await start();
    }
  });
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.context().close();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    for (const service of Object.values(services) as Closable[]) await service.close();
    await server?.close();
  });

  return {
    get browser() {
      return started('browser', browser);
    },
    get server() {
      return started('server', server);
    },
    get site() {
      return started('site', site);
    },
    get services() {
      return services as { [K in keyof S]: Awaited<ReturnType<S[K]>> };
    },
    async open(path = '/', context = {}, beforeGoto) {
      const page = await (await started('browser', browser).newContext({ ...options.context, ...context })).newPage();
      pages.push(page);
      if (options.images) await serveTestImages(page);
      await beforeGoto?.(page);
      await page.goto(new URL(path, site?.origin ?? started('server', server).url).href);
      return page;
    },
    async restartServer(whileDown) {
      const { port } = started('server', server);
      await server!.close();
      server = undefined;
      await whileDown?.();
      server = await startTestServer({ ...config, port });
    },
  };
}
