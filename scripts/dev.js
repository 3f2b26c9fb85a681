// Development: rebuilds the widget on every change and restarts the server on every change.
// Reload the demo page to see a change (widget.js is served with a 5-minute cache, so use a
// hard reload or keep DevTools' "Disable cache" on). The server's JSON log lines are shown
// by pino-pretty (a devDependency; production prints the JSON as it is).
import { spawn } from 'node:child_process';

const run = (args, stdio = 'inherit') => spawn('npx', args, { stdio, env: { LOG_LEVEL: 'debug', ...process.env } });

/** pino-pretty when it is installed (npm ci without --omit=dev), the JSON lines otherwise. */
async function prettyLogs() {
  try {
    const { default: pretty } = await import('pino-pretty');
    return pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
  } catch {
    return process.stdout;
  }
}

// The loader embeds the panel's file name, so the panel is built once before both watchers start.
const first = run(['vite', 'build']);
first.on('exit', async (code) => {
  if (code !== 0) process.exit(code ?? 1);
  const server = run(['tsx', 'watch', '--clear-screen=false', 'server/main.ts'], ['inherit', 'pipe', 'inherit']);
  server.stdout.pipe(await prettyLogs());
  const children = [run(['vite', 'build', '--watch']), run(['vite', 'build', '--mode', 'loader', '--watch']), server];
  const stop = () => {
    for (const child of children) child.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});
