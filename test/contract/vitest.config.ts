import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:contract`: the client against Stoplight Prism serving Cloudflare's OpenAPI
 * document, in static and dynamic mode. Kept out of `npm test` because Prism's start and
 * its random answers take longer than the whole unit suite.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/contract/**/*.contract.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
