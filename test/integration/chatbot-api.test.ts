import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/index.js';
import { flowCreate, keywordRuleCreate } from '../../server/http/openapi/seed-examples.js';
import { adminClient } from '../helpers/http.js';
import { createTestApp } from '../helpers/server.js';

type App = Awaited<ReturnType<typeof createTestApp>>['app'];

describe('chatbot configuration API (/api/chatbot)', () => {
  let app: App;
  let store: Store;
  let service: Awaited<ReturnType<typeof createTestApp>>['service'];
  let visitorRequests: Awaited<ReturnType<typeof createTestApp>>['visitorRequests'];

  beforeAll(async () => {
    ({ app, store, service, visitorRequests } = await createTestApp());
  });

  const call = adminClient(() => app, '/api/chatbot');

  describe('authorization', () => {
    it.each([
      ['no token', null],
      ['a wrong token', 'not-the-token'],
    ])('answers %s with 401', async (_, token) => {
      const { status, json } = await call('GET', '/settings', undefined, token);
      expect(status).toBe(401);
      expect(json.status).toBe('error');
    });
  });

  describe('settings', () => {
    it('returns every field of the document, without the AI key', async () => {
      await call('PUT', '/settings', { ai_api_key: 'sk-secret' });
      const { status, json } = await call('GET', '/settings');
      expect(status).toBe(200);
      expect(json.status).toBe('success');
      for (const field of [
        'id', 'account_id', 'chatbot_enabled', 'ai_enabled', 'ai_provider', 'ai_model', 'ai_temperature', 'ai_max_tokens',
        'system_prompt', 'greeting_message', 'greeting_buttons', 'fallback_message', 'fallback_buttons', 'transfer_keywords',
        'business_hours_enabled',
      ]) {
        expect(json.data).toHaveProperty(field);
      }
      expect(json.data.ai_api_key).toBeUndefined();
      expect(json.data.ai_api_key_set).toBe(true);
      expect(JSON.stringify(json)).not.toContain('sk-secret');
    });

    it('takes partial updates and gives buttons ids', async () => {
      const { status, json } = await call('PUT', '/settings', {
        ai_provider: 'anthropic',
        ai_temperature: 0.2,
        greeting_buttons: [{ title: 'My Orders' }, { title: 'Get Support' }],
      });
      expect(status).toBe(200);
      expect(json.data.ai_provider).toBe('anthropic');
      expect(json.data.greeting_buttons).toEqual([
        { id: expect.any(String), title: 'My Orders' },
        { id: expect.any(String), title: 'Get Support' },
      ]);
      expect(json.data.fallback_message).toContain("didn't understand");
      expect((await call('GET', '/settings')).json.data.ai_temperature).toBe(0.2);
    });

    it.each([
      [{ ai_temperature: 2.5 }, 'ai_temperature'],
      [{ greeting_buttons: Array.from({ length: 11 }, (_, i) => ({ title: `b${i}` })) }, 'greeting_buttons'],
      [{ fallback_buttons: [{ title: 'x'.repeat(21) }] }, 'fallback_buttons.0.title'],
      [{ chatbot_enabled: 'yes' }, 'chatbot_enabled'],
      [{ unknown_field: 1 }, 'unknown_field'],
      [{ business_hours: { timezone: 'Mars/Base', days: {} } }, 'business_hours.timezone'],
    ])('refuses %j with a 400 naming %s', async (body, field) => {
      const { status, json } = await call('PUT', '/settings', body);
      expect(status).toBe(400);
      expect(json.message).toContain(field);
    });

    it('refuses malformed JSON', async () => {
      const { status, json } = await call('PUT', '/settings', '{"chatbot_enabled": tru');
      expect(status).toBe(400);
      expect(json.message).toBe('the request body is not valid JSON');
    });
  });

  describe('keyword rules', () => {
    it('creates, lists, updates and deletes', async () => {
      // Seed 000's own example of a keyword rule.
      const created = await call('POST', '/keywords', keywordRuleCreate);
      expect(created.status).toBe(201);
      const id = created.json.data.id as string;
      expect(created.json.data).toMatchObject({ name: 'Business Hours', match_type: 'contains', priority: 5, enabled: true });

      const list = await call('GET', '/keywords');
      expect(list.json.data.items.map((r: { id: string }) => r.id)).toContain(id);

      const updated = await call('PUT', `/keywords/${id}`, { enabled: false, priority: 7 });
      expect(updated.json.data).toMatchObject({ id, name: 'Business Hours', enabled: false, priority: 7 });

      expect((await call('DELETE', `/keywords/${id}`)).status).toBe(200);
      expect((await call('DELETE', `/keywords/${id}`)).status).toBe(404);
      expect((await call('PUT', `/keywords/${id}`, { enabled: true })).status).toBe(404);
    });

    it.each([
      [{ name: 'x', keywords: ['(a+)+$'], match_type: 'regex', response: 'r' }, 'keywords.0', 'backtrack catastrophically'],
      [{ name: 'x', keywords: ['(unclosed'], match_type: 'regex', response: 'r' }, 'keywords.0', 'invalid regular expression'],
      [{ name: 'x', keywords: ['a'], match_type: 'fuzzy', response: 'r' }, 'match_type', ''],
      [{ name: 'x', keywords: [], match_type: 'exact', response: 'r' }, 'keywords', ''],
      [{ name: 'x', keywords: ['a'], match_type: 'exact', response_type: 'buttons', response: 'r' }, 'buttons', ''],
      [{ keywords: ['a'], match_type: 'exact', response: 'r' }, 'name', ''],
    ])('refuses %j with a 400 naming %s', async (body, field, reason) => {
      const { status, json } = await call('POST', '/keywords', body);
      expect(status).toBe(400);
      expect(json.message).toContain(field);
      expect(json.message).toContain(reason);
    });
  });

  describe('AI contexts', () => {
    it('stores static and api contexts and validates them', async () => {
      const ok = await call('POST', '/ai-contexts', {
        name: 'Shipping Policy',
        trigger_keywords: ['shipping', 'delivery', 'track'],
        context_type: 'static',
        content: 'We offer free shipping on orders over $50.',
        priority: 5,
        enabled: true,
      });
      expect(ok.status).toBe(201);
      const api = await call('POST', '/ai-contexts', { name: 'Stock', context_type: 'api', api_config: { url: 'https://example.com/stock' } });
      expect(api.status).toBe(201);
      const ids = (await call('GET', '/ai-contexts')).json.data.items.map((c: { id: string }) => c.id);
      expect(ids).toEqual(expect.arrayContaining([ok.json.data.id, api.json.data.id]));
      expect((await call('POST', '/ai-contexts', { name: 'x', context_type: 'static' })).json.message).toContain('content');
      expect((await call('POST', '/ai-contexts', { name: 'x', context_type: 'api' })).json.message).toContain('api_config');
      const id = ok.json.data.id as string;
      expect((await call('PUT', `/ai-contexts/${id}`, { enabled: false })).json.data.enabled).toBe(false);
      expect((await call('DELETE', `/ai-contexts/${id}`)).status).toBe(200);
    });
  });

  describe('flows', () => {
    // Seed 000's own example, as the API reference shows it.
    const flow = flowCreate;

    it("takes the document's own example and reads it back", async () => {
      const created = await call('POST', '/flows', flow);
      expect(created.status).toBe(201);
      const id = created.json.data.id as string;
      const got = await call('GET', `/flows/${id}`);
      expect(got.json.data).toMatchObject({ ...flow, panel_config: { sections: [{ fields: [{ display_type: 'text' }, { display_type: 'text' }] }] } });
      const updated = await call('PUT', `/flows/${id}`, { enabled: false });
      expect(updated.json.data).toMatchObject({ name: 'Feedback Collection', enabled: false });
      expect((await call('GET', '/flows')).json.data.items.map((f: { id: string }) => f.id)).toContain(id);
      expect((await call('DELETE', `/flows/${id}`)).status).toBe(200);
      expect((await call('GET', `/flows/${id}`)).status).toBe(404);
    });

    const withStep = (patch: object) => ({ ...flow, steps: [{ ...flow.steps[0], ...patch }] });
    it.each([
      [withStep({ buttons: [] }), 'steps.0.buttons'],
      [withStep({ input_type: 'email' }), 'steps.0.input_type'],
      [withStep({ message_type: 'api_fetch', buttons: undefined, input_type: undefined }), 'steps.0.api_config'],
      [withStep({ message_type: 'whatsapp_flow', buttons: undefined, input_type: undefined }), 'steps.0.form_config'],
      [withStep({ store_as: '1bad name' }), 'steps.0.store_as'],
      [{ ...flow, steps: [flow.steps[1], flow.steps[1]] }, 'steps.1.step_name'],
      [{ ...flow, steps: [] }, 'steps'],
      [{ ...flow, panel_config: { sections: [{ ...flow.panel_config.sections[0], columns: 3 }] } }, 'panel_config.sections.0.columns'],
      [
        { ...flow, panel_config: { sections: [{ ...flow.panel_config.sections[0], fields: [{ key: 'k', label: 'L', display_type: 'chip' }] }] } },
        'panel_config.sections.0.fields.0.display_type',
      ],
      [
        withStep({ message_type: 'api_fetch', buttons: undefined, input_type: undefined, api_config: { url: 'ftp://x' } }),
        'steps.0.api_config.url',
      ],
      [
        withStep({ message_type: 'api_fetch', buttons: undefined, input_type: undefined, api_config: { url: 'https://{{host}}/orders' } }),
        'steps.0.api_config.url',
      ],
      [
        withStep({ message_type: 'api_fetch', buttons: undefined, input_type: undefined, api_config: { url: '/x', method: 'POST', body: '{"qty": {{qty}}}' } }),
        'steps.0.api_config.body',
      ],
      [
        withStep({ message_type: 'api_fetch', buttons: undefined, input_type: undefined, api_config: { url: '/x', headers: { 'Content-Type': '{{type}}' } } }),
        'steps.0.api_config.headers.Content-Type',
      ],
    ])('refuses an invalid flow with a 400 naming %#', async (body, field) => {
      const { status, json } = await call('POST', '/flows', body);
      expect(status).toBe(400);
      expect(json.message).toContain(field);
    });
  });

  describe('transfers and sessions', () => {
    async function conversationOfNewVisitor() {
      const visitorId = crypto.randomUUID();
      const bot = (await store.bots.findByKey('demo'))!;
      await store.visitors.create({ id: visitorId, botId: bot.id, createdAt: new Date().toISOString() });
      const { conversation } = await visitorRequests.open({ botId: bot.id, visitorId }, {});
      return { visitorId, conversationId: conversation.id, bot };
    }

    it('creates a transfer for a contact, silences the bot, lists it and resumes', async () => {
      const { visitorId, conversationId, bot } = await conversationOfNewVisitor();
      const created = await call('POST', '/transfers', { contact_id: visitorId, team_id: 'sales', notes: 'Customer requested human support' });
      expect(created.status).toBe(201);
      expect(created.json.data).toMatchObject({ contact_id: visitorId, status: 'active', source: 'manual', team_id: 'sales', agent_id: null });
      expect((await call('POST', '/transfers', { contact_id: visitorId })).status).toBe(409);

      const list = await call('GET', '/transfers?status=active&team_id=sales');
      expect(list.json.data.transfers.map((t: { id: string }) => t.id)).toContain(created.json.data.id);
      expect(list.json.data.team_queue_counts.sales).toBeGreaterThanOrEqual(1);
      expect(typeof list.json.data.general_queue_count).toBe('number');

      const session = await call('GET', `/sessions/${conversationId}`);
      expect(session.json.data).toMatchObject({ id: conversationId, contact_id: visitorId, handover: true, current_flow_id: null });

      const principal = { botId: bot.id, visitorId };
      await visitorRequests.visitorEvent(principal, { conversationId, clientId: crypto.randomUUID(), packet: { name: 'message', payload: { body: 'hello' } } });
      await service.idle();
      const during = await store.conversations.messages(conversationId, { limit: 50 });
      expect(during.at(-1)).toMatchObject({ author: 'visitor' });

      const resumed = await call('PUT', `/transfers/${created.json.data.id}/resume`);
      expect(resumed.json.data.status).toBe('resumed');
      await visitorRequests.visitorEvent(principal, { conversationId, clientId: crypto.randomUUID(), packet: { name: 'message', payload: { body: 'hello' } } });
      await service.idle();
      const after = await store.conversations.messages(conversationId, { limit: 50 });
      expect(after.at(-1)).toMatchObject({ author: 'bot' });
      const late = await call('POST', '/agents', { name: 'Late' });
      expect((await call('PUT', `/transfers/${created.json.data.id}/assign`, { agent_id: late.json.data.id })).status).toBe(409);
    });

    async function agent(name: string) {
      return (await call('POST', '/agents', { name })).json.data as { id: string; name: string; token: string };
    }

    it('assigns a transfer to an agent and answers unknown ids and bad bodies', async () => {
      const { visitorId, conversationId } = await conversationOfNewVisitor();
      const team = (await call('POST', '/teams', { name: 'Billing' })).json.data;
      const created = await call('POST', '/transfers', { contact_id: visitorId, team_id: team.id });
      expect(created.json.data).toMatchObject({ team_id: team.id, team_name: 'Billing' });
      const grace = await agent('Grace');
      const assigned = await call('PUT', `/transfers/${created.json.data.id}/assign`, { agent_id: grace.id });
      expect(assigned.status).toBe(200);
      expect(assigned.json.data).toMatchObject({ agent_id: grace.id, agent_name: 'Grace', team_id: team.id, team_name: 'Billing' });
      // The visitor is told who joined.
      const messages = await store.conversations.messages(conversationId, { limit: 50 });
      expect(messages.at(-1)).toMatchObject({ author: 'system', notice: { kind: 'agent_joined', agent: 'Grace' } });
      const unknownAgent = await call('PUT', `/transfers/${created.json.data.id}/assign`, { agent_id: 'agent-7' });
      expect(unknownAgent.status).toBe(404);
      expect(unknownAgent.json.message).toContain('no agent with id "agent-7"');
      expect((await call('POST', '/transfers/pickup', { agent_id: 'agent-7' })).status).toBe(404);
      expect((await call('PUT', '/transfers/nope/assign', { agent_id: grace.id })).status).toBe(404);
      expect((await call('PUT', '/transfers/nope/resume')).status).toBe(404);
      expect((await call('PUT', `/transfers/${created.json.data.id}/assign`, {})).json.message).toContain('agent_id');
      expect((await call('POST', '/transfers', { contact_id: 'nobody' })).status).toBe(404);
      expect((await call('POST', '/transfers', {})).json.message).toContain('contact_id');
      expect((await call('GET', '/transfers?status=closed')).status).toBe(400);
      expect((await call('GET', '/sessions/nope')).status).toBe(404);
      expect((await call('GET', '/sessions?limit=0')).status).toBe(400);
    });

    it('gives each of 10 transfers to exactly one of 20 parallel pickups', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const { visitorId } = await conversationOfNewVisitor();
        ids.push((await call('POST', '/transfers', { contact_id: visitorId, team_id: 'pickup-team' })).json.data.id);
      }
      const agents = await Promise.all(Array.from({ length: 20 }, (_, i) => agent(`Picker ${i}`)));
      const results = await Promise.all(agents.map((a) => call('POST', '/transfers/pickup?team_id=pickup-team', { agent_id: a.id })));
      const picked = results.map((r) => r.json.data).filter(Boolean) as Array<{ id: string; agent_id: string }>;
      expect(picked).toHaveLength(10);
      expect(new Set(picked.map((t) => t.id))).toEqual(new Set(ids));
      // Ten different agents got one each.
      expect(new Set(picked.map((t) => t.agent_id)).size).toBe(10);
      expect(results.every((r) => r.status === 200)).toBe(true);
      const counts = (await call('GET', '/transfers')).json.data.team_queue_counts;
      expect(counts['pickup-team']).toBeUndefined();
    });

    it('lists open sessions with their flow position', async () => {
      const { conversationId } = await conversationOfNewVisitor();
      const list = await call('GET', '/sessions?limit=200');
      const mine = list.json.data.items.find((s: { id: string }) => s.id === conversationId);
      expect(mine).toMatchObject({ variables: {}, current_step: null, started_at: expect.any(String), last_activity: expect.any(String) });
    });
  });
});
