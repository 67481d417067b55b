import { expect, test } from 'vitest';
import { countRequests, fleet, items, names } from './helpers.js';

// docs/scaling.md: "`createMany` and the poller wait out a `RateLimitError`'s `retryAfter`
// themselves"; a 429 from another client on the same credential carries Cloudflare's
// five-minute block (Retry-After: 300), longer than the client's maxRetryAfter (60 s).
test('a 429 on the skip-existing listing is waited out, not the end of the whole run', async () => {
  const { sim, saas, t0 } = fleet();
  sim.faults.inject({ kind: 'status', status: 429, method: 'GET', headers: { 'retry-after': '300' } });

  const results = await saas.customHostnames.createMany(items(names(3)));

  expect(results.map((r) => r.status)).toEqual(['created', 'created', 'created']);
  const api = sim.requests.filter((r) => r.kind === 'api');
  expect(api[0]).toMatchObject({ method: 'GET', status: 429, at: t0 });
  // Nothing more is sent before the block is over; then the run goes on.
  expect(api.slice(1).every((r) => r.at - t0 >= 300_000 && r.status === 200)).toBe(true);
  expect(api.filter((r) => r.method === 'POST').map((r) => r.at - t0)).toEqual([300_000, 300_000, 300_000]);
  expect(countRequests(sim)).toMatchObject({ creates: 3, limited: 1 });
});
