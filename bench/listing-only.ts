/**
 * The listing section of `npm run bench` alone, printed instead of written to
 * docs/benchmarks.md: each round walks 10,000 hostnames with every client, in fresh processes.
 *
 *   npm run build && node --import tsx bench/listing-only.ts
 *   BENCH_ROUNDS=15 …   # as for npm run bench (9 by default)
 */
import { startServer } from './lib/server-process.js';
import { measureListing } from './listing.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const server = await startServer(10_000);
try {
  const { markdown } = await measureListing(server, rounds);
  process.stdout.write(`${rounds} rounds\n\n${markdown}\n`);
} finally {
  await server.stop();
}
