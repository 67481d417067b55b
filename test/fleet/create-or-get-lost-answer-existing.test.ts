import { expect, test } from 'vitest';
import { countRequests, fleet, HOUR, items } from './helpers.js';

// A hostname made an hour before the call cannot have been created by it, whatever became of
// the create's answer: `created` ("whether this call, or its lost first attempt, created
// the hostname") must be false, and createMany must report it `existed`.
test('createOrGet: a lost answer for a hostname that existed long before is not reported as created', async () => {
  const { sim, saas } = fleet();
  const before = await saas.customHostnames.create({ hostname: 'shop.customer-0.com' });
  await sim.clock.sleep(HOUR);
  // The POST reaches Cloudflare (which answers 1406) but the answer never arrives.
  sim.faults.inject({ kind: 'lose-response', method: 'POST' });

  const result = await saas.customHostnames.createOrGet({ hostname: 'shop.customer-0.com' });

  expect(result.hostname.id).toBe(before.id);
  expect(result.created).toBe(false);
  expect(result.outcome).toBe('existed');
});

test("createMany (skipExisting: 'none'): a pre-existing hostname whose create answer was lost comes back existed", async () => {
  const { sim, saas } = fleet();
  await saas.customHostnames.create({ hostname: 'shop.customer-0.com' });
  await sim.clock.sleep(HOUR);
  const mark = sim.requests.length;
  sim.faults.inject({ kind: 'lose-response', method: 'POST' });
  const progress: { created: number; existed: number }[] = [];

  const results = await saas.customHostnames.createMany(items(['shop.customer-0.com']), {
    skipExisting: 'none',
    onProgress: ({ created, existed }) => progress.push({ created, existed }),
  });

  expect(results.map((r) => r.status)).toEqual(['existed']);
  expect(progress).toEqual([{ created: 0, existed: 1 }]);
  expect(countRequests(sim, mark)).toMatchObject({ creates: 1, lookups: 1 });
});
