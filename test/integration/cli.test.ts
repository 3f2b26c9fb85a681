import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBotFromFile } from '../../server/bots/bot-file.js';
import type { RunningServer } from '../../server/server.js';
import { tempDir } from '../helpers/databases.js';
import { confabCli, runConfabCli } from '../helpers/confab-cli.js';
import { call } from '../helpers/http.js';
import { startTestServer } from '../helpers/server.js';

const CLI_TOKEN = 'cli-bot-admin-token-0123456789abcdef';

const confab = (args: string[], env: Record<string, string> = {}) => confabCli(dir, args, env);
const run = (args: string[], env?: Record<string, string>) => runConfabCli(dir, args, env);

const dir = tempDir('confab-cli-');

// Each command is a node process with tsx compiling the CLI: seconds each on a loaded machine.
describe('the confab CLI against a real server', { timeout: 180_000 }, () => {
  let server: RunningServer;
  let env: Record<string, string>;
  const running: ChildProcessWithoutNullStreams[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    // A bot of its own, so that importing files leaves the demo bot to the chat test.
    const file = join(dir, 'cli-bot-seed.json');
    writeFileSync(file, JSON.stringify({ key: 'cli-bot', name: 'CLI bot', settings: {} }));
    await ensureBotFromFile(server.store, file, CLI_TOKEN, new Date());
    env = { CONFAB_SERVER: server.url, CONFAB_TOKEN: CLI_TOKEN };
  });
  afterAll(async () => {
    for (const child of running) child.kill();
    await server?.close();
  });

  it('says how to use it, and refuses what it does not know with the usage', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('confab <command> [options]');
    const importHelp = await run(['import', '--help']);
    expect(importHelp.stdout).toContain('--watch');
    const wrong = await run(['import']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('confab import needs a FILE');
    expect((await run(['frobnicate'])).stderr).toContain('unknown command "frobnicate"');
  });

  it('init, validate, import and export: the exported bot is the file, and importing again changes nothing', async () => {
    expect((await run(['init', 'bot.json'])).code).toBe(0);
    expect((await run(['init', 'bot.json'])).stderr).toContain('bot.json exists');
    expect((await run(['validate', 'bot.json'])).stdout).toContain('bot.json is a valid bot file');

    const first = await run(['import', 'bot.json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('created keyword rule "Opening hours"');
    expect(first.stdout).toContain('created flow "Feedback"');
    expect(first.stdout).toContain('settings changed: ');
    expect((await run(['import', 'bot.json'], env)).stdout).toContain('nothing changed (2 items as in the file)');

    const exported = await run(['export', 'exported.json', '--key', 'cli-bot'], env);
    expect(exported.code, exported.stderr).toBe(0);
    const file = JSON.parse(readFileSync(join(dir, 'bot.json'), 'utf8'));
    const back = JSON.parse(readFileSync(join(dir, 'exported.json'), 'utf8'));
    expect(back.key).toBe('cli-bot');
    // The server fills defaults and gives buttons ids: everything the file said is there as it said.
    const withoutIds = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'id' ? undefined : v)));
    expect(withoutIds(back.settings)).toMatchObject(withoutIds(file.settings));
    expect(back.keywords).toEqual([expect.objectContaining(file.keywords[0])]);
    expect(withoutIds(back.flows)).toEqual([expect.objectContaining({ ...withoutIds(file.flows[0]), steps: expect.any(Array) })]);
    expect(withoutIds(back.flows[0].steps)).toMatchObject(withoutIds(file.flows[0].steps));
    expect((await run(['validate', 'exported.json'])).code).toBe(0);
    expect((await run(['import', 'exported.json'], env)).stdout).toContain('nothing changed');

    // Replacing: a rule the file no longer has is deleted, a changed one updated.
    file.keywords[0].response = 'Open every day, 8 to 20.';
    file.flows = [];
    writeFileSync(join(dir, 'bot.json'), JSON.stringify(file));
    const changed = await run(['import', 'bot.json'], env);
    expect(changed.stdout).toContain('updated keyword rule "Opening hours"');
    expect(changed.stdout).toContain('deleted flow "Feedback"');
    const rules = await call(server.url, 'GET', '/api/chatbot/keywords', { token: CLI_TOKEN });
    expect(rules.json.data.items.map((r: { response: string }) => r.response)).toEqual(['Open every day, 8 to 20.']);
    expect((await call(server.url, 'GET', '/api/chatbot/flows', { token: CLI_TOKEN })).json.data.items).toEqual([]);
  });

  it('validate prints every problem with its JSON path, and exits with 1', async () => {
    const bad = {
      key: 'bad',
      name: 'Bad',
      settings: { greeting_buttons: [{ title: 'a title far too long for a button' }] },
      keywords: [{ name: 'x', keywords: ['x'], match_type: 'sometimes', response: 'y' }],
      flows: [{ name: 'empty', steps: [] }],
    };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    const result = await run(['validate', 'bad.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('settings.greeting_buttons[0].title: a button title has at most 20 characters');
    expect(result.stderr).toContain('keywords[0].match_type: ');
    expect(result.stderr).toContain('flows[0].steps: a flow needs at least one step');
    expect(result.stderr).toContain('bad.json: 3 problems');
    // An import refuses it the same way, and changes nothing.
    const refused = await run(['import', 'bad.json'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('keywords[0].match_type');
    writeFileSync(join(dir, 'broken.json'), '{"key": ');
    expect((await run(['validate', 'broken.json'])).stderr).toContain('not valid JSON');
  });

  it('refuses a wrong token with the server\'s message', async () => {
    const result = await run(['export', '--token', 'not-a-token-of-any-bot'], { CONFAB_SERVER: server.url });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('401 the admin token is not valid');
  });

  it('chats with the demo bot: the greeting with its buttons as numbered choices, a keyword reply, an AI answer, a picked choice', async () => {
    const cli = confab(['chat', '--bot', 'demo'], { CONFAB_SERVER: server.url });
    running.push(cli.child);
    await expect.poll(cli.output, { timeout: 30_000 }).toContain('bot: Hi there! Welcome to **Northwind Coffee**. How can I help you today?');
    expect(cli.output()).toContain('  1. Track Order\n  2. Product Info\n  3. Speak to Agent');
    cli.child.stdin.write('opening hours\n');
    await expect.poll(cli.output, { timeout: 30_000 }).toContain('Mon–Fri 7:00–18:00');
    // An AI answer (the demo's extractive answers, from its AI contexts), streamed then stored.
    cli.child.stdin.write('is it fine to keep it in the fridge?\n');
    await expect.poll(cli.output, { timeout: 30_000 }).toContain('airtight tin');
    cli.child.stdin.write('1\n');
    await expect.poll(cli.output, { timeout: 30_000 }).toContain("What's your order number?");
    // The stored answer completed the streamed text: printed once, not twice.
    expect(cli.output().split('airtight tin').length - 1, cli.output()).toBe(1);
    cli.child.stdin.end();
    expect(await cli.exited).toBe(0);
  });

  it('import --watch imports again when the file changes', async () => {
    const file = JSON.parse(readFileSync(join(dir, 'bot.json'), 'utf8'));
    const cli = confab(['import', 'bot.json', '--watch'], env);
    running.push(cli.child);
    await expect.poll(cli.output, { timeout: 30_000 }).toContain('watching bot.json');
    file.settings.greeting_message = 'Hello from the watched file!';
    writeFileSync(join(dir, 'bot.json'), JSON.stringify(file, null, 2));
    await expect.poll(cli.output, { timeout: 30_000 }).toContain('re-imported bot.json');
    expect(cli.output()).toContain('settings changed: greeting_message');
    const settings = await call(server.url, 'GET', '/api/chatbot/settings', { token: CLI_TOKEN });
    expect(settings.json.data.greeting_message).toBe('Hello from the watched file!');
    // A broken save is reported, and the watch goes on.
    writeFileSync(join(dir, 'bot.json'), '{"key": ');
    await expect.poll(cli.errors, { timeout: 30_000 }).toContain('not valid JSON');
    cli.child.kill();
    await cli.exited;
  });
});
