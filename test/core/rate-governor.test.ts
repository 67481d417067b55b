import { describe, expect, it } from 'vitest';
import { RateGovernor } from '../../src/core/rate-governor.js';
import { CloudflareSaaS, RateLimitError } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { recordingClock } from '../helpers/scripted-fetch.js';

describe('RateGovernor', () => {
  it('names a bad option and shows a number, but never repeats a string (it could be a token)', () => {
    expect(() => new RateGovernor({ requests: 0.5 })).toThrow(
      'option "rateLimit.requests": must be a whole number ≥ 1 (got 0.5)',
    );
    const secret = 'tok-0123456789abcdef0123456789abcdef';
    const error = (() => {
      try {
        new RateGovernor({ windowMs: secret as never });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.name).toBe('ConfigError');
    expect(error?.message).toContain('rateLimit.windowMs');
    expect(error?.message).not.toContain(secret);
  });

  it('acquire with maxHoldMs refuses a longer hold with a RateLimitError, unsent, and waits out a shorter one', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const governor = new RateGovernor({ clock });
    governor.holdFor(90_000);
    const refused = await governor.acquire({ maxHoldMs: 60_000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitError);
    expect(refused).toMatchObject({
      message:
        '429 acquire (rate governor) — not sent: after a 429 every request waits 90 s more, longer than maxRetryAfter',
      retryAfter: 90,
    });
    const start = clock.now();
    await governor.acquire({ maxHoldMs: 120_000 });
    expect(clock.now() - start).toBe(90_000);
    expect(governor.stats().requestsInWindow).toBe(1);
  });

  it('keys each zone’s issuances in lower case, as Cloudflare reads a zone id', async () => {
    const governor = new RateGovernor({ clock: new VirtualClock() });
    await governor.acquire({ issuance: true, zone: '023E105F4ECEF8AD9CA31A8372D0C353' });
    await governor.acquire({ issuance: true, zone: '023e105f4ecef8ad9ca31a8372d0c353' });
    expect(governor.stats('023E105F4ECEF8AD9CA31A8372D0C353').issuancesInWindow).toBe(2);
    expect(governor.stats('023e105f4ecef8ad9ca31a8372d0c353').issuancesInWindow).toBe(2);
  });

  it('waitedMs counts the time waited: a 300 s wait aborted after 1 s adds 1 s', async () => {
    const clock = new VirtualClock();
    const governor = new RateGovernor({ requests: 1, windowMs: 300_000, clock });
    await governor.acquire();
    const controller = new AbortController();
    const waiting = governor.acquire({ signal: controller.signal }).catch((e: Error) => e.name);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await clock.advance(1_000);
    controller.abort();
    expect(await waiting).toBe('AbortError');
    expect(governor.stats().waitedMs).toBe(1_000);
  });

  it('lets the whole budget through at once, then makes the next request wait for the window to slide', async () => {
    const clock = recordingClock(0);
    const governor = new RateGovernor({ requests: 3, windowMs: 1000, clock });
    for (let i = 0; i < 3; i++) await governor.acquire();
    expect(clock.time).toBe(0);
    await governor.acquire();
    expect(clock.time).toBe(1000);
    expect(clock.sleeps).toEqual([1000]);
    expect(governor.stats()).toMatchObject({ requestsInWindow: 1, requestLimit: 3, waitedMs: 1000 });
  });

  it('never puts more than the budget in any window, over many requests', async () => {
    const clock = recordingClock(0);
    // No cap per second here: the window alone.
    const governor = new RateGovernor({ requests: 1200, windowMs: 300_000, requestsPerSecond: 1200, clock });
    const sent: number[] = [];
    for (let i = 0; i < 3000; i++) {
      await governor.acquire();
      sent.push(clock.time);
    }
    for (let i = 1200; i < sent.length; i++)
      expect((sent[i] as number) - (sent[i - 1200] as number)).toBeGreaterThanOrEqual(300_000);
    // And it uses the budget fully: 3000 requests need exactly two slides of the window.
    expect(clock.time).toBe(600_000);
  });

  it("spreads a burst over seconds: 200 a second by default (Cloudflare's limit per IP address)", async () => {
    const clock = recordingClock(0);
    const governor = new RateGovernor({ clock });
    const sent: number[] = [];
    for (let i = 0; i < 450; i++) {
      await governor.acquire();
      sent.push(clock.time);
    }
    expect(sent.filter((t) => t === 0)).toHaveLength(200);
    expect(sent.filter((t) => t === 1000)).toHaveLength(200);
    expect(sent.filter((t) => t === 2000)).toHaveLength(50);
    expect(governor.stats().requestsInWindow).toBe(450);
    expect(() => new RateGovernor({ requestsPerSecond: 0 })).toThrow(
      'option "rateLimit.requestsPerSecond": must be a whole number ≥ 1 (got 0)',
    );
  });

  it('books issuances against their own budget (15 per minute)', async () => {
    const clock = recordingClock(0);
    const governor = new RateGovernor({ clock });
    for (let i = 0; i < 15; i++) await governor.acquire({ issuance: true });
    await governor.acquire({ issuance: false });
    expect(clock.time).toBe(0);
    await governor.acquire({ issuance: true });
    expect(clock.time).toBe(60_000);
  });

  it('a request does not queue behind creates waiting for the issuance budget', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const start = clock.now();
    const governor = new RateGovernor({ clock });
    for (let i = 0; i < 15; i++) await governor.acquire({ issuance: true });
    const done: string[] = [];
    const at = () => (clock.now() - start) / 1000;
    const creates = [1, 2].map((i) =>
      governor.acquire({ issuance: true }).then(() => done.push(`create ${i} at ${at()} s`)),
    );
    await governor.acquire();
    done.push(`get at ${at()} s`);
    await Promise.all(creates);
    expect(done).toEqual(['get at 0 s', 'create 1 at 60 s', 'create 2 at 60 s']);
    expect(governor.stats()).toMatchObject({ requestsInWindow: 18, issuancesInWindow: 2 });
  });

  it('gives each zone its own issuance budget; requests share one', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const start = clock.now();
    const governor = new RateGovernor({ requests: 4, windowMs: 300_000, issuances: 1, clock });
    const at = (zone: string) => governor.acquire({ issuance: true, zone }).then(() => clock.now() - start);
    expect(await Promise.all([at('a'), at('b'), at('a')])).toEqual([0, 0, 60_000]);
    expect([governor.stats('a').issuancesInWindow, governor.stats('b').issuancesInWindow]).toEqual([1, 0]);
    expect(governor.stats()).toMatchObject({ requestsInWindow: 3, issuancesInWindow: 1, issuanceLimit: 1 });
    // The fourth request of the credential's 4 goes at once; a fifth waits for the window.
    await governor.acquire({ issuance: true, zone: 'c' });
    expect(clock.now() - start).toBe(60_000);
    await governor.acquire();
    expect(clock.now() - start).toBe(300_000);
  });

  it('serves concurrent callers first come, first served', async () => {
    const clock = recordingClock(0);
    const governor = new RateGovernor({ requests: 1, windowMs: 100, clock });
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((i) => governor.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2]);
    expect(clock.time).toBe(200);
  });

  it('an aborted wait rejects with the reason and frees the turn for the next caller', async () => {
    const clock = recordingClock(0);
    const governor = new RateGovernor({ requests: 1, windowMs: 100, clock });
    await governor.acquire();
    const reason = new Error('stop');
    await expect(governor.acquire({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await governor.acquire();
    expect(clock.time).toBe(100);
  });

  it('holdFor makes every request wait for the hold; a shorter hold or a non-positive one changes nothing', async () => {
    const clock = recordingClock(0);
    const governor = new RateGovernor({ requests: 100, windowMs: 600_000, clock });
    await governor.acquire();
    governor.holdFor(300_000);
    governor.holdFor(5_000);
    governor.holdFor(Number.NaN);
    governor.holdFor(-1);
    expect(governor.heldForMs()).toBe(300_000);
    expect(governor.stats().heldForMs).toBe(300_000);
    await Promise.all([governor.acquire(), governor.acquire({ issuance: true })]);
    expect(clock.time).toBe(300_000);
    expect(clock.sleeps).toEqual([300_000]);
    expect(governor.stats()).toMatchObject({ requestsInWindow: 3, waitedMs: 300_000, heldForMs: 0 });
  });

  it("a hold lasts at most Cloudflare's 5-minute block, or the governor's window when longer, on its own clock", () => {
    const clock = recordingClock(1_000);
    const yearMs = 86_400_000 * 365;
    const perMinute = new RateGovernor({ requests: 240, windowMs: 60_000, clock });
    perMinute.holdFor(300_000); // Cloudflare's block, longer than this governor's window
    expect(perMinute.heldForMs()).toBe(300_000);
    perMinute.holdFor(8000 * yearMs); // a Retry-After date in the year 9999
    expect(perMinute.heldForMs()).toBe(300_000);
    const perTenMinutes = new RateGovernor({ windowMs: 600_000, clock });
    perTenMinutes.holdFor(8000 * yearMs);
    expect(perTenMinutes.heldForMs()).toBe(600_000);
  });
});

describe('a client whose credential another process has used up', () => {
  async function blockedSimulator() {
    // Another process on the same credential (elsewhere: its own per-address limit) spends the
    // whole budget behind this client's back.
    const sim = createSimulator({
      clock: new VirtualClock({ autoAdvance: true }),
      rateLimit: { requests: 1200, windowMs: 300_000, perSecond: 10_000 },
    });
    for (let i = 0; i < 1200; i++) {
      await sim.fetch(`https://api.cloudflare.com/client/v4/zones/${sim.zoneId}/custom_hostnames/quota`, {
        headers: { authorization: `Bearer ${sim.apiToken}` },
      });
    }
    const statuses: number[] = [];
    const saas = new CloudflareSaaS({
      ...sim.clientOptions(),
      hooks: { onResponse: ({ status }) => void statuses.push(status) },
    });
    return { sim, saas, statuses };
  }

  it('takes one 429; then calls that would wait longer than maxRetryAfter fail at once, unsent', async () => {
    const { sim, saas, statuses } = await blockedSimulator();
    const start = sim.clock.now();
    const first = await saas.customHostnames.quota().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RateLimitError);
    expect(first).toMatchObject({ retryAfter: 300 });
    const after = await Promise.all([1, 2, 3].map(() => saas.customHostnames.quota().catch((e: unknown) => e)));
    for (const error of after) {
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({
        status: 429,
        retryAfter: 300,
        errors: ['not sent: after a 429 every request waits 300 s more, longer than maxRetryAfter'],
      });
    }
    expect(statuses).toEqual([429]);
    expect(sim.clock.now() - start).toBe(0);
  });

  it('a call already waiting its turn when the 429 comes fails unsent as soon as it sees the hold', async () => {
    const sim = createSimulator();
    sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
    sim.faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '300' }, times: 1 });
    // One request a second: the second call waits 1 s for its turn, and the 429 comes meanwhile.
    const saas = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: { requestsPerSecond: 1 } });
    const start = sim.clock.now();
    const outcome = (call: Promise<unknown>) =>
      call.then(
        () => ['ok', sim.clock.now() - start],
        (e: RateLimitError) => [e.name, e.retryAfter, e.method, e.path, e.errors[0], sim.clock.now() - start],
      );
    const [first, queued] = await Promise.all([outcome(saas.fallbackOrigin.get()), outcome(saas.fallbackOrigin.get())]);
    expect(first).toEqual(['RateLimitError', 300, 'GET', expect.any(String), expect.any(Object), 0]);
    expect(queued).toEqual([
      'RateLimitError',
      299,
      'GET',
      `/zones/${sim.zoneId}/custom_hostnames/fallback_origin`,
      'not sent: after a 429 every request waits 299 s more, longer than maxRetryAfter',
      1_000,
    ]);
    expect(sim.requests.filter((r) => r.kind === 'api')).toHaveLength(1);
  });

  it('a client that accepts the wait (maxRetryAfter: 300 s) holds every call until the block ends', async () => {
    const { sim, saas, statuses } = await blockedSimulator();
    const start = sim.clock.now();
    await saas.customHostnames.quota().catch(() => undefined);
    const patient = saas.withOptions({ maxRetryAfter: 300_000 }); // shares the governor, so the hold too
    const after = await Promise.all([1, 2, 3, 4, 5].map(() => patient.customHostnames.quota()));
    expect(after).toHaveLength(5);
    expect(statuses).toEqual([429, 200, 200, 200, 200, 200]);
    expect(sim.clock.now() - start).toBe(300_000);
  });
});
