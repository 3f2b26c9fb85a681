#!/usr/bin/env node
import { existsSync, watch } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readBotFile, starterBot, type BotFile } from './bot-file-check.js';
import { describeImport, exportBot, importBot } from './bot-sync.js';
import { chat } from './chat.js';
import { CliError, configClient } from './config-client.js';
import { passwordFromStdin, resetOwnerPassword } from './owner-password.js';

const HELP: Record<string, string> = {
  main: `confab: bots as files, and a terminal chat, for a Confab server

Usage: confab <command> [options]

Commands:
  init [FILE]                   write a starter bot file (bot.json)
  validate FILE                 check a bot file as the API would; problems with their JSON paths
  export [FILE]                 write the token's bot to FILE (or standard output)
  import FILE [--watch]         make the token's bot what FILE says; --watch: again on every change
  chat --bot KEY                talk to a bot as a visitor (Ctrl-D leaves)
  owner reset-password EMAIL    on the server: a new password for an owner account

Options of export, import and chat:
  --server URL                  the Confab server (default: $CONFAB_SERVER, else http://localhost:3000)
  --token TOKEN                 the bot's admin token (default: $CONFAB_TOKEN)

confab <command> --help says more.`,
  init: `Usage: confab init [FILE] [--key KEY] [--force]

Writes a starter bot: settings (greeting, fallback, buttons), a keyword rule and a flow.
FILE defaults to bot.json; an existing file is kept unless --force.`,
  validate: `Usage: confab validate FILE

Checks FILE with the same schemas as the configuration API. Every problem is printed with its
JSON path (keywords[0].match_type: ...); the exit code is 1 when there is one.`,
  export: `Usage: confab export [FILE] --server URL --token TOKEN [--key KEY] [--name NAME]

Reads the bot of the admin token through the chatbot API (settings with appearance, quick
prompts and personas; keyword rules; AI contexts; flows) and writes it as a bot file, to FILE
or standard output. Keys and tokens are write-only and are not exported. The file's key and
name come from --key and --name, else from FILE when it exists.`,
  import: `Usage: confab import FILE --server URL --token TOKEN [--watch]

Makes the bot of the admin token what FILE says: the settings FILE gives, and exactly its
keyword rules, AI contexts and flows (matched by name: new ones created, changed ones updated,
the rest deleted). Prints what changed; a second import of the same file changes nothing.
--watch imports again whenever FILE changes, until Ctrl-C.`,
  owner: `Usage: confab owner reset-password EMAIL [--stdin]

Run where the server runs, with its environment (DATA_DIR, or DATABASE_URL, and
CONFAB_ENCRYPTION_KEY when set): sets a new password for the owner account of EMAIL and signs
all its console sessions out. Without --stdin a password is generated and printed this once
(hand it over, and have it changed in the console); with --stdin the first line of standard
input is the password (10 to 200 characters).`,
  chat: `Usage: confab chat --bot KEY [--server URL]

Talks to the bot as a visitor of the widget would. AI answers print as they stream; a
message's choices are numbered, and typing a number picks one. Ctrl-D ends the chat.`,
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  server: { type: 'string' },
  token: { type: 'string' },
  bot: { type: 'string' },
  key: { type: 'string' },
  name: { type: 'string' },
  force: { type: 'boolean' },
  watch: { type: 'boolean' },
  stdin: { type: 'boolean' },
} satisfies ParseArgsConfig['options'];

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

const print = (text: string) => process.stdout.write(`${text}\n`);
const server = (v: Values) => v.server ?? process.env.CONFAB_SERVER ?? 'http://localhost:3000';
function token(v: Values): string {
  const t = v.token ?? process.env.CONFAB_TOKEN;
  if (!t) throw new CliError('an admin token is needed: --token TOKEN or CONFAB_TOKEN');
  return t;
}
function fileArg(files: string[], command: string): string {
  if (!files[0]) throw new CliError(`confab ${command} needs a FILE\n\n${HELP[command]}`);
  return files[0];
}

