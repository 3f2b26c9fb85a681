import { describe, expect, it } from 'vitest';
import { clientWentAway } from './envelopes.js';

const aborted = () => {
  const controller = new AbortController();
  controller.abort('Client connection prematurely closed.');
  return controller.signal;
};
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('clientWentAway', () => {
  it('recognises a client that closed the connection mid-request', () => {
    // Node's IncomingMessage when the body is cut, and @hono/node-server's own rejections.
    expect(clientWentAway(withCode('aborted', 'ECONNRESET'), aborted())).toBe(true);
    expect(clientWentAway(new Error('Client connection prematurely closed.'), aborted())).toBe(true);
    expect(clientWentAway(new TypeError('Body is unusable'), aborted())).toBe(true);
    expect(clientWentAway(withCode('Premature close', 'ERR_STREAM_PREMATURE_CLOSE'), aborted())).toBe(true);
    expect(clientWentAway(new DOMException('This operation was aborted', 'AbortError'), aborted())).toBe(true);
  });

  it('is not fooled by real errors, aborted or not', () => {
    // A database or an outbound call reset is the server's problem.
    expect(clientWentAway(withCode('read ECONNRESET', 'ECONNRESET'), aborted())).toBe(false);
    expect(clientWentAway(new Error('relation "bots" does not exist'), aborted())).toBe(false);
    // The same shapes while the client is still there are not an abort.
    expect(clientWentAway(withCode('aborted', 'ECONNRESET'), new AbortController().signal)).toBe(false);
    expect(clientWentAway(new TypeError('Body is unusable'), new AbortController().signal)).toBe(false);
  });
});
