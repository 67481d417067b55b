/**
 * The benchmark's API server, run as a separate process so that its CPU and memory never
 * count against the client being measured: the simulator behind `listen()` on 127.0.0.1,
 * with its rate limit and issuance limit off, `SEED` active hostnames, and an active
 * fallback origin. Prints one JSON line ({ baseUrl, zoneId, apiToken, id }) and serves
 * until its stdin closes.
 *
 *   npx tsx bench/server.ts 10000
 */
import { createSimulator } from '../src/testing/index.js';
import { listen } from '../src/testing-node.js';

const seed = Number(process.argv[2] ?? 0);
const sim = createSimulator({ rateLimit: false, issuanceLimit: false });
sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
sim.seedHostnames(seed);
const server = await listen(sim);
const id = sim.hostnames()[0]?.id;
process.stdout.write(
  `${JSON.stringify({ baseUrl: server.baseUrl, zoneId: sim.zoneId, apiToken: sim.apiToken, id })}\n`,
);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
