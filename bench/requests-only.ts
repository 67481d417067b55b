/**
 * The request section of `npm run bench` alone, for some of its clients, printed instead of
 * written to docs/benchmarks.md: fewer clients make shorter rounds, so more of them fit in the
 * time the machine stays quiet. Raw fetch, the baseline of every ratio, always runs.
 *
 *   npm run build && node --expose-gc --import tsx bench/requests-only.ts raw-timeout-zod,ours
 *   BENCH_REQUEST_ROUNDS=31 BENCH_REQUESTS=5000 …   # as for npm run bench (21 and 3,000 by default)
 */
import { startServer } from './lib/server-process.js';
import { measureRequests, REQUEST_VARIANTS } from './requests.js';

const only = (process.argv[2] ?? REQUEST_VARIANTS.join(',')).split(',');
const unknown = only.filter((variant) => !REQUEST_VARIANTS.includes(variant));
if (unknown.length > 0) throw new Error(`unknown clients ${unknown.join(', ')}: use ${REQUEST_VARIANTS.join(', ')}`);
const rounds = Number(process.env.BENCH_REQUEST_ROUNDS ?? 21);
const total = Number(process.env.BENCH_REQUESTS ?? 3_000);

const server = await startServer(10_000);
try {
  const { markdown } = await measureRequests(server, rounds, total, only);
  process.stdout.write(`${rounds} rounds × ${total} requests per run\n\n${markdown}\n`);
} finally {
  await server.stop();
}
