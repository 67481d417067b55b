import { expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { api } from './helpers.js';

// Reference §1.5: the Client API allows 200 requests a second per IP address, besides the
// user's 1,200 per 5 minutes. Every call of the simulator comes from one address.
test('more than 200 requests within a second are 429 until the second is over; the user budget is not spent', async () => {
  const clock = new VirtualClock({ start: Date.parse('2026-01-05T09:00:00Z') });
  const sim = createSimulator({ clock });
  const statuses: number[] = [];
  for (let i = 0; i < 202; i++) statuses.push((await api(sim, 'GET', 'custom_hostnames/quota')).status);
  expect(statuses.filter((s) => s === 200)).toHaveLength(200);
  const refused = await api(sim, 'GET', 'custom_hostnames/quota');
  expect([refused.status, refused.json.errors[0].code, refused.headers.get('retry-after')]).toEqual([429, 971, '1']);
  await clock.advance(1_000);
  const after = await api(sim, 'GET', 'custom_hostnames/quota');
  expect(after.status).toBe(200);
  // 201 answered so far: the refused ones never reached the user's budget.
  expect(after.headers.get('x-ratelimit-remaining')).toBe('999');
});

test('rateLimit: { perSecond } sets the per-address budget, and rateLimit: false turns it off', async () => {
  const clock = new VirtualClock();
  const tight = createSimulator({ clock, rateLimit: { requests: 1200, windowMs: 300_000, perSecond: 2 } });
  const open = createSimulator({ clock, rateLimit: false });
  const run = async (sim: typeof tight) => {
    const out: number[] = [];
    for (let i = 0; i < 3; i++) out.push((await api(sim, 'GET', 'custom_hostnames/quota')).status);
    return out;
  };
  expect(await run(tight)).toEqual([200, 200, 429]);
  expect(await run(open)).toEqual([200, 200, 200]);
});
