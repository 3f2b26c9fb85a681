// Development: rebuilds the widget on every change and restarts the server on every change.
// Reload the demo page to see a change (widget.js is served with a 5-minute cache, so use a
// hard reload or keep DevTools' "Disable cache" on).
import { spawn } from 'node:child_process';

const run = (args) => spawn('npx', args, { stdio: 'inherit', env: process.env });

// The loader embeds the panel's file name, so the panel is built once before both watchers start.
const first = run(['vite', 'build']);
first.on('exit', (code) => {
  if (code !== 0) process.exit(code ?? 1);
  const children = [
    run(['vite', 'build', '--watch']),
    run(['vite', 'build', '--mode', 'loader', '--watch']),
    run(['tsx', 'watch', '--clear-screen=false', 'server/main.ts']),
  ];
  const stop = () => {
    for (const child of children) child.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});
