import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { tempDir } from '../helpers/databases.js';
import { bodyOf, fromBot, startTestServer } from '../helpers/server.js';
import { testVisitor } from '../helpers/visitor-client.js';

describe('a server restart', () => {
  let server: RunningServer | undefined;
  afterEach(() => server?.close());

  it('loses nothing: the same token works and the history is complete', async () => {
    const dataDir = tempDir();
    server = await startTestServer({ dataDir, port: 0 });
    const before = await testVisitor(server);
    const opened = await before.open();
    await before.send(opened.conversation.id, 'shipping', 'before-restart');
    await before.inbox.next((m) => fromBot(m) && m.seq === 3);
    before.close();
    await server.close();

    server = await startTestServer({ dataDir, port: 0 });
    const after = await testVisitor(server, { identity: before.identity });
    const reopened = await after.open();
    after.close();
    expect(reopened.conversation.id).toBe(opened.conversation.id);
    expect(reopened.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(bodyOf(reopened.messages[2])).toContain('free on orders over $40');
  });
});
