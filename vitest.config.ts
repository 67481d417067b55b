import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/**
 * Test files that need no Node API: they also run inside edge-runtime and workerd. Those two
 * projects share one module graph across files (`isolate: false`): the files hold no global
 * state, and it halves their cost in `npm test`.
 */
const portable = [
  'test/edge/**/*.test.ts',
  'test/validation/schedule.test.ts',
  'test/validation/instructions.test.ts',
  'test/validation/verdict.test.ts',
  'test/core/pagination.test.ts',
  'test/testing/clock.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        // The examples import the package by name (as a deployed Worker does): its source here.
        // test/fleet-worker runs examples/fleet-worker's Durable Object this way.
        resolve: {
          alias: [
            {
              find: /^cloudflare-custom-hostnames$/,
              replacement: fileURLToPath(new URL('src/index.ts', import.meta.url)),
            },
          ],
        },
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workerd/**', 'test/edge/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'edge-runtime',
          isolate: false,
          include: portable,
          environment: 'edge-runtime',
          provide: { runtime: 'edge-runtime' },
        },
      },
      {
        plugins: [cloudflareTest({ miniflare: { compatibilityDate: '2026-01-01' } })],
        test: {
          name: 'workerd',
          isolate: false,
          include: [...portable, 'test/workerd/**/*.test.ts'],
          provide: { runtime: 'workerd' },
        },
      },
    ],
  },
});
