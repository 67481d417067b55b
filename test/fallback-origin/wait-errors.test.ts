/**
 * `fallbackOrigin.waitUntilActive()` errors say "fallback origin" and name it, as the
 * hostname waits name theirs.
 */
import { describe, expect, it } from 'vitest';
import { AbortError, PollTimeoutError, ValidationFailedError } from '../../src/core/errors.js';
import { waitForFallbackOrigin } from '../../src/fallback-origin/wait.js';
import { CloudflareSaaS } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { rejection } from '../helpers/rejection.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');

function setup() {
  const sim = createSimulator({ clock: new VirtualClock({ start: T0, autoAdvance: true }) });
  return { sim, saas: new CloudflareSaaS(sim.clientOptions()) };
}

describe('fallback origin wait errors', () => {
  it('deployment_timed_out: ValidationFailedError naming the origin, Cloudflare’s error as the reason', async () => {
    const { saas } = setup();
    await saas.fallbackOrigin.update({ origin: 'origin.elsewhere.net' });
    const error = await rejection(saas.fallbackOrigin.waitUntilActive({ intervalMs: 30_000 }));
    expect(error).toBeInstanceOf(ValidationFailedError);
    const dns = 'DNS records are not setup correctly. Origin should be a proxied A/AAAA/CNAME dns record';
    expect(error).toMatchObject({ verdict: { reason: `deployment_timed_out: ${dns}` } });
    expect(error.message).toBe(`fallback origin origin.elsewhere.net: validation failed: deployment_timed_out: ${dns}`);
  });

  it('the deadline: PollTimeoutError naming the origin', async () => {
    const { sim, saas } = setup();
    const origin = `proxy-fallback.${sim.zoneName}`;
    sim.setFallbackOrigin(origin, { active: false });
    const error = await rejection(saas.fallbackOrigin.waitUntilActive({ deadline: T0 + 30_000, intervalMs: 10_000 }));
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error).toMatchObject({ deadline: T0 + 30_000, snapshot: { origin, status: 'pending_deployment' } });
    expect(error.message).toBe(`fallback origin ${origin}: not active by the deadline 2026-01-05T09:00:30.000Z`);
  });

  it('a deadline already past: PollTimeoutError at once, no request sent', async () => {
    const { sim, saas } = setup();
    sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
    const error = await rejection(saas.fallbackOrigin.waitUntilActive({ deadline: T0 - 1 }));
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error).toMatchObject({ deadline: T0 - 1, snapshot: null });
    expect(error.message).toBe('fallback origin: not active by the deadline 2026-01-05T08:59:59.999Z');
    expect(sim.requests).toEqual([]);
  });

  it('an abort between reads: AbortError naming the origin', async () => {
    const clock = new VirtualClock({ start: T0 });
    const controller = new AbortController();
    const reader = {
      get: async () => {
        controller.abort();
        return { origin: 'proxy-fallback.saasprovider.com', status: 'pending_deployment' as const };
      },
    };
    const error = await rejection(waitForFallbackOrigin(reader, clock, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(error.message).toBe('waiting for fallback origin proxy-fallback.saasprovider.com: aborted');
  });
});
