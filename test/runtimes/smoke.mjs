// Smoke test of the built package (dist/) on whichever runtime runs this file: Node, Bun or Deno.
//
//   node test/runtimes/smoke.mjs
//   bun test/runtimes/smoke.mjs
//   deno run --allow-read --allow-env --allow-net=127.0.0.1 test/runtimes/smoke.mjs
//
// Prints one JSON line with what ran; any failure throws, so the process exits non-zero.
import { CloudflareSaaS, ConflictError } from '../../dist/index.js';
import { listen } from '../../dist/testing-node.js';
import { check, inMemory, runtimeName, simulator } from './flow.mjs';

const HOST = 'app.customer-one.com';

/** The network path: the simulator behind a 127.0.0.1 server, the runtime's own global fetch. */
async function loopback(steps) {
  const sim = simulator();
  const server = await listen(sim);
  try {
    const saas = new CloudflareSaaS({
      apiToken: sim.apiToken,
      zoneId: sim.zoneId,
      baseUrl: server.baseUrl,
      clock: sim.clock,
    });
    const created = await saas.customHostnames.create({ hostname: HOST });
    check(steps, created.hostname === HOST, 'create over 127.0.0.1', created.hostname);
    sim.faults.inject({ kind: 'drift' });
    const drifted = await saas.customHostnames.get(created.id);
    check(steps, drifted.ssl?.status === 'some_future_status', 'unknown status parsed over 127.0.0.1', drifted.ssl);
    const duplicate = await saas.customHostnames.create({ hostname: HOST }).catch((error) => error);
    check(steps, duplicate instanceof ConflictError, 'ConflictError over 127.0.0.1', duplicate?.name);
  } finally {
    await server.close();
  }
}

const steps = [];
const started = performance.now();
await inMemory(steps);
await loopback(steps);
console.log(
  JSON.stringify({
    ok: true,
    runtime: runtimeName(),
    steps: steps.length,
    ms: Math.round(performance.now() - started),
  }),
);
