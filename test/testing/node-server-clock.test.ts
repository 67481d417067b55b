import { afterEach, expect, test } from 'vitest';
import { CloudflareSaaS, type CloudflareSaaSOptions } from '../../src/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { listen } from '../../src/testing-node.js';

// The auto-advancing clock lets one real macrotask pass before it jumps to the next sleeper.
// A request over loopback HTTP takes many: without waiting for it, the clock jumped to another
// task's sleeper while the request was on its way, and the simulator answered it hours late.

const HOUR = 3_600_000;
const MINUTE = 60_000;
const servers: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function overLoopback(): Promise<{ sim: Simulator; options: CloudflareSaaSOptions }> {
  const sim = createSimulator();
  const server = await listen(sim);
  servers.push(server);
  return { sim, options: server.clientOptions() };
}

test('a request sent while another task sleeps an hour is answered at the time it was sent', async () => {
  const { sim, options } = await overLoopback();
  const saas = new CloudflareSaaS(options);
  const t0 = sim.clock.now();

  const [host] = await Promise.all([
    saas.customHostnames.create({ hostname: 'app.customer-one.com' }),
    sim.clock.sleep(HOUR),
  ]);

  expect(Date.parse(host.created_at as string)).toBe(t0);
  expect(sim.requests.map((r) => r.at - t0)).toEqual([0]);
  expect(sim.clock.now() - t0).toBe(HOUR);
});

/** Two hostnames waited for at once, the second customer pointing their CNAME 3 hours in: every API request, [ms from start, method]. */
async function twoWaits(sim: Simulator, options: CloudflareSaaSOptions): Promise<[number, string][]> {
  sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
  const saas = new CloudflareSaaS(options);
  const t0 = sim.clock.now();
  const [a, b] = await Promise.all(
    ['app.customer-one.com', 'shop.customer-two.com'].map((hostname) =>
      saas.customHostnames.create({ hostname, ssl: { method: 'http', type: 'dv' } }),
    ),
  );
  sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget, { at: t0 + 10 * MINUTE });
  sim.world.setRecord('CNAME', 'shop.customer-two.com', sim.cnameTarget, { at: t0 + 3 * HOUR });
  const waits = [a, b].map((host) => saas.validation.waitUntilActive((host as { id: string }).id));
  const served = await Promise.all(waits);
  expect(served.map((h) => h.status)).toEqual(['active', 'active']);
  return sim.requests.filter((r) => r.kind === 'api').map((r) => [r.at - t0, r.method]);
}

test('two waits at once over loopback send the same requests at the same times as in process', async () => {
  const inProcess = createSimulator();
  const expected = await twoWaits(inProcess, inProcess.clientOptions());
  const { sim, options } = await overLoopback();

  const seen = await twoWaits(sim, options);

  expect(seen).toEqual(expected);
  expect(expected.length).toBeGreaterThan(20);
  // Three simulated hours of diagnoses every 30 s, each a few DoH queries over loopback: 4–7 s
  // of real time on a 2-CPU machine, too close to the default 5 s.
}, 30_000);
