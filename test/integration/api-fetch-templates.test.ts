import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { call } from '../helpers/http.js';
import { bodyOf, fromBot, startTestServer } from '../helpers/server.js';
import { reply, startHttpServer } from '../helpers/unit-fixture.js';
import { testVisitor, type TestVisitor } from '../helpers/visitor-client.js';

/**
 * Issue 14, item 2: a visitor's answer filled into an api_fetch call stays data where it
 * goes. A real server runs the demo bot's order flow and two flows calling a local receiver
 * that records what arrives.
 */
describe('api_fetch templates against a real server', () => {
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startHttpServer>>;
  const visitors: TestVisitor[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    receiver = await startHttpServer((req, res) => reply(res, 200, { path: req.path }));
    const step = (patch: object) => ({ step_order: 1, message: '', ...patch });
    const flows = [
      {
        name: 'Inspect order',
        trigger_keywords: ['inspect order'],
        steps: [
          step({ step_name: 'ask', step_order: 1, message: 'Which order?', message_type: 'text', input_type: 'text', store_as: 'order_id' }),
          step({
            step_name: 'call',
            step_order: 2,
            message_type: 'api_fetch',
            message: 'Asked for {{path}}',
            api_config: { url: `${receiver.origin}/demo/api/orders/{{order_id}}?ref={{order_id}}&src=chat`, response_mapping: { path: 'path' } },
          }),
        ],
      },
      {
        name: 'Send note',
        trigger_keywords: ['send note'],
        steps: [
          step({ step_name: 'ask', step_order: 1, message: 'Your note?', message_type: 'text', input_type: 'text', store_as: 'note' }),
          step({
            step_name: 'call',
            step_order: 2,
            message_type: 'api_fetch',
            message: 'Note sent.',
            api_config: {
              url: `${receiver.origin}/notes`,
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'X-Note': '{{note}}' },
              body: '{"role": "visitor", "note": "{{note}}"}',
            },
          }),
        ],
      },
    ];
    for (const flow of flows) {
      const created = await call(server.url, 'POST', '/api/chatbot/flows', { body: flow });
      expect(created.status).toBe(201);
    }
  });

  afterAll(async () => {
    for (const v of visitors) v.close();
    await receiver?.close();
    await server?.close();
  });

  /** A new visitor starts a flow with `trigger`, answers its question, and gets the reply. */
  async function answer(trigger: string, question: string, text: string): Promise<string> {
    const v = await testVisitor(server);
    visitors.push(v);
    const { conversation } = await v.open();
    await v.send(conversation.id, trigger);
    const asked = await v.inbox.next((m) => fromBot(m) && (bodyOf(m) ?? '').includes(question));
    await v.send(conversation.id, text);
    const replied = await v.inbox.next((m) => fromBot(m) && m.seq > asked.seq + 1);
    return bodyOf(replied) ?? '';
  }

  it("keeps the demo's order flow working", async () => {
    expect(await answer('track my order', 'order number', 'NW-1001')).toContain('Order **NW-1001** is **shipped**');
  });

  it.each(['../../../healthz', 'NW-1001?role=admin#', 'NW-1002/../NW-1001'])(
    'asks the demo order route for %j as one order number, not for another route',
    async (text) => {
      const said = await answer('track my order', 'order number', text);
      // Not /healthz ("is **ok**"), not order NW-1001: the order route found no such order.
      expect(said).toBe(`I couldn't find order **${text}**. Please check the number in your confirmation email, or ask for an agent.`);
    },
  );

  it.each([
    ['../../../healthz', '/demo/api/orders/..%2F..%2F..%2Fhealthz?ref=..%2F..%2F..%2Fhealthz&src=chat'],
    ['x?role=admin#', '/demo/api/orders/x%3Frole%3Dadmin%23?ref=x%3Frole%3Dadmin%23&src=chat'],
  ])('sends %j as one path segment and one query value', async (text, path) => {
    expect(await answer('inspect order', 'Which order?', text)).toBe(`Asked for ${path}`);
    expect(receiver.requests.at(-1)?.path).toBe(path);
  });

  it('sends a body answer as one JSON string value: it cannot add a key', async () => {
    const note = '", "role": "admin';
    expect(await answer('send note', 'Your note?', note)).toBe('Note sent.');
    const sent = receiver.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(JSON.parse(sent.body)).toEqual({ note, role: 'visitor' });
  });

  it('sends a header answer without its line breaks (the call is made, no header is added)', async () => {
    expect(await answer('send note', 'Your note?', 'hi\r\nX-Role: admin')).toBe('Note sent.');
    const sent = receiver.requests.at(-1)!;
    expect(JSON.parse(sent.body)).toEqual({ note: 'hi\r\nX-Role: admin', role: 'visitor' });
    expect(sent.headers['x-note']).toBe('hiX-Role: admin');
    expect(sent.headers['x-role']).toBeUndefined();
  });

  it('refuses a flow whose URL lets a visitor choose the host, with a 400 naming the field', async () => {
    const flow = {
      name: 'Anywhere',
      steps: [{ step_name: 'call', step_order: 1, message_type: 'api_fetch', api_config: { url: 'https://{{host}}/orders' } }],
    };
    const { status, json } = await call(server.url, 'POST', '/api/chatbot/flows', { body: flow });
    expect(status).toBe(400);
    expect(json.message).toContain('steps.0.api_config.url');
  });
});
