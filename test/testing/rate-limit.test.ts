import { describe, expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { api } from './helpers.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');

describe('rate limit', () => {
  test('1200 requests per 5 minutes per credential; the 1201st is 429 with retry-after; capacity returns after the window', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = createSimulator({ clock });
    for (let i = 0; i < 1200; i++) {
      const reply = await api(sim, 'GET', 'custom_hostnames/quota');
      if (reply.status !== 200) throw new Error(`request ${i} answered ${reply.status}`);
      if (i === 0) expect(reply.headers.get('x-ratelimit-remaining')).toBe('1199');
      if (i === 1199) expect(reply.headers.get('x-ratelimit-remaining')).toBe('0');
    }
    await clock.advance(100_500);
    const limited = await api(sim, 'GET', 'custom_hostnames/quota');
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      success: false,
      errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }],
      messages: [],
      result: null,
    });
    // 300 s window − 100.5 s elapsed = 199.5 s, rounded up.
    expect(limited.headers.get('retry-after')).toBe('200');
    expect(limited.headers.get('x-ratelimit-limit')).toBe('1200');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(new Date(T0 + 300_000).toUTCString());
    expect(sim.requests.at(-1)).toMatchObject({ status: 429, auth: 'token' });

    // The key + email credential has its own budget.
    expect(
      (
        await api(sim, 'GET', 'custom_hostnames/quota', undefined, {
          'x-auth-key': sim.apiKey,
          'x-auth-email': sim.email,
        })
      ).status,
    ).toBe(200);

    await clock.advance(199_499);
    expect((await api(sim, 'GET', 'custom_hostnames/quota')).status).toBe(429);
    await clock.advance(1);
    const recovered = await api(sim, 'GET', 'custom_hostnames/quota');
    expect(recovered.status).toBe(200);
    // All 1200 were sent at T0, so they all leave the window together.
    expect(recovered.headers.get('x-ratelimit-remaining')).toBe('1199');
  });

  test('a small configured budget, and blocked calls do not spend it', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = createSimulator({ clock, rateLimit: { requests: 2, windowMs: 10_000 } });
    expect((await api(sim, 'GET', 'custom_hostnames')).status).toBe(200);
    await clock.advance(4_000);
    expect((await api(sim, 'GET', 'custom_hostnames')).status).toBe(200);
    const blocked = await api(sim, 'GET', 'custom_hostnames');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('6');
    await clock.advance(6_000);
    expect((await api(sim, 'GET', 'custom_hostnames')).status).toBe(200);
    expect((await api(sim, 'GET', 'custom_hostnames')).status).toBe(429);
    expect(sim.requests.map((r) => r.status)).toEqual([200, 200, 429, 200, 429]);
  });

  test('rateLimit: false never limits and sends no rate-limit headers', async () => {
    const sim = createSimulator({ rateLimit: false });
    for (let i = 0; i < 1300; i++) {
      const reply = await sim.fetch(`${sim.baseUrl}/zones/${sim.zoneId}/custom_hostnames/quota`, {
        headers: { authorization: `Bearer ${sim.apiToken}` },
      });
      if (reply.status !== 200) throw new Error(`request ${i} answered ${reply.status}`);
    }
    const last = await api(sim, 'GET', 'custom_hostnames/quota');
    expect(last.headers.get('x-ratelimit-limit')).toBeNull();
  });
});
