/**
 * What the poller costs and how soon it knows, against the simulator's own check log: a
 * customer adds the CNAME some time after the hostname is created, and `waitUntilActive`
 * waits (the bench in bench/polling.ts measures the same three cases of 1 minute, 1 hour and
 * 1 day). The guarantees:
 * - never more API calls (GETs, and the GET + PATCH of each recheck) than Cloudflare's
 *   checks until the caller learns "active", plus the rechecks;
 * - "active" is seen at most 30 s (the cadence while Cloudflare issues and deploys) after the
 *   hostname starts serving: 2 s in the bench's cases, where that cadence meets the
 *   simulator's 30 s + 30 s;
 * - with `recheck: 'auto'`, Cloudflare's passing check comes at most 60 s after the DNS change:
 *   the diagnosis cadence (30 s) plus the 30 s before a check of Cloudflare's own in which a
 *   recheck is not worth it. That holds at any point of the schedule: a change just after a
 *   diagnosis, seen by the next one within 30 s of Cloudflare's check, waits for that check
 *   (55 s for a change at +9,028 s).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CloudflareSaaS, type WaitUntilActiveOptions } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';

const HOSTNAME = 'shop.customer-one.com';
const S = 1000;
/** The simulator's default issuance (30 s) and deployment (30 s) after the passing certificate check. */
const ISSUANCE_AND_DEPLOYMENT_MS = 60_000;

async function wait(dnsAfterMs: number, options: WaitUntilActiveOptions, startAfterMs = 0) {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
  const saas = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false });
  const host = await saas.customHostnames.create({ hostname: HOSTNAME, ssl: { method: 'http', type: 'dv' } });
  const createdAt = sim.clock.now();
  const fixedAt = createdAt + dnsAfterMs;
  sim.world.setRecord('CNAME', HOSTNAME, sim.cnameTarget, { at: fixedAt });
  await sim.clock.sleep(startAfterMs);
  const mark = sim.requests.length;
  const active = await saas.validation.waitUntilActive(host.id, options);
  const learnedAt = sim.clock.now();
  const api = sim.requests.slice(mark).filter((r) => r.kind === 'api');
  const checks = sim.checks.filter((c) => c.at <= learnedAt);
  const passedAt = (kind: 'hostname' | 'certificate') => checks.find((c) => c.kind === kind && c.passed)?.at as number;
  const firstPassAt = Math.min(passedAt('hostname'), passedAt('certificate'));
  return {
    active,
    calls: api.length,
    gets: api.filter((r) => r.method === 'GET').map((r) => (r.at - createdAt) / S),
    rechecks: api.filter((r) => r.method === 'PATCH').map((r) => (r.at - createdAt) / S),
    checks: checks.length,
    /** DNS change → the first check that passed, s. */
    dnsToPassS: (firstPassAt - fixedAt) / S,
    /** Serving (hostname active, certificate deployed) → the caller knows, s. */
    lagServingS: (learnedAt - Math.max(passedAt('hostname'), passedAt('certificate') + ISSUANCE_AND_DEPLOYMENT_MS)) / S,
    learnedS: (learnedAt - createdAt) / S,
  };
}

describe('the poller against the simulator: the bench’s three cases, exactly', () => {
  it("DNS after 1 minute, recheck 'never': 4 reads for 4 checks, active seen 2 s after it serves", async () => {
    const r = await wait(60 * S, { recheck: 'never' });
    expect(r.active).toMatchObject({ status: 'active', ssl: { status: 'active' } });
    // The first read shows the check at creation; the next is 2 s after the certificate check
    // of +70 s (the hostname's at +60 s passed); then the 30 s cadence of issuance and deployment.
    expect(r.gets).toEqual([0, 72, 102, 132]);
    expect(r).toMatchObject({ calls: 4, checks: 4, rechecks: [], dnsToPassS: 0, lagServingS: 2, learnedS: 132 });
  });

  it("DNS after 1 hour, recheck 'auto': one recheck 27 s after the DNS change, active when deployed", async () => {
    const r = await wait(3600 * S, { recheck: 'auto' });
    expect(r.rechecks).toEqual([3627]);
    // 18 reads on the schedule, the recheck's GET and PATCH, then the cadence: the PATCH answer
    // already shows both checks passed.
    expect(r.gets.slice(-4)).toEqual([3447, 3627, 3657, 3687]);
    expect(r).toMatchObject({ calls: 22, checks: 38, dnsToPassS: 27, lagServingS: 0, learnedS: 3687 });
  });

  it("DNS after 1 day, recheck 'auto': one recheck 18 s after the DNS change", async () => {
    const r = await wait(86_400 * S, { recheck: 'auto' });
    expect(r.rechecks).toEqual([86_418]);
    expect(r).toMatchObject({ calls: 43, checks: 80, dnsToPassS: 18, lagServingS: 0, learnedS: 86_478 });
  }, 30_000);
});

describe('the poller against the simulator: guarantees wherever the DNS change falls', () => {
  // Around the check at creation and the DCV records (+10 s), the first checks (+60/+70 s,
  // +123 s…), the end of the fast retries (+751 s), the first hour and the first day.
  const OFFSETS_S = [0, 5, 11, 30, 59, 60, 61, 65, 71, 100, 130, 271, 600, 751, 752, 1000, 3600, 3601, 20_000];

  it.each(OFFSETS_S)(
    'DNS after %i s: no more API calls than checks plus rechecks, active seen ≤ 30 s after serving',
    async (offset) => {
      for (const marginMs of [undefined, 12_000]) {
        const r = await wait(offset * S, { recheck: 'never', ...(marginMs ? { marginMs } : {}) });
        expect(r.calls).toBeLessThanOrEqual(r.checks);
        expect(r.lagServingS).toBeGreaterThanOrEqual(0);
        expect(r.lagServingS).toBeLessThanOrEqual(30);
      }
      const auto = await wait(offset * S, { recheck: 'auto' });
      expect(auto.calls).toBeLessThanOrEqual(auto.checks + auto.rechecks.length);
      expect(auto.dnsToPassS).toBeLessThanOrEqual(60);
    },
  );

  it('holds for any DNS change in the first 3 hours (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 * 3600 }), async (offset) => {
        const never = await wait(offset * S, { recheck: 'never' });
        expect(never.calls).toBeLessThanOrEqual(never.checks);
        expect(never.lagServingS).toBeLessThanOrEqual(30);
        const auto = await wait(offset * S, { recheck: 'auto' });
        expect(auto.calls).toBeLessThanOrEqual(auto.checks + auto.rechecks.length);
        expect(auto.dnsToPassS).toBeLessThanOrEqual(60);
      }),
      { numRuns: 15 },
    );
  }, 30_000);

  it('holds for a wait begun later, any time in the first 10 minutes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 3600 }), async (start, dns) => {
        const auto = await wait(dns * S, { recheck: 'auto' }, start * S);
        expect(auto.calls).toBeLessThanOrEqual(auto.checks + auto.rechecks.length);
        expect(auto.dnsToPassS).toBeLessThanOrEqual(60 + Math.max(0, start - dns));
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('a slower diagnosis cadence bounds the passing check by that cadence', async () => {
    const r = await wait(3600 * S, { recheck: 'auto', diagnoseIntervalMs: 300_000 });
    expect(r.rechecks).toHaveLength(1);
    expect(r.dnsToPassS).toBeGreaterThan(0);
    expect(r.dnsToPassS).toBeLessThanOrEqual(300);
    expect(r.calls).toBeLessThanOrEqual(r.checks + r.rechecks.length);
  });
});
