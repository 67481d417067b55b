import { describe, expect, test } from 'vitest';
import { createSimulator, type Simulator, VirtualClock } from '../../src/testing/index.js';
import { api, type Reply } from './helpers.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const BLOCK_MS = 300_000;

/** A quota GET with the API token (`'token'`) or the Global API key and its email (`'key'`). */
function quota(sim: Simulator, credential: 'token' | 'key' = 'token'): Promise<Reply> {
  const headers: Record<string, string> =
    credential === 'token'
      ? { authorization: `Bearer ${sim.apiToken}` }
      : { 'x-auth-key': sim.apiKey, 'x-auth-email': sim.email };
  return api(sim, 'GET', 'custom_hostnames/quota', undefined, headers);
}

/** The rate-limit headers of a reply, for exact comparison. */
function limitHeaders(reply: Reply) {
  const names = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'retry-after', 'x-ratelimit-reset'];
  return Object.fromEntries(names.map((name) => [name, reply.headers.get(name)]));
}

/** What a refused call carries when the block ends at `blockEnd` and `retryAfter` seconds remain. */
function refused(limit: number, retryAfter: number, blockEnd: number) {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': '0',
    'retry-after': String(retryAfter),
    'x-ratelimit-reset': new Date(blockEnd).toUTCString(),
  };
}

/** Sends `count` quota GETs, alternating token and key + email, and expects each to be 200. */
async function spend(sim: Simulator, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const reply = await quota(sim, i % 2 === 0 ? 'token' : 'key');
    if (reply.status !== 200) throw new Error(`request ${i} answered ${reply.status}`);
    expect(reply.headers.get('x-ratelimit-remaining')).toBe(String(count - i - 1));
  }
}

