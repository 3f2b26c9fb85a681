import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../shared/index.js';
import { createBotCache } from '../bots/bot-cache.js';
import { oneNode, type Cluster } from '../lib/cluster/index.js';
import type { Store } from '../store/index.js';
import { addBot, addConversation, addVisitor, loopbackOutbound, openTestStore, reply, startHttpServer } from '../../test/helpers/unit-fixture.js';
import { messageWebhook } from './message-webhook.js';

describe('message webhook with several nodes', () => {
  let store: Store;
  let close: () => Promise<void>;
  let receiver: Awaited<ReturnType<typeof startHttpServer>>;

  beforeEach(async () => {
    ({ store, close } = await openTestStore());
    receiver = await startHttpServer((_req, res) => reply(res, 200, {}));
  });
  afterEach(async () => {
    await receiver.close();
    await close();
  });

  it('idle() waits for a delivery whose append to the shared list is still on its way (a node stopping sends it before it closes)', async () => {
    const bot = await addBot(store, { message_webhook_url: `${receiver.origin}/hook` });
    const conversation = await addConversation(store, { botId: bot.id, visitorId: await addVisitor(store, bot.id), at: '2026-01-01T00:00:00.000Z' });
    // Redis answering the append a moment later than the node asks.
    const node = oneNode();
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const cluster: Cluster = { ...node, shared: true, append: (list, item) => answered.then(() => node.append(list, item)) };
    const webhooks = messageWebhook({ store, botCache: createBotCache(store, undefined, cluster), outbound: loopbackOutbound, log: () => undefined, cluster });
    const message: MessageRecord = {
      id: 'm-1',
      conversationId: conversation.id,
      seq: 1,
      author: 'visitor',
      packet: { name: 'message', payload: { body: 'hello' } },
      createdAt: '2026-01-01T00:00:01.000Z',
    } as MessageRecord;
    webhooks.message(conversation.id, message);
    const idle = webhooks.idle();
    answer();
    await idle;
    expect(receiver.requests.map((r) => JSON.parse(r.body).message.id)).toEqual(['m-1']);
  });
});
