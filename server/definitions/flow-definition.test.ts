import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../lib/project-root.js';
import { issueOf } from './testing.js';
import { parseFlow } from './flow-definition.js';


/** A flow of one api_fetch step with this api_config. */
const calling = (api_config: object) => ({
  name: 'Call',
  steps: [{ step_name: 'call', step_order: 1, message_type: 'api_fetch', api_config }],
});

describe('api_fetch templates when a flow is saved', () => {
  it.each([
    [{ url: 'https://{{host}}/orders' }, 'steps.0.api_config.url: the scheme, host and port of the URL cannot hold {{variables}}'],
    [{ url: 'https://api.example.com:{{port}}/x' }, 'steps.0.api_config.url: the scheme, host and port'],
    [{ url: '/x', method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"qty": {{qty}}}' }, 'steps.0.api_config.body: {{qty}} stands as a whole JSON value'],
    [{ url: '/x', method: 'POST', body: '{"{{key}}": "v"}' }, 'steps.0.api_config.body: {{key}} is in a JSON key'],
    [{ url: '/x', method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: '<a>{{v}}</a>' }, 'steps.0.api_config.body: a body with {{variables}}'],
    [{ url: '/x', headers: { 'Content-Type': '{{type}}' } }, 'steps.0.api_config.headers.Content-Type: Content-Type cannot hold {{variables}}'],
    [{ url: '/x', headers: { 'X-A': 'a\r\nX-B: b' } }, 'steps.0.api_config.headers.X-A: a header value cannot hold line breaks'],
  ])('refuses %j', (api, issue) => {
    expect(issueOf(() => parseFlow(calling(api)))).toContain(issue);
  });

  it.each([
    { url: '/demo/api/orders/{{order_id}}' },
    { url: 'https://api.example.com/orders/{{id}}?lang={{lang}}', headers: { Authorization: 'Bearer {{token}}' } },
    { url: '/x', method: 'POST', body: '{"name": "{{name}}", "qty": 2}' },
    { url: '/x', method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'name={{name}}' },
    { url: '/x', method: 'POST', body: 'Visitor {{name}} asks' },
  ])('accepts %j', (api) => {
    expect(() => parseFlow(calling(api))).not.toThrow();
  });

  it("accepts the demo bot's flows", () => {
    const bot = JSON.parse(readFileSync(join(findProjectRoot(), 'demo', 'bot.json'), 'utf8')) as { flows: unknown[] };
    for (const flow of bot.flows) expect(() => parseFlow(flow)).not.toThrow();
  });
});
