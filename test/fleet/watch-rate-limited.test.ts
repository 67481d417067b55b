import { expect, test } from 'vitest';
import type { WatchEvent } from '../../src/index.js';
import { fleet } from './helpers.js';

// After a 429 (Cloudflare's 5-minute block, Retry-After: 300) the client's governor holds
// every request: the watch waits the hold out instead of trying again every 1, 2, 4… s into
// refusals that are never sent, and counts only the requests that went out.
test('a watch refused with 429 waits out Retry-After, and counts only the list calls sent', async () => {
  const { sim, saas, t0 } = fleet();
  sim.seedHostnames(5, { prefix: 'shop-', status: 'pending' });
  sim.faults.inject({ kind: 'status', status: 429, method: 'GET', headers: { 'retry-after': '300' } });
  const watcher = saas.validation.watch({ hostname_status: 'pending' }, { deadline: t0 + 301_000 });
  const events: WatchEvent[] = [];
  for await (const event of watcher) events.push(event);

  const lists = sim.requests.filter((r) => r.kind === 'api' && r.method === 'GET');
  expect(lists.map((r) => [r.at - t0, r.status])).toEqual([
    [0, 429],
    [300_000, 200],
  ]);
  expect(watcher.stats().listRequests).toBe(2);
  expect(events).toHaveLength(5);
  expect(events.every((e) => e.at === t0 + 300_000)).toBe(true);
});
