import { describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/databases.js';
import { serverOnDatabase } from '../helpers/database-server.js';
import { adminClient } from '../helpers/http.js';

describe.each(testDatabases)('the seeds\' contract ($name)', (database) => {
  const suite = serverOnDatabase(database);
  const call = adminClient(() => suite.server.url, '/api/chatbot');

  describe('fetch-edit-save (000)', () => {
    it('takes back the settings a GET returned', async () => {
      await call('PUT', '/settings', {
        ai_api_key: 'sk-kept-secret',
        appearance: { title: 'Help' },
        quick_prompts: [{ title: 'Prices', description: 'What do you cost?', link: null }],
        personas: [{ name: 'Max', system_prompt: 'Be brief.' }],
      });
      const got = (await call('GET', '/settings')).json.data;
      const { status, json } = await call('PUT', '/settings', { ...got, greeting_message: 'Hi again' });
      expect(status, JSON.stringify(json)).toBe(200);
      expect(json.data.greeting_message).toBe('Hi again');
      for (const field of ['greeting_buttons', 'quick_prompts', 'personas', 'appearance', 'ai_api_key_set']) {
        expect(json.data[field]).toEqual(got[field]);
      }
      const stored = await suite.server.store.bots.findByKey('demo');
      expect(stored!.settings.ai_api_key).toBe('sk-kept-secret');
    });

    it('refuses settings of another bot (a different id) and unknown keys', async () => {
      const got = (await call('GET', '/settings')).json.data;
      const other = await call('PUT', '/settings', { ...got, id: 'another-bot' });
      expect(other.status).toBe(400);
      expect(other.json.message).toMatch(/^id: "another-bot"/);
      const unknown = await call('PUT', '/settings', { ...got, colour: 'red' });
      expect(unknown.status).toBe(400);
      expect(unknown.json.message).toContain('colour');
    });

    const samples: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
      ['/keywords', { name: 'Hours', keywords: ['hours'], match_type: 'contains', response_type: 'buttons', response: 'We open at 9', buttons: [{ title: 'Thanks' }], priority: 5, enabled: true }, { name: 'Opening hours' }],
      ['/ai-contexts', { name: 'Shipping', trigger_keywords: ['shipping'], context_type: 'static', content: 'Free shipping over $50.', priority: 5, enabled: true }, { name: 'Shipping policy' }],
      ['/flows', {
        name: 'Feedback', trigger_keywords: ['feedback'], enabled: true,
        panel_config: { sections: [{ id: 's', label: 'Info', columns: 1, collapsible: true, default_collapsed: false, order: 1, fields: [{ key: 'rating', label: 'Rating', order: 1 }] }] },
        steps: [{ step_name: 'rating', step_order: 1, message: 'How was it?', message_type: 'buttons', input_type: 'select', buttons: [{ id: 'good', title: 'Good' }, { title: 'Poor' }], store_as: 'rating' }],
      }, { name: 'Feedback collection' }],
      ['/teams', { name: 'Sales' }, { name: 'Sales team' }],
      ['/canned-responses', { short_code: 'hi', content: 'Hello there' }, { content: 'Hello!' }],
      ['/agents', { name: 'Ana Lima', email: 'ana@example.com' }, { name: 'Ana L.' }],
    ];

    it.each(samples)('takes back the %s item a GET returned', async (path, create, edit) => {
      const created = await call('POST', path, create);
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      const got = (await call('GET', `${path}/${created.json.data.id}`)).json.data;
      const { status, json } = await call('PUT', `${path}/${got.id}`, { ...got, ...edit });
      expect(status, JSON.stringify(json)).toBe(200);
      expect(json.data).toMatchObject(edit);
      expect(json.data.id).toBe(got.id);
      expect(json.data.created_at ?? null).toBe(got.created_at ?? null);

      const other = await call('PUT', `${path}/${got.id}`, { ...got, id: 'not-this-one' });
      expect(other.status).toBe(400);
      expect(other.json).toEqual({ status: 'error', message: expect.stringMatching(/^id: "not-this-one" is not this item's id/) });
      const unknown = await call('PUT', `${path}/${got.id}`, { ...got, colour: 'red' });
      expect(unknown.status).toBe(400);
      expect(unknown.json.message).toContain('colour');
    });

    it.each(samples)('creates a copy of a fetched %s item under a new id', async (path, create) => {
      const created = (await call('POST', path, create)).json.data;
      const original = (await call('GET', `${path}/${created.id}`)).json.data;
      const copy = await call('POST', path, { ...original, ...(path === '/canned-responses' ? { short_code: 'hi-copy' } : {}) });
      expect(copy.status, JSON.stringify(copy.json)).toBe(201);
      expect(copy.json.data.id).not.toBe(original.id);
    });
  });
});
