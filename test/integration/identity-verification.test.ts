import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { testDatabases } from '../helpers/databases.js';
import { adminClient, type Json } from '../helpers/http.js';
import { serverOnDatabase } from '../helpers/database-server.js';
import { bodyOf } from '../helpers/server.js';
import { errorCode } from '../helpers/visitor-client.js';

/** What the site's server computes, as the README says: HMAC-SHA256(secret, external_id), hex. */
const userHash = (secret: string, externalId: string) => createHmac('sha256', secret).update(externalId).digest('hex');

describe.each(testDatabases)('visitor identity ($name)', (database) => {
  const suite = serverOnDatabase(database);
  let server: RunningServer;
  beforeAll(() => void (server = suite.server));
  const visitor = () => suite.visitor();
  const call = adminClient(() => server.url);

  /** A conversation the site's server starts over the API channel (001) for its user. */
  async function apiConversation(externalId: string, body: string): Promise<string> {
    const { status, json } = await call('POST', '/api/v1/conversations', {
      channel: 'API',
      message: { data: { body }, type: 'text' },
      bot_key: 'demo',
      from: { user_external_id: externalId, type: 'VISITOR' },
    });
    expect(status).toBe(200);
    return json.conversation.id as string;
  }

  async function secret(): Promise<string> {
    const { status, json } = await call('GET', '/api/chatbot/identity-verification');
    expect(status).toBe(200);
    return json.data.secret as string;
  }

  const texts = (messages: Array<{ packet: unknown }>) => messages.map((m) => bodyOf(m as never));

  describe('an unproven claim', () => {
    it('does not receive the API-channel conversation of the external id it claimed', async () => {
      const attacker = await visitor();
      expect((await attacker.attempt('visitor:identify', { external_id: 'cust-1001' })).ok).toBe(true);
      const victims = await apiConversation('cust-1001', 'my card ends in 4242');
      const snapshot = await attacker.open();
      expect(snapshot.conversation.id).not.toBe(victims);
      expect(texts(snapshot.messages)).not.toContain('my card ends in 4242');
      expect(errorCode(await attacker.attempt('conversation:open', { conversationId: victims }))).toBe('not_found');
      // And the site's user keeps one contact: the next API conversation joins the first, not the claimer.
      const again = await apiConversation('cust-1001', 'second question');
      const [first, second] = await Promise.all([server.store.conversations.find(victims), server.store.conversations.find(again)]);
      expect(second!.visitorId).toBe(first!.visitorId);
      expect(first!.visitorId).not.toBe(attacker.identity.visitorId);
    });

    it('does not take over a contact the API channel made before the claim', async () => {
      const victims = await apiConversation('cust-1002', 'my address is 1 Main St');
      const attacker = await visitor();
      const ack = await attacker.attempt('visitor:identify', { external_id: 'cust-1002', name: 'Mallory' });
      expect(ack).toEqual({ ok: true, data: { profile: { name: 'Mallory', verified: false } } });
      expect(errorCode(await attacker.attempt('conversation:open', { conversationId: victims }))).toBe('not_found');
      const later = await apiConversation('cust-1002', 'later');
      expect((await server.store.conversations.find(later))!.visitorId).toBe((await server.store.conversations.find(victims))!.visitorId);
    });

    it('never receives an agent message to a thread created by the email it claimed', async () => {
      const attacker = await visitor();
      expect((await attacker.attempt('visitor:identify', { email: 'ada@example.com', name: 'Ada?' })).ok).toBe(true);
      const created = await call('POST', '/api/v1/chatbots/demo/threads', { email: 'ada@example.com' });
      expect(created.status).toBe(201);
      const thread = created.json.data.thread as Json;
      expect(thread.chatUserId).not.toBe(attacker.identity.visitorId);
      expect(thread.chatUser).toMatchObject({ email: 'ada@example.com' });

      const own = await attacker.open();
      expect(own.conversation.id).not.toBe(thread.threadId);
      expect(errorCode(await attacker.attempt('conversation:open', { conversationId: thread.threadId }))).toBe('not_found');
      await call('POST', `/api/v1/chatbots/demo/threads/${thread.threadId}/messages`, { message: 'Your reset code is 771203', type: 'AGENT' });
      // A round trip after the agent's message: whatever the attacker would be sent has arrived by then.
      await attacker.send(own.conversation.id, 'hello');
      await server.service.idle();
      await attacker.open({ conversationId: own.conversation.id });
      expect(texts(attacker.inbox.received)).not.toContain('Your reset code is 771203');
    });

    it('is profile data of this visitor only: the thread API shows it unverified, and claims never merge', async () => {
      const a = await visitor();
      const b = await visitor();
      for (const v of [a, b]) expect((await v.attempt('visitor:identify', { email: 'same@example.com', name: 'Same' })).ok).toBe(true);
      const [ca, cb] = [(await a.open()).conversation.id, (await b.open()).conversation.id];
      const threadA = (await call('GET', `/api/v1/chatbots/demo/threads/${ca}`)).json.data.thread as Json;
      const threadB = (await call('GET', `/api/v1/chatbots/demo/threads/${cb}`)).json.data.thread as Json;
      expect(threadA.chatUser).toMatchObject({ email: 'same@example.com', name: 'Same', isVerified: false, verified: false });
      expect(threadA.chatUserId).toBe(a.identity.visitorId);
      expect(threadB.chatUserId).toBe(b.identity.visitorId);
    });
  });

  describe('a proven identity (user_hash)', () => {
    it('reaches the contact of that external id and its API-channel conversation', async () => {
      const theirs = await apiConversation('cust-2001', 'where is order NW-1002?');
      const v = await visitor();
      const own = (await v.open()).conversation.id;
      const ack = await v.attempt('visitor:identify', { external_id: 'cust-2001', user_hash: userHash(await secret(), 'cust-2001'), name: 'Grace' });
      expect(ack).toEqual({ ok: true, data: { profile: { name: 'Grace', external_id: 'cust-2001', verified: true } } });

      const reopened = await v.open({ conversationId: theirs });
      expect(texts(reopened.messages)).toContain('where is order NW-1002?');
      // The conversation this browser had before is the contact's too, and the API channel keeps the same contact.
      expect((await v.open({ conversationId: own })).conversation.id).toBe(own);
      const next = await apiConversation('cust-2001', 'one more');
      const contactId = (await server.store.conversations.find(theirs))!.visitorId;
      expect((await server.store.conversations.find(next))!.visitorId).toBe(contactId);
      expect((await server.store.conversations.find(own))!.visitorId).toBe(contactId);
      const thread = (await call('GET', `/api/v1/chatbots/demo/threads/${own}`)).json.data.thread as Json;
      expect(thread.chatUser).toMatchObject({ name: 'Grace', isVerified: true, verified: true });
    });

    it('makes a visitor with no earlier contact the contact the API channel then uses', async () => {
      const v = await visitor();
      await v.attempt('visitor:identify', { external_id: 'cust-2002', user_hash: userHash(await secret(), 'cust-2002') });
      const theirs = await apiConversation('cust-2002', 'started on the server');
      expect((await server.store.conversations.find(theirs))!.visitorId).toBe(v.identity.visitorId);
      expect(texts((await v.open({ conversationId: theirs })).messages)).toContain('started on the server');
    });

    it('keeps working in another tab of the same browser, and after a reconnect', async () => {
      await apiConversation('cust-2003', 'from the server');
      const tab1 = await visitor();
      const own = (await tab1.open()).conversation.id;
      const tab2 = await suite.visitor({ identity: tab1.identity });
      expect((await tab2.open({ conversationId: own })).conversation.id).toBe(own);
      await tab1.attempt('visitor:identify', { external_id: 'cust-2003', user_hash: userHash(await secret(), 'cust-2003') });
      // tab2 connected as the visitor before it was merged into the contact: it still reaches its conversation.
      expect((await tab2.send(own, 'still here')).message.conversationId).toBe(own);
      const again = await suite.visitor({ identity: tab1.identity });
      expect((await again.open({ conversationId: own })).conversation.id).toBe(own);
    });

    it('refuses a wrong user_hash, and one for another external id', async () => {
      const v = await visitor();
      const s = await secret();
      const wrong = await v.attempt('visitor:identify', { external_id: 'cust-2004', user_hash: 'a'.repeat(64) });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('user_hash') } });
      const other = await v.attempt('visitor:identify', { external_id: 'cust-2004', user_hash: userHash(s, 'cust-2005') });
      expect(errorCode(other)).toBe('forbidden');
      expect(errorCode(await v.attempt('visitor:identify', { user_hash: userHash(s, 'cust-2004') }))).toBe('bad_request');
      const profile = await server.store.visitors.find(v.identity.visitorId);
      expect(profile).toMatchObject({ externalId: null, verified: false });
    });

    it('a visitor proven as one user cannot become another without reset()', async () => {
      const s = await secret();
      const v = await visitor();
      await v.attempt('visitor:identify', { external_id: 'cust-2006', user_hash: userHash(s, 'cust-2006') });
      const switched = await v.attempt('visitor:identify', { external_id: 'cust-2007', user_hash: userHash(s, 'cust-2007') });
      expect(switched).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('reset()') } });
      // The same proven id again (every page view) is fine.
      expect((await v.attempt('visitor:identify', { external_id: 'cust-2006', user_hash: userHash(s, 'cust-2006') })).ok).toBe(true);
    });
  });

  describe('the owner', () => {
    it('reads the secret, rotates it (old hashes stop working) and can require verification', async () => {
      const before = await secret();
      expect(before).toMatch(/^[0-9a-f]{64}$/);
      expect(await secret()).toBe(before);
      expect((await call('GET', '/api/chatbot/identity-verification', undefined, 'wrong-token-0123456789')).status).toBe(401);
      const rotated = await call('POST', '/api/chatbot/identity-verification/rotate');
      expect(rotated.status).toBe(200);
      expect(rotated.json).toMatchObject({ status: 'success', data: { secret: expect.stringMatching(/^[0-9a-f]{64}$/), required: false } });
      const after = rotated.json.data.secret as string;
      expect(after).not.toBe(before);
      expect(await secret()).toBe(after);

      const v = await visitor();
      expect(errorCode(await v.attempt('visitor:identify', { external_id: 'cust-3001', user_hash: userHash(before, 'cust-3001') }))).toBe('forbidden');
      expect((await v.attempt('visitor:identify', { external_id: 'cust-3001', user_hash: userHash(after, 'cust-3001') })).ok).toBe(true);

      const put = await call('PUT', '/api/chatbot/settings', { identity_verification_required: true });
      expect(put.json.data.identity_verification_required).toBe(true);
      expect(put.json.data).not.toHaveProperty('identity_secret');
      try {
        expect((await call('GET', '/api/chatbot/identity-verification')).json.data.required).toBe(true);
        const w = await visitor();
        const refused = await w.attempt('visitor:identify', { external_id: 'cust-3002', name: 'No Hash' });
        expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('requires identity verification') } });
        // Without an external id there is nothing to prove: name and email stay unverified profile data.
        expect(await w.attempt('visitor:identify', { name: 'Guest', email: 'guest@example.com' })).toEqual({
          ok: true,
          data: { profile: { name: 'Guest', email: 'guest@example.com', verified: false } },
        });
      } finally {
        await call('PUT', '/api/chatbot/settings', { identity_verification_required: false });
      }
    });

    it('answers wrong requests in the 000 envelope', async () => {
      const bad = await call('PUT', '/api/chatbot/settings', { identity_verification_required: 'yes' });
      expect(bad.status).toBe(400);
      expect(bad.json).toMatchObject({ status: 'error', message: expect.stringContaining('identity_verification_required') });
      const noToken = await call('POST', '/api/chatbot/identity-verification/rotate', undefined, null);
      expect(noToken.status).toBe(401);
      expect(noToken.json).toMatchObject({ status: 'error' });
    });
  });
});
