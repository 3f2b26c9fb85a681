import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for AI providers that speak their real wire formats over HTTP: OpenAI chat
 * completions (server-sent `data:` chunks, a usage chunk, `data: [DONE]`) and Anthropic
 * messages (message_start, content_block_* and message_delta events). They record every
 * request and stream a scripted answer, chunk by chunk when a gate holds them.
 */

export interface FakeRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** Lets a test release a stream's chunks one at a time. */
export interface Gate {
  wait(): Promise<void>;
  release(n?: number): void;
}

export function createGate(): Gate {
  let credits = 0;
  const waiters: Array<() => void> = [];
  return {
    wait: () =>
      credits > 0
        ? (credits--, Promise.resolve())
        : new Promise<void>((resolve) => {
            waiters.push(resolve);
          }),
    release(n = 1) {
      for (let i = 0; i < n; i++) {
        const w = waiters.shift();
        if (w) w();
        else credits++;
      }
    },
  };
}

export interface FakeReply {
  /** An error status (401, 429, 500...) with a JSON error body instead of a stream. */
  status?: number;
  chunks?: string[];
  /** Close the connection after the chunks, without the end of the stream. */
  cut?: boolean;
  /** Never answer (a slow start). */
  hang?: boolean;
  usage?: { input: number; output: number };
  /** Awaited before every chunk. */
  gate?: Gate;
}

export interface FakeProvider {
  url: string;
  requests: FakeRequest[];
  /** Connections closed by the client before the stream ended (an abort reached the provider). */
  aborted: () => number;
  close(): Promise<void>;
}

type Wire = 'openai' | 'anthropic';

function sse(res: ServerResponse, wire: Wire, event: string, data: unknown): void {
  if (wire === 'anthropic') res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  else res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

async function stream(res: ServerResponse, wire: Wire, reply: FakeReply, model: string, closed: () => boolean): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  const usage = reply.usage ?? { input: 11, output: 7 };
  if (wire === 'anthropic') {
    sse(res, wire, 'message_start', {
      type: 'message_start',
      message: { id: 'msg_1', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: usage.input, output_tokens: 1 } },
    });
    sse(res, wire, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  }
  for (const chunk of reply.chunks ?? []) {
    await reply.gate?.wait();
    if (closed()) return;
    if (wire === 'anthropic') sse(res, wire, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: chunk } });
    else sse(res, wire, 'chunk', { id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { role: 'assistant', content: chunk }, finish_reason: null }] });
  }
  if (reply.cut) {
    // What was written goes out, then the connection ends in the middle of the body.
    res.socket?.end();
    return;
  }
  if (wire === 'anthropic') {
    sse(res, wire, 'content_block_stop', { type: 'content_block_stop', index: 0 });
    sse(res, wire, 'message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output } });
    sse(res, wire, 'message_stop', { type: 'message_stop' });
  } else {
    sse(res, wire, 'chunk', { id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    sse(res, wire, 'chunk', { id: 'c1', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output } });
    sse(res, wire, 'done', '[DONE]');
  }
  res.end();
}

function errorBody(wire: Wire, status: number) {
  const message = status === 401 ? 'invalid x-api-key' : status === 429 ? 'rate limited' : 'overloaded';
  return wire === 'anthropic' ? { type: 'error', error: { type: status === 401 ? 'authentication_error' : 'api_error', message } } : { error: { message, type: 'error', code: String(status) } };
}

export async function startFakeProvider(wire: Wire, answer: (req: FakeRequest) => FakeReply): Promise<FakeProvider> {
  const requests: FakeRequest[] = [];
  let aborted = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const request: FakeRequest = { path: req.url ?? '', headers: req.headers, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} };
      requests.push(request);
      const reply = answer(request);
      let done = false;
      res.on('close', () => {
        if (!done) aborted++;
      });
      if (reply.hang) return;
      if (reply.status) {
        done = true;
        res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(errorBody(wire, reply.status)));
        return;
      }
      void stream(res, wire, reply, String(request.body.model), () => res.destroyed).then(() => {
        done = !res.destroyed || Boolean(reply.cut);
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    aborted: () => aborted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
