// Smoke test of the built package (dist/) on whichever runtime runs this file: Node, Bun or Deno.
// Plain JavaScript with no test framework, so nothing but the runtime and the package is involved.
//
//   node test/runtimes/smoke.mjs
//   bun test/runtimes/smoke.mjs
//   deno run --allow-read --allow-env --allow-net=127.0.0.1 test/runtimes/smoke.mjs
//
// Prints one JSON line with what ran; any failure throws, so the process exits non-zero.
import { CloudflareSaaS, ConflictError, classify, isCloudflareSaaSError, renderText } from '../../dist/index.js';
import { createSimulator, VirtualClock } from '../../dist/testing.js';

const HOST = 'app.customer-one.com';
const MINUTE = 60_000;
const steps = [];

function check(condition, what, seen) {
  if (!condition) throw new Error(`smoke: ${what} (saw ${JSON.stringify(seen)})`);
  steps.push(what);
}

function runtimeName() {
  if (globalThis.Deno) return `deno ${globalThis.Deno.version.deno}`;
  if (globalThis.Bun) return `bun ${globalThis.Bun.version}`;
  return `node ${globalThis.process?.versions?.node}`;
}

function simulator() {
  return createSimulator({ clock: new VirtualClock({ autoAdvance: true, start: Date.parse('2026-01-05T09:00:00Z') }) });
}

/** The in-memory path: `sim.fetch` as the client's fetch, every wait on the virtual clock. */
async function inMemory() {
  const sim = simulator();
  const saas = new CloudflareSaaS({
    apiToken: sim.apiToken,
    zoneId: sim.zoneId,
    fetch: sim.fetch,
    clock: sim.clock,
    cnameTarget: sim.cnameTarget,
    dohResolver: sim.dohUrl,
  });
  await saas.fallbackOrigin.update({ origin: 'proxy-fallback.saasprovider.com' });
  const fallback = await saas.fallbackOrigin.waitUntilActive();
  check(fallback.status === 'active', 'fallback origin active', fallback.status);

  const created = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
  check(created.status === 'pending', 'create answers pending', created.status);
  const todo = await saas.validation.instructions(created.id);
  check(renderText(todo).includes(sim.cnameTarget), 'instructions name the CNAME target', todo.records);

  const cnameAt = sim.clock.now() + 40 * MINUTE;
  sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: cnameAt });
  const active = await saas.validation.waitUntilActive(created.id);
  check(active.status === 'active' && active.ssl?.status === 'active', 'polled to active', active.status);
  check(sim.clock.now() > cnameAt, 'active only after the customer CNAME', sim.clock.now() - cnameAt);

  sim.faults.inject({ kind: 'drift' });
  const drifted = await saas.customHostnames.get(created.id);
  check(drifted.status === 'some_future_status', 'unknown status parsed', drifted.status);
  check(classify(drifted).state === 'unknown', 'unknown status classified as unknown', classify(drifted));

  const duplicate = await saas.customHostnames.create({ hostname: HOST }).catch((error) => error);
  check(
    duplicate instanceof ConflictError && isCloudflareSaaSError(duplicate) && duplicate.code === 1406,
    'duplicate create is ConflictError 1406',
    duplicate?.name,
  );
}

/** The network path: the simulator behind a 127.0.0.1 server, the runtime's own global fetch. */
async function loopback() {
  const { listen } = await import('../../dist/testing-node.js');
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
    check(created.hostname === HOST, 'create over 127.0.0.1', created.hostname);
    sim.faults.inject({ kind: 'drift' });
    const drifted = await saas.customHostnames.get(created.id);
    check(drifted.ssl?.status === 'some_future_status', 'unknown status parsed over 127.0.0.1', drifted.ssl);
    const duplicate = await saas.customHostnames.create({ hostname: HOST }).catch((error) => error);
    check(duplicate instanceof ConflictError, 'ConflictError over 127.0.0.1', duplicate?.name);
  } finally {
    await server.close();
  }
}

const started = performance.now();
await inMemory();
await loopback();
console.log(
  JSON.stringify({
    ok: true,
    runtime: runtimeName(),
    steps: steps.length,
    ms: Math.round(performance.now() - started),
  }),
);
