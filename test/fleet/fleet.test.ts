import { describe, expect, test } from 'vitest';
import { countRequests, fleet, HOUR, items, MINUTE, names, pointAt } from './helpers.js';

const FLEET = 10_000;

/** Most requests in any window of `windowMs` (a sliding window over the times given). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('a fleet of 10,000 hostnames', () => {
  test('onboarded with createMany at the full issuance budget and watched to active, with no 429', {
    timeout: 60_000,
  }, async () => {
    const { sim, saas, t0 } = fleet();
    const hostnames = names(FLEET);
    // 90 % of the customers set their CNAME before onboarding, 9 % during it, 1 % in the 6 h after.
    hostnames.forEach((name, i) => {
      const spread = ((i * 7_919) % 21_600) * 1_000;
      const group = i % 100;
      pointAt(sim, name, group < 90 ? t0 - 1 : group < 99 ? t0 + (spread * 11) / 6 : t0 + 11.2 * HOUR + spread);
    });

    const created = await saas.customHostnames.createMany(items(hostnames));
    expect(created.filter((r) => r.status === 'created')).toHaveLength(FLEET);
    const onboarding = countRequests(sim);
    expect(onboarding).toMatchObject({ total: FLEET + 1, creates: FLEET, lists: 1, limited: 0 });

    // The binding budget while items wait is issuances: 15 creates a minute, every minute.
    const posts = sim.requests.filter((r) => r.method === 'POST').map((r) => r.at);
    const first = posts[0] as number;
    const last = posts.at(-1) as number;
    const perMinute = new Array(Math.floor((last - first) / MINUTE) + 1).fill(0);
    for (const at of posts) perMinute[Math.floor((at - first) / MINUTE)] += 1;
    expect(perMinute.slice(0, -1).every((n) => n === 15)).toBe(true);
    expect(perMinute.at(-1)).toBe(FLEET - 15 * (perMinute.length - 1));
    const issuanceUse = FLEET / (15 * ((last - first) / MINUTE + 1));
    expect(issuanceUse).toBeGreaterThanOrEqual(0.95);
    expect(busiestWindow(posts, MINUTE)).toBe(15);
    // Requests meanwhile: 75 creates (and the one listing) per 5 minutes, far below 1,200.
    const apiTimes = sim.requests.filter((r) => r.kind === 'api').map((r) => r.at);
    expect(busiestWindow(apiTimes, 5 * MINUTE)).toBe(76);
    expect(last - first).toBe(666 * MINUTE);

    const mark = sim.requests.length;
    const watcher = saas.validation.watch(created.map((r) => r.result!));
    const ended = new Map<string, string>();
    let events = 0;
    for await (const event of watcher) {
      events += 1;
      if (event.end) ended.set(event.hostname, event.end);
    }
    expect(ended.size).toBe(FLEET);
    expect([...ended.values()].every((end) => end === 'active')).toBe(true);
    expect(sim.hostnames().every((h) => h.status === 'active' && h.ssl?.status === 'active')).toBe(true);
    const watching = countRequests(sim, mark);
    expect(watching.limited).toBe(0);
    expect(watching.creates).toBe(0);
    const stats = watcher.stats();
    expect(stats).toMatchObject({ watching: 0, active: FLEET, failed: 0 });
    expect(stats.listRequests + stats.getRequests).toBe(watching.total);
    // Well under one request per hostname for the whole watch: list pages carry 1,000 each.
    expect(watching.total).toBeLessThan(FLEET / 5);
    expect(events).toBeGreaterThanOrEqual(FLEET);
    expect(
      busiestWindow(
        sim.requests.slice(mark).map((r) => r.at),
        5 * MINUTE,
      ),
    ).toBeLessThanOrEqual(600);
  });
});
