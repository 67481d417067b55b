import { expect, it } from 'vitest';
import { APIError, CloudflareSaaS } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';

const S = 1000;

// §6.5: only a no-change PATCH that Cloudflare accepted restarts the schedule. A recheck
// whose PATCH was refused restarted nothing: Cloudflare keeps checking on the schedule that
// started at created_at.
it('a recheck whose PATCH failed does not move nextCheckAt, nor the schedule of a later wait', async () => {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
  const saas = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false, maxRetries: 0 });
  const host = await saas.customHostnames.create({
    hostname: 'shop.customer-one.com',
    ssl: { method: 'http', type: 'dv' },
  });
  const createdAt = Date.parse(host.created_at as string);
  await sim.clock.sleep(3 * 3600 * S); // +10,800 s

  sim.faults.inject({ kind: 'status', status: 400, method: 'PATCH', code: 1434, message: 'Invalid SSL attribute' });
  await expect(saas.validation.recheck(host.id)).rejects.toBeInstanceOf(APIError);
  expect(sim.requests.filter((r) => r.kind === 'api' && r.method === 'PATCH')).toHaveLength(1);

  // Cloudflare's next check is still retry 24 of the schedule from created_at: +12,293 s.
  expect(saas.validation.nextCheckAt(host)?.getTime()).toBe(createdAt + 12_293 * S);

  // A wait started now plans its first look after that same check, not 60 s after the failed PATCH.
  const ctrl = new AbortController();
  const seen: (number | null)[] = [];
  const wait = saas.validation.waitUntilActive(host.id, {
    recheck: 'never',
    signal: ctrl.signal,
    onProgress: (e) => {
      seen.push(e.nextCheckAt);
      ctrl.abort();
    },
  });
  await expect(wait).rejects.toThrow();
  expect(seen[0]).toBe(createdAt + 12_293 * S);
});

// The same note, inside a wait: a recheck PATCH answered 503 is retried after 1 s (wait.ts's
// transient backoff), but the pacing counts the refused PATCH as a recheck and holds the retry
// for a full minute, during which the customer's now-correct DNS goes unchecked.
it('a recheck PATCH that failed transiently is retried after 1 s, not a minute later', async () => {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
  const saas = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false });
  const HOST = 'shop.customer-one.com';
  const host = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
  const createdAt = sim.clock.now();
  sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: createdAt + 3600 * S });
  sim.faults.inject({ kind: 'status', status: 503, method: 'PATCH', times: 1 });
  await saas.validation.waitUntilActive(host.id, { recheck: 'auto' });
  const patches = sim.requests.filter((r) => r.kind === 'api' && r.method === 'PATCH').map((r) => r.at);
  expect(patches).toHaveLength(2);
  expect((patches[1] as number) - (patches[0] as number)).toBeLessThanOrEqual(2 * S);
});
