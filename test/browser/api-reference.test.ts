import { describe, expect, it } from 'vitest';
import { artifactPath } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browser-suite.js';
import { recordCspViolations } from '../helpers/widget.js';

/**
 * /docs offline: Scalar's reference loads from this server alone (no CDN script, no fonts,
 * no telemetry) under the page's own Content-Security-Policy, and shows the document.
 */
describe('the API reference at /docs', () => {
  const suite = browserSuite();

  it('renders the OpenAPI document with nothing fetched beyond loopback and no CSP violation', async () => {
    const violations: string[] = [];
    const outside: string[] = [];
    const errors: string[] = [];
    const page = await suite.open('/docs', {}, async (fresh) => {
      await recordCspViolations(fresh, violations);
      fresh.on('pageerror', (err) => errors.push(err.message));
      fresh.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      // Every request the page makes: anything not for this machine is recorded and refused.
      await fresh.route('**/*', (route) => {
        const { hostname, protocol } = new URL(route.request().url());
        if (protocol === 'data:' || hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
        outside.push(route.request().url());
        return route.abort();
      });
    });
    try {
      // The sidebar lists every tag; the first one's operations are open.
      await page.getByText('Update settings').first().waitFor();
    } finally {
      await page.screenshot({ path: artifactPath('api-reference.png') });
    }
    // Scalar probes `new Function("")` once to pick its validator and falls back when the
    // policy refuses it: that refusal (no 'unsafe-eval') is meant. Nothing else may be refused.
    const refused = violations.filter((v) => v !== 'script-src: eval');
    expect({ refused, errors, outside }).toEqual({ refused: [], errors: [], outside: [] });
    await page.getByRole('heading', { name: 'Confab', exact: true }).waitFor();
    for (const tag of ['Keyword rules', 'API channel (001)', 'Threads (002)', 'Bot API URL (003)']) await page.getByText(tag, { exact: true }).first().waitFor();
    expect(await page.locator('script[src]').evaluateAll((scripts) => scripts.map((s) => s.getAttribute('src')))).toEqual(['/docs/scalar.js', '/docs/reference.js']);
    await page.screenshot({ path: artifactPath('api-reference.png') });
    expect(outside).toEqual([]);
    expect(violations.filter((v) => v !== 'script-src: eval')).toEqual([]);
  });

  it('sends the page with a policy that allows scripts and connections to this server only', async () => {
    const res = await fetch(`${suite.server.url}/docs`);
    expect(res.status).toBe(200);
    const policy = res.headers.get('Content-Security-Policy')!;
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*(unsafe|https?:)/);
    const bundle = await fetch(`${suite.server.url}/docs/scalar.js`, { headers: { 'Accept-Encoding': 'br' } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('Content-Encoding')).toBe('br');
  });
});