async function validFile(file: string): Promise<BotFile> {
  const { bot, problems } = await readBotFile(file);
  if (!bot) throw new CliError(`${file} is not a valid bot file:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  return bot;
}

async function importOnce(file: string, v: Values) {
  const report = await importBot(configClient(server(v), token(v)), await validFile(file));
  for (const line of describeImport(report)) print(line);
}

/** Imports again on every change of the file, a burst of writes (an editor's save) counted once. */
async function watchFile(file: string, v: Values): Promise<never> {
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const again = () =>
    (running = running.then(() =>
      importOnce(file, v).catch((err: Error) => {
        process.stderr.write(`${err.message}\n`);
      }),
    ));
  await again();
  print(`watching ${file} (Ctrl-C stops)`);
  // The directory, not the file: editors replace the file on save, which ends a watch on it.
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) || '/' : '.';
  watch(dir, (_event, name) => {
    if (name !== basename(file)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (existsSync(file)) void again().then(() => print(`re-imported ${file}`));
    }, 150);
  });
  return new Promise<never>(() => undefined);
}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    print(HELP.main!);
    return command ? 0 : 1;
  }
  if (!HELP[command] || command === 'main') throw new CliError(`unknown command "${command}"\n\n${HELP.main}`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${HELP[command]}`);
  }
  const v = parsed.values as Values;
  const files = parsed.positionals;
  if (v.help) {
    print(HELP[command]!);
    return 0;
  }
  switch (command) {
    case 'init': {
      const file = files[0] ?? 'bot.json';
      if (existsSync(file) && !v.force) throw new CliError(`${file} exists: --force replaces it`);
      await writeFile(file, `${JSON.stringify(starterBot(v.key), null, 2)}\n`);
      print(`wrote ${file}: edit it, then \`confab validate ${file}\` and \`confab import ${file}\``);
      return 0;
    }
    case 'validate': {
      const file = fileArg(files, command);
      const { problems } = await readBotFile(file);
      if (problems.length > 0) {
        for (const problem of problems) process.stderr.write(`${problem}\n`);
        process.stderr.write(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
        return 1;
      }
      print(`${file} is a valid bot file`);
      return 0;
    }
    case 'export': {
      const file = files[0];
      const previous = file && existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Partial<BotFile>) : {};
      const key = v.key ?? previous.key ?? 'exported-bot';
      const bot = await exportBot(configClient(server(v), token(v)), { key, name: v.name ?? previous.name ?? key });
      const text = `${JSON.stringify(bot, null, 2)}\n`;
      if (file) {
        await writeFile(file, text);
        print(`wrote ${file}: ${bot.keywords.length} keyword rules, ${bot.ai_contexts.length} AI contexts, ${bot.flows.length} flows`);
      } else process.stdout.write(text);
      return 0;
    }
    case 'import': {
      const file = fileArg(files, command);
      if (v.watch) return watchFile(file, v);
      await importOnce(file, v);
      return 0;
    }
    case 'owner': {
      const [action, email] = files;
      if (action !== 'reset-password' || !email) throw new CliError(`confab owner reset-password needs an EMAIL\n\n${HELP.owner}`);
      const reset = await resetOwnerPassword(email, v.stdin ? await passwordFromStdin() : undefined);
      const ended = `${reset.sessionsEnded} session${reset.sessionsEnded === 1 ? '' : 's'} signed out`;
      print(reset.generated ? `new password of ${reset.email}: ${reset.password}\n(shown this once; ${ended})` : `password of ${reset.email} set (${ended})`);
      return 0;
    }
    case 'chat': {
      if (!v.bot) throw new CliError(`confab chat needs --bot KEY\n\n${HELP.chat}`);
      await chat({ server: server(v), botKey: v.bot, input: process.stdin, output: process.stdout });
      return 0;
    }
  }
  return 1;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof CliError ? err.message : (err as Error).stack}\n`);
    process.exit(err instanceof CliError ? 1 : 2);
  },
);
