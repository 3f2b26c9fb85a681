import { afterEach, describe, expect, it } from 'vitest';
import { AiFailure, type AiRequest, type AiStreamPart } from '../../server/ai/provider.js';
import { sdkProvider } from '../../server/ai/sdk-provider.js';
import { createGate, startFakeProvider, type FakeProvider, type FakeReply } from '../helpers/fake-ai.js';
import { loopbackOutbound } from '../helpers/unit-fixture.js';

/** The SDK adapters against local servers speaking the real OpenAI and Anthropic wire formats. */

const request: AiRequest = {
  model: 'test-model',
  temperature: 0.3,
  maxTokens: 123,
  system: 'You are Northwind Coffee.\n\n# Knowledge\n\n## Decaf\n\nOur decaf is Swiss Water processed.',
  messages: [
    { role: 'user', content: 'hello' },
    { role: 'assistant', content: 'Hi! How can I help?' },
    { role: 'user', content: 'do you have decaf?' },
  ],
  contexts: [],
};

let fake: FakeProvider | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Each adapter with the wire format it speaks. */
const adapters = [
  ['openai-compatible', 'openai'],
  ['openai', 'openai'],
  ['anthropic', 'anthropic'],
] as const;
type Adapter = (typeof adapters)[number][0];

async function start(kind: Adapter, reply: FakeReply, idleTimeoutMs = 5_000) {
  fake = await startFakeProvider(kind === 'anthropic' ? 'anthropic' : 'openai', () => reply);
  return sdkProvider({ kind, baseUrl: fake.url, apiKey: 'sk-test-key', idleTimeoutMs, fetch: loopbackOutbound.fetchFor({ timeoutMs: 60_000, maxBytes: 16 * 1024 * 1024 }) });
}

/** Reads a stream to its end: its parts, and the failure it ended with. */
async function drain(parts: AsyncIterable<AiStreamPart>): Promise<{ parts: AiStreamPart[]; failure?: AiFailure }> {
  const seen: AiStreamPart[] = [];
  try {
    for await (const part of parts) seen.push(part);
    return { parts: seen };
  } catch (err) {
    return { parts: seen, failure: err as AiFailure };
  }
}

describe.each(['openai-compatible', 'openai'] as const)('the %s adapter', (kind) => {
  it('sends the model, temperature, max tokens, system prompt and history as the chat completions API takes them', async () => {
    const provider = await start(kind, { chunks: ['Yes', ', we do.'] });
    await drain(provider.stream(request, new AbortController().signal));
    expect(fake!.requests).toHaveLength(1);
    const [sent] = fake!.requests;
    expect(sent!.path).toBe('/v1/chat/completions');
    expect(sent!.headers.authorization).toBe('Bearer sk-test-key');
    expect(sent!.body).toMatchObject({
      model: 'test-model',
      temperature: 0.3,
      max_tokens: 123,
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: request.system },
        { role: 'user', content: 'hello' },
        { role: 'assistant', content: 'Hi! How can I help?' },
        { role: 'user', content: 'do you have decaf?' },
      ],
    });
  });
});

describe('the Anthropic adapter', () => {
  it('sends the model, temperature, max tokens, system prompt and history as the messages API takes them', async () => {
    const provider = await start('anthropic', { chunks: ['Yes.'] });
    await drain(provider.stream(request, new AbortController().signal));
    const [sent] = fake!.requests;
    expect(sent!.path).toBe('/v1/messages');
    expect(sent!.headers['x-api-key']).toBe('sk-test-key');
    expect(sent!.body).toMatchObject({
      model: 'test-model',
      temperature: 0.3,
      max_tokens: 123,
      stream: true,
      system: [{ type: 'text', text: request.system }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hello' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Hi! How can I help?' }] },
        { role: 'user', content: [{ type: 'text', text: 'do you have decaf?' }] },
      ],
    });
  });
});

describe.each(adapters)('streaming through the %s adapter (%s wire format)', (wire) => {
  it('yields each chunk as it arrives, then the usage', async () => {
    const gate = createGate();
    const provider = await start(wire, { chunks: ['Our ', '**decaf**', ' is Swiss Water processed.'], gate, usage: { input: 42, output: 9 } });
    const it = provider.stream(request, new AbortController().signal)[Symbol.asyncIterator]();
    // Nothing comes before the provider sends it; each release brings exactly its chunk.
    gate.release();
    expect(await it.next()).toEqual({ done: false, value: { type: 'text', text: 'Our ' } });
    gate.release();
    expect(await it.next()).toEqual({ done: false, value: { type: 'text', text: '**decaf**' } });
    gate.release();
    expect(await it.next()).toEqual({ done: false, value: { type: 'text', text: ' is Swiss Water processed.' } });
    expect(await it.next()).toEqual({ done: false, value: { type: 'finish', usage: { inputTokens: 42, outputTokens: 9 } } });
    expect((await it.next()).done).toBe(true);
  });

  it('a stream cut mid-way gives the text so far, then fails as cut', async () => {
    const provider = await start(wire, { chunks: ['Half ', 'an answer'], cut: true });
    const { parts, failure } = await drain(provider.stream(request, new AbortController().signal));
    expect(parts).toEqual([
      { type: 'text', text: 'Half ' },
      { type: 'text', text: 'an answer' },
    ]);
    expect(failure).toBeInstanceOf(AiFailure);
    expect(failure!.kind).toMatch(/^(cut|unavailable)$/);
  });

  it.each([
    [429, 'rate_limited'],
    [401, 'auth'],
    [500, 'unavailable'],
  ] as const)('HTTP %i fails as %s, at once (no retries)', async (status, kind) => {
    const provider = await start(wire, { status });
    const { parts, failure } = await drain(provider.stream(request, new AbortController().signal));
    expect(parts).toEqual([]);
    expect(failure).toMatchObject({ kind });
    expect(fake!.requests).toHaveLength(1);
  });

  it('a provider that does not start answering fails as a timeout', async () => {
    const provider = await start(wire, { hang: true }, 300);
    const { failure } = await drain(provider.stream(request, new AbortController().signal));
    expect(failure).toMatchObject({ kind: 'timeout' });
  });

  it('an abort ends the stream quietly and closes the request to the provider', async () => {
    const gate = createGate();
    const provider = await start(wire, { chunks: ['one ', 'two ', 'three'], gate });
    const controller = new AbortController();
    const it = provider.stream(request, controller.signal)[Symbol.asyncIterator]();
    gate.release();
    expect(await it.next()).toMatchObject({ value: { text: 'one ' } });
    controller.abort();
    expect((await it.next()).done).toBe(true);
    await expect.poll(() => fake!.aborted()).toBe(1);
  });
});

describe('the openai adapter and OpenAI reasoning models', () => {
  it('sends max_completion_tokens and no temperature, which those models refuse', async () => {
    const provider = await start('openai', { chunks: ['Yes.'] });
    await drain(provider.stream({ ...request, model: 'o3-mini' }, new AbortController().signal));
    const body = fake!.requests[0]!.body;
    expect(body).toMatchObject({ model: 'o3-mini', max_completion_tokens: 123 });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('max_tokens');
  });
});
