import { expect, test } from 'vitest';
import { CloudflareSaaS, RateGovernor } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { items, names } from './helpers.js';

// Cloudflare's issuance limit is 15 a minute *per zone*; the request budget is per credential.
// The governor's own docs show one instance shared by clients of two zones.
test('a governor shared by clients of two zones gives each zone its own 15 issuances a minute', async () => {
  const clock = new VirtualClock({ autoAdvance: true });
  const zoneA = createSimulator({ clock, zoneId: 'a'.repeat(32), zoneName: 'zone-a.com' });
  const zoneB = createSimulator({ clock, zoneId: 'b'.repeat(32), zoneName: 'zone-b.com' });
  const governor = new RateGovernor({ clock });
  const a = new CloudflareSaaS({
    apiToken: zoneA.apiToken,
    zoneId: zoneA.zoneId,
    fetch: zoneA.fetch,
    clock,
    rateLimit: governor,
  });
  const b = new CloudflareSaaS({
    apiToken: zoneB.apiToken,
    zoneId: zoneB.zoneId,
    fetch: zoneB.fetch,
    clock,
    rateLimit: governor,
  });
  const t0 = clock.now();

  const [inA, inB] = await Promise.all([
    a.customHostnames.createMany(items(names(15)), { skipExisting: 'none' }),
    b.customHostnames.createMany(items(names(15, 100)), { skipExisting: 'none' }),
  ]);

  expect(inA.every((r) => r.status === 'created')).toBe(true);
  expect(inB.every((r) => r.status === 'created')).toBe(true);
  // 15 creates per zone fit each zone's budget: none has to wait for the next minute.
  const postTimes = (sim: typeof zoneA) => sim.requests.filter((r) => r.method === 'POST').map((r) => r.at - t0);
  expect(postTimes(zoneA)).toEqual(Array(15).fill(0));
  expect(postTimes(zoneB)).toEqual(Array(15).fill(0));
  expect(clock.now() - t0).toBe(0);
});
