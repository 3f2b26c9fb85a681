import { defineConfig } from 'vitest/config';

// Four kinds of tests, one runner. Unit and component tests run first, in parallel; then the
// integration suites (real servers), then the browser suites (real Chromium), one file at a
// time: the machines have two cores.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          sequence: { groupOrder: 0 },
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'test/size/**/*.test.ts', 'test/structure/**/*.test.ts'],
        },
      },
      {
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
        test: {
          name: 'component',
          environment: 'happy-dom',
          sequence: { groupOrder: 0 },
          include: ['widget/**/*.test.{ts,tsx}', 'console/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          sequence: { groupOrder: 2 },
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // expect.poll gives up after 1 s by default: on a loaded machine a bot's reply can
          // take longer. Playwright's own waits allow 30 s; polls get 10.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
