// The in-memory smoke flow on a built package, shared by smoke.mjs (Node, Bun, Deno: both
// builds, dist/ and dist/node/) and worker.mjs (workerd: dist/). Plain JavaScript with no test
// framework: any failure throws. `pkg` is the entry module and `testing` the ./testing module
// of one build.

const HOST = 'app.customer-one.com';
const MINUTE = 60_000;

export function check(steps, condition, what, seen) {
  if (!condition) throw new Error(`smoke: ${what} (saw ${JSON.stringify(seen)})`);
  steps.push(what);
}

export function runtimeName() {
  if (globalThis.Deno) return `deno ${globalThis.Deno.version.deno}`;
  if (globalThis.Bun) return `bun ${globalThis.Bun.version}`;
  if (globalThis.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  return `node ${globalThis.process?.versions?.node}`;
}

export function simulator({ createSimulator, VirtualClock }) {
  return createSimulator({ clock: new VirtualClock({ autoAdvance: true, start: Date.parse('2026-01-05T09:00:00Z') }) });
}

/** The in-memory path: `sim.fetch` as the client's fetch, every wait on the virtual clock. */
export async function inMemory(steps, pkg, testing) {
  const { CloudflareSaaS, ConflictError, classify, isCloudflareSaaSError, renderText } = pkg;
  const sim = simulator(testing);
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
  check(steps, fallback.status === 'active', 'fallback origin active', fallback.status);

  const created = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
  check(steps, created.status === 'pending', 'create answers pending', created.status);
  const todo = await saas.validation.instructions(created.id);
  check(steps, renderText(todo).includes(sim.cnameTarget), 'instructions name the CNAME target', todo.records);

  const cnameAt = sim.clock.now() + 40 * MINUTE;
  sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: cnameAt });
  const active = await saas.validation.waitUntilActive(created.id);
  check(steps, active.status === 'active' && active.ssl?.status === 'active', 'polled to active', active.status);
  check(steps, sim.clock.now() > cnameAt, 'active only after the customer CNAME', sim.clock.now() - cnameAt);

  sim.faults.inject({ kind: 'drift' });
  const drifted = await saas.customHostnames.get(created.id);
  check(steps, drifted.status === 'some_future_status', 'unknown status parsed', drifted.status);
  check(steps, classify(drifted).state === 'unknown', 'unknown status classified as unknown', classify(drifted));

  const duplicate = await saas.customHostnames.create({ hostname: HOST }).catch((error) => error);
  check(
    steps,
    duplicate instanceof ConflictError && isCloudflareSaaSError(duplicate) && duplicate.code === 1406,
    'duplicate create is ConflictError 1406',
    duplicate?.name,
  );
}
