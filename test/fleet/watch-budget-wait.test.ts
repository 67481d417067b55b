import { expect, test } from 'vitest';
import type { WatchEvent } from '../../src/index.js';
import { fleet } from './helpers.js';

// A sweep that waits for the request budget sees the hostnames when its reads are answered:
// its events carry that time, and the next look at each is planned from it.
test('a watch whose first listing waits a minute for budget stamps its events with the time of the read', async () => {
  const { sim, saas, t0 } = fleet({}, { rateLimit: { requests: 1, windowMs: 60_000 } });
  sim.seedHostnames(3, { prefix: 'shop-', status: 'pending' });
  await saas.customHostnames.quota(); // the budget's one request of this minute
  const watcher = saas.validation.watch({ hostname_status: 'pending' }, { deadline: t0 + 61_000 });
  const events: WatchEvent[] = [];
  for await (const event of watcher) events.push(event);
  const lists = sim.requests.filter((r) => r.kind === 'api' && r.path.endsWith('/custom_hostnames'));
  expect(lists.map((r) => r.at - t0)).toEqual([60_000]);
  expect(events.map((e) => e.at - t0)).toEqual([60_000, 60_000, 60_000]);
});
