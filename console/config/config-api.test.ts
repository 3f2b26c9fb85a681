import { describe, expect, it } from 'vitest';
import { configApi, problemOf, withoutReadOnly } from './config-api.js';
import { fakeServer } from './testing/fake-server.js';

describe('the configuration API client', () => {
  it('reads the field a 400 names, and keeps messages without one whole', () => {
    expect(problemOf(400, 'steps.0.buttons: a buttons step needs 1 to 10 buttons')).toEqual({ status: 400, path: 'steps.0.buttons', message: 'a buttons step needs 1 to 10 buttons' });
    expect(problemOf(400, 'greeting_message: Too small: expected string to have >=1 characters')).toMatchObject({ path: 'greeting_message' });
    expect(problemOf(401, 'the admin token is not valid')).toEqual({ status: 401, path: '', message: 'the admin token is not valid' });
    expect(problemOf(400, 'the request body is not valid JSON')).toMatchObject({ path: '' });
  });

  it('sends its headers and JSON, and answers data or an error, never throwing', async () => {
    const server = fakeServer((call) => (call.method === 'PUT' ? { status: 400, message: 'name: too long' } : { data: { ok: 1 } }));
    expect(await server.api.get('/settings')).toEqual({ data: { ok: 1 } });
    expect(await server.api.send('PUT', '/keywords/r1', { name: 'x' })).toEqual({ error: { status: 400, path: 'name', message: 'too long' } });
    expect(server.calls[1]).toMatchObject({ method: 'PUT', path: '/keywords/r1', body: { name: 'x' }, headers: { Authorization: 'Bearer admin-token', 'Content-Type': 'application/json' } });
  });

  it('turns an unreachable server and an answer that is not JSON into errors', async () => {
    const down = configApi({ server: 'http://confab.test', headers: {}, fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    expect((await down.get('/settings')).error).toMatchObject({ status: 0, message: expect.stringContaining('could not be reached') });
    const html = configApi({ server: 'http://confab.test/', headers: {}, fetch: async () => new Response('<html>', { status: 502 }) });
    expect((await html.get('/settings')).error).toEqual({ status: 502, path: '', message: 'The server answered 502.' });
  });

  it('strips what a GET adds before an object is sent back', () => {
    expect(withoutReadOnly({ id: 'f1', created_at: 't', updated_at: 't', account_id: 'b', ai_api_key_set: true, name: 'Flow', steps: [] })).toEqual({ name: 'Flow', steps: [] });
  });
});
