import { expect, test } from 'vitest';
import { RateGovernor } from '../../src/index.js';
import { fleet, items, names } from './helpers.js';

// A recheck is the documented no-change PATCH (same ssl.method and ssl.type): it asks
// Cloudflare to check again, it does not submit a certificate. Only creates count against
// the zone's 15 issuances a minute (reference §8: "only successful submissions (a POST
// answered 200) count"); the request spec's own definition is "create, or a PATCH that re-issues".
test('a recheck does not wait for, nor use up, the issuance budget', async () => {
  const { sim, saas, t0 } = fleet();
  const governor = new RateGovernor({ clock: sim.clock });
  const client = saas.withOptions({ rateLimit: governor });
  const created = await client.customHostnames.createMany(items(names(15)));
  expect(governor.stats().issuancesInWindow).toBe(15);

  await client.validation.recheck(created[0]?.result?.id as string);

  const patch = sim.requests.filter((r) => r.method === 'PATCH');
  expect(patch.map((r) => r.at - t0)).toEqual([0]);
  expect(governor.stats().issuancesInWindow).toBe(15);
});
