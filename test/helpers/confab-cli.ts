import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { root } from './server.js';

/**
 * The confab CLI as a child process, from its TypeScript entry (tsx as node's loader, found
 * from here: the CLI runs in `cwd`, a temp dir). CONFAB_SERVER and CONFAB_TOKEN start empty.
 */
export function confabCli(cwd: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'server', 'cli', 'main.ts'), ...args], {
    cwd,
    env: { ...process.env, CONFAB_SERVER: '', CONFAB_TOKEN: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? -1)));
  return { child, exited, output: () => stdout, errors: () => stderr };
}

/** Runs the CLI to its end; `input` is written to its standard input, which is then closed. */
export async function runConfabCli(cwd: string, args: string[], env?: Record<string, string>, input?: string) {
  const cli = confabCli(cwd, args, env);
  if (input !== undefined) cli.child.stdin.end(input);
  const code = await cli.exited;
  return { code, stdout: cli.output(), stderr: cli.errors() };
}
