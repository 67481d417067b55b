/**
 * `fallbackOrigin.waitUntilActive()` rides out transient failures as the hostname wait does:
 * each read is sent once, and 408, 429, 5xx, connection errors and timeouts are retried
 * until the deadline, no wait running past it.
 */
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  ConnectionError,
  PermissionDeniedError,
  PollTimeoutError,
  TimeoutError,
} from '../../src/core/errors.js';
import { waitForFallbackOrigin } from '../../src/fallback-origin/wait.js';
import { CloudflareSaaS } from '../../src/index.js';
import type { FallbackOrigin } from '../../src/schemas/index.js';
import { createSimulator, type Simulator, VirtualClock } from '../../src/testing/index.js';
import { rejection } from '../helpers/rejection.js';
import { recordingClock } from '../helpers/scripted-fetch.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');

/** A simulator whose fallback origin starts deploying at T0 (active 60 s later), and a client on it. */
function setup() {
  const sim = createSimulator({ clock: new VirtualClock({ start: T0, autoAdvance: true }) });
  const origin = `proxy-fallback.${sim.zoneName}`;
  sim.setFallbackOrigin(origin, { active: false });
  return { sim, origin, saas: new CloudflareSaaS(sim.clientOptions()) };
}

/** The fallback origin reads sent, as [status, ms after T0]. */
function reads(sim: Simulator): [number | undefined, number][] {
  const path = `/zones/${sim.zoneId}/custom_hostnames/fallback_origin`;
  return sim.requests.filter((r) => r.method === 'GET' && r.path === path).map((r) => [r.status, r.at - T0]);
}

