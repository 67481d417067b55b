import { expect, it } from 'vitest';
import { CloudflareSaaS } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';

const S = 1000;
const HOSTNAME = 'app.customer-one.com';

/** A hostname made now with HTTP DCV, whose customer adds the CNAME an hour later. */
async function pendingHostnameWithCnameAtOneHour() {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`);
  const saas = new CloudflareSaaS(sim.clientOptions());
  const host = await saas.customHostnames.create({ hostname: HOSTNAME, ssl: { method: 'http', type: 'dv' } });
  const createdAt = Date.parse(host.created_at as string);
  sim.world.setRecord('CNAME', HOSTNAME, sim.cnameTarget, { at: createdAt + 3600 * S });
  return { sim, saas, host, createdAt };
}

// The wait's automatic recheck lands, but its answer is lost on the way back. Its retry
// reads the hostname before sending anything again: the check the lost PATCH caused has
// passed, so there is nothing left to recheck.
it('a recheck whose answer was lost is looked at before it is sent again: one PATCH, active after issuance', async () => {
  const { sim, saas, host, createdAt } = await pendingHostnameWithCnameAtOneHour();
  sim.faults.inject({ kind: 'lose-response', method: 'PATCH' });
  const sentBefore = sim.requests.filter((r) => r.kind === 'api').length;
  let apiCalls = 0;

  const active = await saas.validation.waitUntilActive(host.id, {
    recheck: 'auto',
    onProgress: (p) => {
      apiCalls = p.apiCalls;
    },
  });
  const doneAt = sim.clock.now();

  expect(active).toMatchObject({ status: 'active', ssl: { status: 'active' } });
  const patches = sim.requests.filter((r) => r.kind === 'api' && r.method === 'PATCH');
  // The diagnosis at +3,627 s saw the CNAME and rechecked; Cloudflare checked both at once.
  expect(patches.map((r) => (r.at - createdAt) / S)).toEqual([3627]);
  const passed = sim.checks.filter((c) => c.passed).map((c) => [c.kind, (c.at - createdAt) / S]);
  expect(passed).toEqual([
    ['hostname', 3627],
    ['certificate', 3627],
  ]);
  // Issuance and deployment take 60 s; the 30 s cadence while Cloudflare works sees it at once.
  expect((doneAt - createdAt) / S).toBe(3688);
  // The count the wait reports is the requests it sent: the read after the lost answer is one call, not a recheck's two.
  expect(apiCalls).toBe(sim.requests.filter((r) => r.kind === 'api').length - sentBefore);
  expect(sim.clock.pendingSleepers).toBe(0);
});

// The same PATCH dropped before it reached Cloudflare: the read after it shows the customer
// still the one to act, and the next diagnosis rechecks again, a minute after the first try.
it('a recheck that never reached Cloudflare is sent again after the next diagnosis, a minute after the first', async () => {
  const { sim, saas, host, createdAt } = await pendingHostnameWithCnameAtOneHour();
  sim.faults.inject({ kind: 'drop', method: 'PATCH' });

  const active = await saas.validation.waitUntilActive(host.id, { recheck: 'auto' });

  expect(active).toMatchObject({ status: 'active', ssl: { status: 'active' } });
  const patches = sim.requests.filter((r) => r.kind === 'api' && r.method === 'PATCH');
  expect(patches.map((r) => [(r.at - createdAt) / S, r.status])).toEqual([
    [3627, 0],
    [3687, 200],
  ]);
  const passed = sim.checks.filter((c) => c.passed).map((c) => (c.at - createdAt) / S);
  expect(passed).toEqual([3687, 3687]);
  expect(sim.clock.pendingSleepers).toBe(0);
});
