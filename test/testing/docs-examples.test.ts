import { expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { listen } from '../../src/testing-node.js';
import { checkTimes } from '../../src/validation/schedule.js';

// The flows docs/testing.md shows, through plain fetch calls.

test('create with plain fetch, the customer adds the CNAME, the checks log matches the schedule', async () => {
  const sim = createSimulator();
  sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
  const res = await sim.fetch(`${sim.baseUrl}/zones/${sim.zoneId}/custom_hostnames`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ hostname: 'app.customer-one.com' }),
  });
  const { result: host } = await res.json();
  expect([host.status, host.ssl.status]).toEqual(['pending', 'initializing']);

  sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget, { at: sim.clock.now() + 3 * 3600_000 });
  // A poller sleeping on the auto-advancing clock: 4 h of virtual time, no real waiting.
  await sim.clock.sleep(4 * 3600_000);
  expect(sim.hostname(host.id)?.status).toBe('active');

  const created = Date.parse(host.created_at);
  const times = sim.checks.filter((c) => c.kind === 'hostname').map((c) => c.at);
  expect(times).toEqual(checkTimes(created, 'hostname').slice(0, times.length));
  expect(times).toHaveLength(26);
});

test('manual clock: advance moves time and the state follows', async () => {
  const clock = new VirtualClock({ start: Date.parse('2026-01-05T09:00:00Z') });
  const sim = createSimulator({ clock });
  sim.seedHostnames(1, { status: 'pending' });
  expect(sim.hostnames()[0]?.ssl?.status).toBe('initializing');
  await clock.advance(10_000);
  expect(sim.hostnames()[0]?.ssl?.status).toBe('pending_validation');
});

test('listen() serves the same simulator over HTTP', async () => {
  const sim = createSimulator();
  const server = await listen(sim);
  try {
    const res = await fetch(`${server.baseUrl}/zones/${sim.zoneId}/custom_hostnames/quota`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
    expect((await res.json()).result).toEqual({ allocated: 100, used: 0, exceeded: false, hard_cap: 50_000 });
  } finally {
    await server.close();
  }
});

test('rate limit: the call beyond the budget starts a block of one window, capacity is back at its end', async () => {
  const clock = new VirtualClock({ start: Date.parse('2026-01-05T09:00:00Z') });
  const sim = createSimulator({ clock, rateLimit: { requests: 2, windowMs: 10_000 } });
  const quota = () =>
    sim.fetch(`${sim.baseUrl}/zones/${sim.zoneId}/custom_hostnames/quota`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
  expect([(await quota()).status, (await quota()).status]).toEqual([200, 200]);
  const limited = await quota();
  expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '10']);
  await clock.advance(9_999);
  expect((await quota()).status).toBe(429);
  await clock.advance(1);
  expect((await quota()).status).toBe(200);
});