describe('fallback origin wait: transient failures', () => {
  it('a 429 whose Retry-After runs past the deadline: PollTimeoutError at the deadline, not after', async () => {
    const { sim, origin, saas } = setup();
    sim.faults.inject({ kind: 'status', status: 429, method: 'GET', nth: 2, headers: { 'retry-after': '55' } });
    const error = await rejection(saas.fallbackOrigin.waitUntilActive({ deadline: T0 + 20_000 }));
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error).toMatchObject({ deadline: T0 + 20_000, snapshot: { origin, status: 'pending_deployment' } });
    expect(reads(sim)).toEqual([
      [200, 0],
      [429, 15_000],
    ]);
    expect(sim.clock.now()).toBe(T0 + 20_000);
    expect(sim.clock.pendingSleepers).toBe(0);
  });

  it('a 429 whose Retry-After ends before the deadline is waited out, then polling goes on', async () => {
    const { sim, saas } = setup();
    sim.faults.inject({ kind: 'status', status: 429, method: 'GET', nth: 2, headers: { 'retry-after': '5' } });
    const active = await saas.fallbackOrigin.waitUntilActive({ deadline: T0 + 120_000 });
    expect(active.status).toBe('active');
    expect(reads(sim)).toEqual([
      [200, 0],
      [429, 15_000],
      [200, 20_000],
      [200, 35_000],
      [200, 50_000],
      [200, 65_000],
    ]);
    expect(sim.clock.now()).toBe(T0 + 65_000);
  });

  it('three 503s in a row are each sent once and retried after 1 s, 2 s and 4 s: the wait goes on to active', async () => {
    const { sim, saas } = setup();
    sim.faults.inject({ kind: 'status', status: 503, method: 'GET', nth: 2, times: 3 });
    const active = await saas.fallbackOrigin.waitUntilActive({ deadline: T0 + 120_000 });
    expect(active.status).toBe('active');
    expect(reads(sim)).toEqual([
      [200, 0],
      [503, 15_000],
      [503, 16_000],
      [503, 18_000],
      [200, 22_000],
      [200, 37_000],
      [200, 52_000],
      [200, 67_000],
    ]);
    expect(sim.clock.now()).toBe(T0 + 67_000);
  });

  it('5xx until the deadline: backoff doubling from 1 s, the last wait cut short, PollTimeoutError at the deadline', async () => {
    const { sim, origin, saas } = setup();
    sim.faults.inject({ kind: 'status', status: 502, method: 'GET', nth: 2, times: Number.POSITIVE_INFINITY });
    const error = await rejection(saas.fallbackOrigin.waitUntilActive({ deadline: T0 + 60_000 }));
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error).toMatchObject({ deadline: T0 + 60_000, snapshot: { origin, status: 'pending_deployment' } });
    expect(reads(sim)).toEqual([
      [200, 0],
      [502, 15_000],
      [502, 16_000],
      [502, 18_000],
      [502, 22_000],
      [502, 30_000],
      [502, 46_000],
    ]);
    expect(sim.clock.now()).toBe(T0 + 60_000);
    expect(sim.clock.pendingSleepers).toBe(0);
  });

  it('a failing first read: the timeout names the fallback origin, with no snapshot', async () => {
    const { sim, saas } = setup();
    sim.faults.inject({ kind: 'status', status: 500, method: 'GET', times: Number.POSITIVE_INFINITY });
    const error = await rejection(saas.fallbackOrigin.waitUntilActive({ deadline: T0 + 5_000 }));
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error).toMatchObject({ deadline: T0 + 5_000, snapshot: null });
    expect(error.message).toBe('fallback origin: not active by the deadline 2026-01-05T09:00:05.000Z');
    expect(reads(sim)).toEqual([
      [500, 0],
      [500, 1_000],
      [500, 3_000],
    ]);
    expect(sim.clock.now()).toBe(T0 + 5_000);
  });

  it('connection errors and timeouts are retried; each read asks the client for no retries of its own', async () => {
    const clock = recordingClock(T0);
    const path = '/zones/z/custom_hostnames/fallback_origin';
    const answers: (FallbackOrigin | Error)[] = [
      { origin: 'proxy-fallback.saasprovider.com', status: 'pending_deployment' },
      new ConnectionError('GET', path),
      new TimeoutError('GET', path, 30_000),
      { origin: 'proxy-fallback.saasprovider.com', status: 'active' },
    ];
    const asked: unknown[] = [];
    const reader = {
      get: async (options?: { maxRetries?: number }) => {
        asked.push(options);
        const answer = answers.shift();
        if (answer instanceof Error) throw answer;
        return answer as FallbackOrigin;
      },
    };
    const active = await waitForFallbackOrigin(reader, clock, { deadline: T0 + 60_000 });
    expect(active.status).toBe('active');
    expect(clock.sleeps).toEqual([15_000, 1_000, 2_000]);
    expect(asked).toEqual(Array(4).fill({ maxRetries: 0 }));
  });

  it('an error that waiting will not fix (403) ends the wait at once', async () => {
    const { sim, saas } = setup();
    sim.faults.inject({ kind: 'status', status: 403, method: 'GET', nth: 2 });
    const error = await rejection(saas.fallbackOrigin.waitUntilActive({ deadline: T0 + 120_000 }));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(reads(sim)).toEqual([
      [200, 0],
      [403, 15_000],
    ]);
    expect(sim.clock.now()).toBe(T0 + 15_000);
  });

  it('an abort while waiting to retry: AbortError naming the origin, no timer left', async () => {
    const clock = new VirtualClock({ start: T0 });
    const controller = new AbortController();
    let calls = 0;
    const reader = {
      get: async () => {
        calls += 1;
        if (calls === 1) return { origin: 'proxy-fallback.saasprovider.com', status: 'pending_deployment' as const };
        throw new ConnectionError('GET', '/zones/z/custom_hostnames/fallback_origin');
      },
    };
    const waiting = rejection(waitForFallbackOrigin(reader, clock, { signal: controller.signal }));
    await clock.advance(0); // the first read settles and the 15 s wait starts
    await clock.advance(15_000);
    expect(calls).toBe(2);
    expect(clock.pendingSleepers).toBe(1);
    controller.abort();
    const error = await waiting;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.message).toBe('waiting for fallback origin proxy-fallback.saasprovider.com: aborted');
    expect(calls).toBe(2);
    expect(clock.now()).toBe(T0 + 15_000);
    expect(clock.pendingSleepers).toBe(0);
  });
});