describe('rate limit: 1200 requests / 5 minutes per user, then every call blocked for 5 minutes', () => {
  test('the 1201st request is 429 and starts a 300 s block; calls at 299 s and 299.999 s are refused, at 300 s accepted', async () => {
    const clock = new VirtualClock({ start: T0 });
    // The whole budget at one instant, as from many addresses: past the per-address 200 a second.
    const sim = createSimulator({ clock, rateLimit: { requests: 1200, windowMs: 300_000, perSecond: 1200 } });
    await spend(sim, 1200);

    await clock.advance(100_000);
    const blockEnd = T0 + 100_000 + BLOCK_MS;
    const limited = await quota(sim);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      success: false,
      errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }],
      messages: [],
      result: null,
    });
    expect(limitHeaders(limited)).toEqual(refused(1200, 300, blockEnd));
    expect(sim.requests.at(-1)).toMatchObject({ status: 429, auth: 'token', at: T0 + 100_000 });

    // The 1200 accepted requests left the sliding window at T0 + 300 s: still blocked.
    await clock.advance(200_000);
    expect(limitHeaders(await quota(sim, 'key'))).toEqual(refused(1200, 100, blockEnd));
    // Every call is refused during the block: a create, an unknown path (the route comes after the budget).
    const create = await api(sim, 'POST', 'custom_hostnames', { hostname: 'app.customer-one.com' });
    expect([create.status, create.json.errors[0].code]).toEqual([429, 971]);
    expect(sim.hostnames()).toEqual([]);
    expect((await api(sim, 'GET', 'no/such/path')).status).toBe(429);
    // Credentials still come first: a wrong token is 401, not 429.
    const wrong = await api(sim, 'GET', 'custom_hostnames/quota', undefined, { authorization: 'Bearer wrong' });
    expect(wrong.status).toBe(401);

    await clock.advance(99_000); // 299 s into the block
    expect(limitHeaders(await quota(sim))).toEqual(refused(1200, 1, blockEnd));
    await clock.advance(999); // 299.999 s
    expect(limitHeaders(await quota(sim))).toEqual(refused(1200, 1, blockEnd));
    await clock.advance(1); // exactly 300 s: capacity is back, in a fresh window
    expect(clock.now()).toBe(blockEnd);
    const recovered = await quota(sim);
    expect(recovered.status).toBe(200);
    expect(limitHeaders(recovered)).toEqual({
      'x-ratelimit-limit': '1200',
      'x-ratelimit-remaining': '1199',
      'retry-after': null,
      'x-ratelimit-reset': null,
    });

    const statuses = sim.requests.map((r) => r.status);
    expect(statuses).toHaveLength(1208);
    expect(statuses.slice(0, 1200).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(1200)).toEqual([429, 429, 429, 429, 401, 429, 429, 200]);
  });

  test('retry-after and x-ratelimit-reset are rounded up to the second', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = createSimulator({ clock, rateLimit: { requests: 1, windowMs: BLOCK_MS } });
    expect((await quota(sim)).status).toBe(200);
    await clock.advance(100_500);
    // Block from T0 + 100.5 s to T0 + 400.5 s.
    expect(limitHeaders(await quota(sim))).toEqual(refused(1, 300, T0 + 401_000));
    await clock.advance(299_000);
    expect(limitHeaders(await quota(sim))).toEqual(refused(1, 1, T0 + 401_000));
    await clock.advance(999);
    expect((await quota(sim)).status).toBe(429);
    await clock.advance(1); // T0 + 400.5 s, the exact end of the block
    expect((await quota(sim)).status).toBe(200);
  });

  test('a small budget blocks for one window by default; refused calls neither count nor extend the block', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = createSimulator({ clock, rateLimit: { requests: 2, windowMs: 10_000 } });
    expect((await quota(sim)).status).toBe(200);
    await clock.advance(4_000);
    expect((await quota(sim)).status).toBe(200);
    expect(limitHeaders(await quota(sim))).toEqual(refused(2, 10, T0 + 14_000));
    // The first request left the window at 10 s; the block still holds until 14 s.
    await clock.advance(6_000);
    expect(limitHeaders(await quota(sim))).toEqual(refused(2, 4, T0 + 14_000));
    await clock.advance(3_999);
    expect((await quota(sim)).status).toBe(429);
    await clock.advance(1);
    // A fresh window: the request at 4 s, still within 10 s, no longer counts.
    expect((await quota(sim)).headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await quota(sim)).headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limitHeaders(await quota(sim))).toEqual(refused(2, 10, T0 + 24_000));
    expect(sim.requests.map((r) => [r.at - T0, r.status])).toEqual([
      [0, 200],
      [4_000, 200],
      [4_000, 429],
      [10_000, 429],
      [13_999, 429],
      [14_000, 200],
      [14_000, 200],
      [14_000, 429],
    ]);
  });

  test('rateLimit.blockMs sets the block apart from the window', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = createSimulator({ clock, rateLimit: { requests: 1, windowMs: 60_000, blockMs: 5_000 } });
    expect((await quota(sim)).status).toBe(200);
    await clock.advance(1_000);
    expect(limitHeaders(await quota(sim))).toEqual(refused(1, 5, T0 + 6_000));
    await clock.advance(5_000);
    // 6 s after the first request, well inside its 60 s window, but the window started afresh.
    expect(limitHeaders(await quota(sim))).toMatchObject({ 'x-ratelimit-remaining': '0', 'retry-after': null });
    expect(() => createSimulator({ rateLimit: { requests: 1, windowMs: 1_000, blockMs: 0 } })).toThrow(
      'rateLimit.blockMs must be a number > 0, got 0',
    );
  });

  test('the API token and the Global API key + email spend one budget: the user’s', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = createSimulator({ clock, rateLimit: { requests: 3, windowMs: 60_000 } });
    await spend(sim, 3); // token, key, token
    expect(limitHeaders(await quota(sim, 'key'))).toEqual(refused(3, 60, T0 + 60_000));
    // The block is the user's too: the token is refused as well.
    expect(limitHeaders(await quota(sim, 'token'))).toEqual(refused(3, 60, T0 + 60_000));
    expect(sim.requests.map((r) => [r.auth, r.status])).toEqual([
      ['token', 200],
      ['key', 200],
      ['token', 200],
      ['key', 429],
      ['token', 429],
    ]);
    await clock.advance(60_000);
    expect((await quota(sim, 'key')).headers.get('x-ratelimit-remaining')).toBe('2');
    expect((await quota(sim, 'token')).headers.get('x-ratelimit-remaining')).toBe('1');
  });

  test('injected 429 faults neither spend the budget nor start a block, and still win during a block', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = createSimulator({ clock, rateLimit: { requests: 1, windowMs: 60_000 } });
    sim.faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '7' }, times: 2 });
    for (let i = 0; i < 2; i++) {
      expect(limitHeaders(await quota(sim))).toEqual({
        'x-ratelimit-limit': null,
        'x-ratelimit-remaining': null,
        'retry-after': '7',
        'x-ratelimit-reset': null,
      });
    }
    expect((await quota(sim)).headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await quota(sim)).status).toBe(429);
    sim.faults.inject({ kind: 'status', status: 503 });
    expect((await quota(sim)).status).toBe(503);
    expect(sim.requests.map((r) => r.status)).toEqual([429, 429, 200, 429, 503]);
  });

  test('sim.reset() lifts a block', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = createSimulator({ clock, rateLimit: { requests: 1, windowMs: 60_000 } });
    await quota(sim);
    expect((await quota(sim)).status).toBe(429);
    sim.reset();
    expect((await quota(sim)).status).toBe(200);
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
