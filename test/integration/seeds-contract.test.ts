import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../helpers/databases.js';
import { serverOnDatabase } from '../helpers/database-server.js';
import { adminClient, type Json } from '../helpers/http.js';
import { createTestApp } from '../helpers/server.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import { startTestBot, type BotCall } from '../helpers/test-bot.js';

describe.each(testDatabases)('the seeds\' contract ($name)', (database) => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => void (smtp = await startSmtpServer()));
  afterAll(() => smtp?.close());
  const suite = serverOnDatabase(database, () => ({ smtp: { url: smtp.url, from: 'Confab <confab@example.com>' } }));
  const call = adminClient(() => suite.server.url, '/api/chatbot');
  const api = adminClient(() => suite.server.url);

  /** The 001 document's start, with or without its message. */
  const startBody = (externalId: string, extra: Record<string, unknown> = {}) => ({
    channel: 'API',
    bot_key: 'demo',
    from: { user_external_id: externalId, type: 'VISITOR' },
    ...extra,
  });
  const withMessage = (body: string) => ({ message: { data: { body }, type: 'text' } });

  /** Reads until `found` says yes: the bot answers after the request's own answer. */
  async function until<T>(read: () => Promise<T>, found: (value: T) => boolean): Promise<T> {
    let value = await read();
    await expect.poll(async () => found((value = await read())), { timeout: 10_000 }).toBe(true);
    return value;
  }
  const apiMessages = (id: string) => async () => (await api('GET', `/api/v1/conversation/${id}/messages`)).json.messages as Json[];

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

  describe('the 002 sections under /api/chatbot, delivered to the widget', () => {
    const widgetConfig = () => fetch(`${suite.server.url}/api/widget/config?botKey=demo`).then((r) => r.json() as Promise<Json>);

    it.each([
      ['/links', { title: 'Help center', url: 'https://example.com/help' }, { title: 'Help' }, 'links'],
      ['/custom-content', { title: 'Opening hours', body: 'We answer **Mon–Fri**, 9–17.' }, { body: 'We answer every day.' }, 'customContent'],
      ['/follow-up-prompts', { title: 'Anything else?', description: 'I have another question' }, { title: 'More?' }, 'followUpPrompts'],
      ['/prompts', { name: 'Friendly', system_prompt: 'Be warm and brief.' }, { active: true }, undefined],
    ] as const)('%s: a collection like the others, fetch-edit-save included', async (path, create, edit, configKey) => {
      const created = await call('POST', path, create);
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      const got = (await call('GET', `${path}/${created.json.data.id}`)).json.data;
      expect(got).toMatchObject(create);
      const saved = await call('PUT', `${path}/${got.id}`, { ...got, ...edit });
      expect(saved.status, JSON.stringify(saved.json)).toBe(200);
      expect(saved.json.data).toMatchObject({ ...edit, id: got.id });
      expect((await call('GET', path)).json.data.items).toContainEqual(saved.json.data);
      if (configKey) expect((await widgetConfig())[configKey]).toContainEqual(saved.json.data);
      expect((await call('POST', path, { ...create, colour: 'red' })).json.message).toContain('colour');
      expect((await call('DELETE', `${path}/${got.id}`)).json.data).toEqual({ id: got.id, deleted: true });
      expect((await call('GET', `${path}/${got.id}`)).status).toBe(404);
    });

    it('refuses a link that is not http(s) and a second active prompt', async () => {
      const bad = await call('POST', '/links', { title: 'Run', url: 'javascript:alert(1)' });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toContain('url');
      const a = await call('POST', '/prompts', { name: 'A', system_prompt: 'a', active: true });
      const b = await call('POST', '/prompts', { name: 'B', system_prompt: 'b', active: true });
      expect(b.status).toBe(400);
      expect(b.json.message).toContain('at most one prompt is active');
      await call('DELETE', `/prompts/${a.json.data.id}`);
    });

    it('icons and the widget texts per language are singletons, their keys checked', async () => {
      const icons = await call('PUT', '/icons', { launcher: 'https://cdn.example.com/chat.svg', bot_avatar: 'https://cdn.example.com/bot.png' });
      expect(icons.json.data).toEqual({ launcher: 'https://cdn.example.com/chat.svg', bot_avatar: 'https://cdn.example.com/bot.png' });
      expect((await call('PUT', '/icons', { launcher: 'http://cdn.example.com/chat.svg' })).status).toBe(400);
      const messages = await call('PUT', '/messages', { en: { placeholder: 'Ask us anything…' }, de: { placeholder: 'Fragen Sie uns…' } });
      expect(messages.status, JSON.stringify(messages.json)).toBe(200);
      const unknownKey = await call('PUT', '/messages', { en: { placeholdr: 'typo' } });
      expect(unknownKey.status).toBe(400);
      expect(unknownKey.json.message).toContain('placeholdr');
      expect((await call('PUT', '/messages', { xx: { placeholder: 'x' } })).status).toBe(400);
      const config = await widgetConfig();
      expect(config.icons).toEqual({ launcher: 'https://cdn.example.com/chat.svg', botAvatar: 'https://cdn.example.com/bot.png' });
      expect(config.messages).toEqual({ en: { placeholder: 'Ask us anything…' }, de: { placeholder: 'Fragen Sie uns…' } });
      expect((await call('GET', '/messages')).json.data).toEqual(config.messages);
      await call('PUT', '/icons', {});
      await call('PUT', '/messages', {});
      const plain = await widgetConfig();
      expect([plain.icons, plain.messages]).toEqual([undefined, undefined]);
    });
  });

  describe('whatsapp_flow (000) in the widget', () => {
    it('asks the form at once and takes one answer for all its fields', async () => {
      const flow = await call('POST', '/flows', {
        name: 'Ring back',
        trigger_keywords: ['ringback'],
        enabled: true,
        completion_message: 'We will call {{phone}} on {{day}}.',
        steps: [{
          step_name: 'details', step_order: 1, message: 'A few details:', message_type: 'whatsapp_flow',
          form_config: { fields: [{ name: 'phone', label: 'Phone number', type: 'phone' }, { name: 'day', label: 'Which day?', type: 'text' }] },
        }],
      });
      expect(flow.status, JSON.stringify(flow.json)).toBe(201);
      const v = await suite.visitor();
      const { conversation } = await v.open();
      await v.send(conversation.id, 'ringback please');
      const ask = await v.inbox.next((m) => m.author === 'bot' && m.packet.name === 'message' && m.packet.payload.form !== undefined);
      expect((ask.packet.payload as Json).form.fields.map((f: Json) => f.name)).toEqual(['phone', 'day']);
      const answer = await v.attempt('visitor:event', {
        conversationId: conversation.id,
        clientId: 'form-1',
        replyTo: ask.id,
        packet: { name: 'message', payload: { body: 'Phone number: +1 555 123 4567\nWhich day?: Monday', form: { phone: '+1 555 123 4567', day: 'Monday' } } },
      });
      expect(answer.ok).toBe(true);
      expect(answer.ok && answer.data.message).toMatchObject({ replyTo: ask.id });
      const done = await v.inbox.next((m) => m.author === 'bot' && m.packet.name === 'message' && m.packet.payload.body.startsWith('We will call'));
      expect(done.packet.name === 'message' && done.packet.payload.body).toBe('We will call +15551234567 on Monday.');
      await call('DELETE', `/flows/${flow.json.data.id}`);
    });
  });

  describe('API channel (001) and threads (002) start like the widget', () => {
    it('greets a conversation started without a message', async () => {
      const { status, json } = await api('POST', '/api/v1/conversations', startBody('silent-1'));
      expect(status, JSON.stringify(json)).toBe(200);
      const messages = await until(apiMessages(json.conversation.id), (m) => m.length > 0);
      const { greeting_message } = (await call('GET', '/settings')).json.data;
      expect(messages[0]).toMatchObject({ from: 'BOT', type: 'bubbles', text: expect.stringContaining(greeting_message) });
    });

    it('greets a new thread', async () => {
      const created = await api('POST', '/api/v1/chatbots/demo/threads', {});
      expect(created.status).toBe(201);
      const id = created.json.data.thread.threadId;
      const thread = await until(
        async () => (await api('GET', `/api/v1/chatbots/demo/threads/${id}`)).json.data.thread,
        (t: Json) => t.messages.length > 0,
      );
      const { greeting_message } = (await call('GET', '/settings')).json.data;
      expect(thread.messages[0]).toMatchObject({ type: 'NORMAL_MESSAGE', message: expect.stringContaining(greeting_message) });
    });

    it('finds a contact again by user_external_id with its name and email', async () => {
      const contact = { name: 'Dana Cruz', email: 'dana@example.com', phone: '555-0101' };
      const first = await api('POST', '/api/v1/conversations', startBody('dana', { variables: { contact } }));
      expect(first.json.contact).toMatchObject(contact);
      const again = await api('POST', '/api/v1/conversations', startBody('dana', withMessage('Me again')));
      expect(again.status).toBe(200);
      expect(again.json.contact).toEqual({ ...contact, visitor_key: first.json.contact.visitor_key });
      const a = await suite.server.store.conversations.find(first.json.conversation.id);
      const b = await suite.server.store.conversations.find(again.json.conversation.id);
      expect(b!.visitorId).toBe(a!.visitorId);
    });
  });

  describe('threads (002)', () => {
    const threads = (path: string, body?: unknown) => api(body === undefined ? 'GET' : 'POST', `/api/v1/chatbots${path}`, body);

    it('lists threads with the escalated and readCount their own GET shows', async () => {
      const escalated = (await threads('/demo/threads', { mode: 'AGENT' })).json.data.thread;
      const v = await suite.visitor();
      const opened = await v.open();
      await v.send(opened.conversation.id, 'hello there');
      await v.attempt('conversation:read', { conversationId: opened.conversation.id, seq: 2 });
      const list = (await threads('/demo/threads?limit=100')).json.data.threads as Json[];
      for (const id of [escalated.threadId, opened.conversation.id]) {
        const own = (await threads(`/demo/threads/${id}`)).json.data.thread;
        const listed = list.find((t) => t.threadId === id)!;
        expect({ escalated: listed.escalated, readCount: listed.readCount }).toEqual({ escalated: own.escalated, readCount: own.readCount });
      }
      expect(list.find((t) => t.threadId === escalated.threadId)!.escalated).toBe(true);
      expect(list.find((t) => t.threadId === opened.conversation.id)!.readCount).toBe(2);
    });

    it("names the bot by its id, takes the id or the key in the path, and offers the owner's quick prompts on the greeting", async () => {
      const bot = (await suite.server.store.bots.findByKey('demo'))!;
      await call('PUT', '/settings', { quick_prompts: [{ title: 'Prices', description: 'What does it cost?', link: null }, { title: 'Docs', description: null, link: 'https://example.com/docs' }] });
      const created = await threads(`/${bot.id}/threads`, {});
      expect(created.status).toBe(201);
      const id = created.json.data.thread.threadId;
      const thread = await until(async () => (await threads(`/demo/threads/${id}`)).json.data.thread, (t: Json) => t.messages.length > 0);
      expect(thread.chatbotId).toBe(bot.id);
      expect(thread.messages[0].quickPrompts).toEqual([
        { id: expect.any(String), title: 'Prices', description: 'What does it cost?', link: null },
        { id: expect.any(String), title: 'Docs', description: null, link: 'https://example.com/docs' },
      ]);
      await api('POST', `/api/v1/chatbots/demo/threads/${id}/messages`, { message: 'opening hours?' });
      const answered = await until(async () => (await threads(`/demo/threads/${id}`)).json.data.thread, (t: Json) => t.messages.length >= 3);
      expect(answered.messages.slice(1).every((m: Json) => m.quickPrompts.length === 0)).toBe(true);
      // Another chatbot (or none) is not this token's: 403, as for an API key of another bot.
      expect((await threads('/someone-else/threads')).status).toBe(403);
    });
  });

  describe('a webhook bot (003) behind every channel', () => {
    let bot: Awaited<ReturnType<typeof startTestBot>>;
    let reply: (call: BotCall) => unknown = () => ({});
    beforeAll(async () => {
      bot = await startTestBot((c) => ({ body: reply(c) }));
      const res = await call('PUT', '/settings', { bot_type: 'webhook', webhook_url: bot.url, behavior_mode: 'firewall', webhook_retries: 0 });
      expect(res.status, res.json.message).toBe(200);
    });
    afterAll(async () => {
      await call('PUT', '/settings', { bot_type: 'builtin' });
      await bot?.close();
    });
    const startsOf = (conversationId: string) => bot.calls.filter((c) => c.body.packet.name === 'start' && c.body.info.conversation.id === conversationId);

    it('gets start for an API conversation without a message, on the "custom" channel', async () => {
      const { json } = await api('POST', '/api/v1/conversations', startBody('hook-1'));
      await expect.poll(() => startsOf(json.conversation.id).length, { timeout: 10_000 }).toBe(1);
      const [start] = startsOf(json.conversation.id);
      expect(start!.body.packet.payload).toEqual({});
      expect(start!.body.info.approach_mode).toBe('normal');
      expect(start!.body.info.conversation.contact_channel).toEqual({ type: 'custom', state: 'valid' });
    });

    it('gets start for a new thread, on the "custom" channel', async () => {
      const created = await api('POST', '/api/v1/chatbots/demo/threads', {});
      const id = created.json.data.thread.threadId;
      await expect.poll(() => startsOf(id).length, { timeout: 10_000 }).toBe(1);
      expect(startsOf(id)[0]!.body.info.conversation.contact_channel.type).toBe('custom');
    });

    it('says "web" for the widget, and "proactive" for a widget that opened by itself', async () => {
      const asked = await suite.visitor();
      const normal = await asked.open();
      const pushed = await suite.visitor();
      const proactive = await pushed.open({ proactive: true });
      await expect.poll(() => startsOf(normal.conversation.id).length + startsOf(proactive.conversation.id).length, { timeout: 10_000 }).toBe(2);
      expect(startsOf(normal.conversation.id)[0]!.body.info).toMatchObject({ approach_mode: 'normal', conversation: { contact_channel: { type: 'web' } } });
      expect(startsOf(proactive.conversation.id)[0]!.body.info.approach_mode).toBe('proactive');
      // Only a start says how it began: reopening an existing conversation changes nothing.
      const again = await pushed.open({ conversationId: normal.conversation.id }).catch(() => undefined);
      expect(again).toBeUndefined();
    });

    it("keeps the contact of a user_external_id after the bot's contact_update of external_customer_id", async () => {
      reply = ({ body }) =>
        body.packet.name === 'start'
          ? { info: { cid: body.info.cid }, packet: { name: 'contact_update', payload: { external_customer_id: 'crm-42', name: 'Eve Bot-Named' } } }
          : {};
      const contact = { name: 'Eve Adams', email: 'eve@example.com' };
      const first = await api('POST', '/api/v1/conversations', startBody('eve', { variables: { contact }, ...withMessage('Hello') }));
      await expect.poll(() => startsOf(first.json.conversation.id).length, { timeout: 10_000 }).toBe(1);
      await suite.server.service.idle();
      reply = () => ({});
      const again = await api('POST', '/api/v1/conversations', startBody('eve'));
      const a = await suite.server.store.conversations.find(first.json.conversation.id);
      const b = await suite.server.store.conversations.find(again.json.conversation.id);
      expect(b!.visitorId).toBe(a!.visitorId);
      expect(again.json.contact.email).toBe('eve@example.com');
    });

    it('asks for registration before the bot starts, and the bot starts knowing the contact', async () => {
      const on = await call('PUT', '/settings', { registration_enabled: true, registration_fields: ['name', 'email'] });
      expect(on.status, on.json.message).toBe(200);
      try {
        const config = await fetch(`${suite.server.url}/api/widget/config?botKey=demo`).then((r) => r.json() as Promise<Json>);
        expect(config.registration).toEqual({ fields: ['name', 'email'] });
        const v = await suite.visitor();
        const refused = await v.attempt('conversation:open', {});
        expect(refused).toEqual({ ok: false, error: { code: 'registration_required', message: expect.stringContaining('name, email') } });
        const bad = await v.attempt('conversation:open', { registration: { name: 'Zoe', email: 'not-an-email' } });
        expect(bad.ok === false && bad.error.code).toBe('bad_request');
        const opened = await v.open({ registration: { name: 'Zoe Quinn', email: 'zoe@example.com' } });
        await expect.poll(() => startsOf(opened.conversation.id).length, { timeout: 10_000 }).toBe(1);
        expect(startsOf(opened.conversation.id)[0]!.body.info.contact).toMatchObject({ name: 'Zoe Quinn', email: 'zoe@example.com', verified: false });
        // Registered once: the next conversation of this visitor starts without the card.
        const again = await v.attempt('conversation:open', { fresh: true });
        expect(again.ok).toBe(true);
      } finally {
        await call('PUT', '/settings', { registration_enabled: false });
      }
    });

    it('lets the owner read the notes a bot made, about the conversation and about the contact', async () => {
      reply = ({ body }) =>
        body.packet.name === 'start'
          ? [
              { info: { cid: body.info.cid }, packet: { name: 'note_create', payload: { body: 'Asked about invoices' } } },
              { info: { cid: body.info.cid }, packet: { name: 'note_create', payload: { body: 'VIP customer', contact_identity_id: body.info.contact.id } } },
            ]
          : {};
      const first = await api('POST', '/api/v1/conversations', startBody('noted'));
      const id = first.json.conversation.id;
      const notes = await until(async () => (await call('GET', `/sessions/${id}/notes`)).json.data.items as Json[], (n) => n.length === 2);
      reply = () => ({});
      const contactId = (await suite.server.store.conversations.find(id))!.visitorId;
      expect(notes).toEqual([
        { id: expect.any(String), about: 'conversation', session_id: id, contact_id: null, body: 'Asked about invoices', author: 'bot', created_at: expect.any(String) },
        { id: expect.any(String), about: 'contact', session_id: id, contact_id: contactId, body: 'VIP customer', author: 'bot', created_at: expect.any(String) },
      ]);
      // The contact's notes follow it into its next conversation.
      await api('POST', '/api/v1/conversations', startBody('noted'));
      const aboutContact = (await call('GET', `/contacts/${contactId}/notes`)).json.data.items as Json[];
      expect(aboutContact.map((n) => n.body)).toEqual(['VIP customer']);
      expect((await call('GET', '/sessions/no-such-session/notes')).status).toBe(404);
      expect((await call('GET', '/contacts/no-such-contact/notes')).json).toEqual({ status: 'error', message: 'no contact with id "no-such-contact"' });
    });

    it('sends the transcript by SMTP on email_dispatch once the conversation ends, and records what it could not send', async () => {
      reply = ({ body }) => {
        const cid = body.info.cid;
        return body.packet.name === 'start'
          ? [
              { info: { cid }, packet: { name: 'message', payload: { body: 'Your order ships tomorrow.' } } },
              { info: { cid }, packet: { name: 'email_dispatch', payload: { recipient: 'contact' } } },
              { info: { cid }, packet: { name: 'email_dispatch', payload: { recipient: 'operator' } } },
              { info: { cid }, packet: { name: 'end', payload: {} } },
            ]
          : {};
      };
      const contact = { name: 'Mia Park', email: 'mia@example.com' };
      const { json } = await api('POST', '/api/v1/conversations', startBody('mailed', { variables: { contact }, ...withMessage('Where is my order?') }));
      const id = json.conversation.id;
      const session = await until(
        async () => (await call('GET', `/sessions/${id}`)).json.data,
        (s: Json) => s.dispatches.length === 2 && s.dispatches.every((d: Json) => d.result && d.result.status !== 'sending'),
      );
      reply = () => ({});
      expect(session.dispatches.map((d: Json) => d.result)).toEqual([
        { status: 'sent', at: expect.any(String), to: 'mia@example.com' },
        { status: 'not_sent', at: expect.any(String), reason: 'no agent took this conversation' },
      ]);
      const mail = smtp.received.find((m) => m.to.includes('mia@example.com'))!;
      expect(mail.from).toBe('confab@example.com');
      expect(mail.raw).toContain('Where is my order?');
      expect(mail.raw).toContain('Your order ships tomorrow.');
      expect(smtp.received.filter((m) => m.to.includes('mia@example.com'))).toHaveLength(1);
    });
  });
});

describe('email_dispatch without an SMTP server', () => {
  it('records the transcript as not sent, saying why', async () => {
    const { store, service } = await createTestApp();
    const bot = (await store.bots.findByKey('demo'))!;
    const contact = await store.visitors.findOrCreate(bot.id, { email: 'ned@example.com' }, new Date().toISOString());
    const { conversation } = await service.startFromApi({ botId: bot.id, visitorId: contact.id });
    await service.deliver(conversation.id, [{ name: 'email_dispatch', payload: { recipient: 'contact' } }, { name: 'end', payload: {} }]);
    await expect
      .poll(async () => (await store.conversations.find(conversation.id))!.meta.dispatches?.[0]?.result, { timeout: 10_000 })
      .toEqual({ status: 'not_sent', at: expect.any(String), reason: 'no SMTP server is configured (SMTP_URL or SMTP_HOST)' });
  });
});
