/**
 * `validation.watch` against the simulator over random fleets, on the virtual clock: up to
 * six hostnames made minutes apart, TXT or HTTP DCV, each customer's CNAME added at a random
 * time (or never), some hostnames deleted while watched, some rechecked with
 * `validation.recheck` ("check now"), watched by id, by name or through a list filter, with
 * transient faults on the reads and an optional deadline. Each run checks every hostname's
 * end against what the simulator did:
 * - active no sooner than it served, and without faults at most 40 s after it (or after
 *   the watch began);
 * - failed only when deleted, or when Cloudflare's schedule ran out (`moved`);
 * - no end only when a deadline stopped the watch;
 * - the iteration ends, and leaves no timer behind.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CloudflareSaaS } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { faultingFetch, faultPlan, optional } from './scenario-faults.js';

const S = 1000;
const DAY_S = 86_400;
const ISSUE_AND_DEPLOY_MS = 60_000;

const hostname = fc.record({
  method: fc.constantFrom('http' as const, 'txt' as const),
  createAtS: fc.integer({ min: 0, max: 600 }),
  routeAtS: optional(fc.integer({ min: 1, max: 3 * DAY_S })),
  deleteAtS: optional(fc.integer({ min: 1, max: 3 * DAY_S })),
  pressAtS: optional(fc.integer({ min: 1, max: 3 * DAY_S })),
  byName: fc.boolean(),
});

const fleet = fc.record({
  hosts: fc.array(hostname, { minLength: 1, maxLength: 6 }),
  watchStartS: fc.integer({ min: 0, max: 900 }),
  filter: fc.boolean(),
  deadlineS: optional(fc.integer({ min: 60, max: 9 * DAY_S })),
  faults: faultPlan(6),
});
type Fleet = typeof fleet extends fc.Arbitrary<infer T> ? T : never;

async function run(sc: Fleet) {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`);
  const faults = faultingFetch(
    sim,
    sc.faults,
    (method, path) => method === 'GET' && path.includes('/custom_hostnames'),
  );
  const admin = new CloudflareSaaS(sim.clientOptions());
  const saas = new CloudflareSaaS({ ...sim.clientOptions(), fetch: faults.fetch });
  const t0 = sim.clock.now();
  const specs = [...sc.hosts].sort((a, b) => a.createAtS - b.createAtS);
  const made = [];
  for (const [i, spec] of specs.entries()) {
    await sim.clock.sleep(t0 + spec.createAtS * S - sim.clock.now());
    const name = `app${i}.customer-one.com`;
    const host = await admin.customHostnames.create({ hostname: name, ssl: { method: spec.method, type: 'dv' } });
    const createdAt = sim.clock.now();
    if (spec.routeAtS !== undefined)
      sim.world.setRecord('CNAME', name, sim.cnameTarget, { at: createdAt + spec.routeAtS * S });
    made.push({ id: host.id, name, spec, createdAt, deletedAt: undefined as number | undefined });
  }
  await sim.clock.sleep(t0 + sc.watchStartS * S - sim.clock.now());
  const after = (from: number, s: number, signal?: AbortSignal) =>
    sim.clock.sleep(from + s * S - sim.clock.now(), signal);
  const deletions = made.map(async (m) => {
    if (m.spec.deleteAtS === undefined) return;
    await after(m.createdAt, m.spec.deleteAtS);
    m.deletedAt = sim.clock.now();
    await admin.customHostnames.delete(m.id).catch(() => {});
  });
  const stopPresses = new AbortController();
  const presses = made.map(async (m) => {
    if (m.spec.pressAtS === undefined) return;
    await after(m.createdAt, m.spec.pressAtS, stopPresses.signal)
      .then(() => saas.validation.recheck(m.id, { signal: stopPresses.signal }))
      .catch(() => {});
  });

  const startedAt = sim.clock.now();
  const deadline = sc.deadlineS === undefined ? undefined : t0 + sc.deadlineS * S;
  const target = sc.filter ? { 'hostname.contain': 'customer-one' } : made.map((m) => (m.spec.byName ? m.name : m.id));
  const ends = new Map<string, { end: string; at: number }>();
  for await (const e of saas.validation.watch(target, deadline === undefined ? {} : { deadline })) {
    if (e.end && e.id) ends.set(e.id, { end: e.end, at: e.at });
    else if (e.end) ends.set(e.hostname, { end: e.end, at: e.at });
  }
  const settledAt = sim.clock.now();
  stopPresses.abort();
  await Promise.all(presses);
  const deletionsLeft = made.filter((m) => m.spec.deleteAtS !== undefined && m.deletedAt === undefined).length;
  const sleepersLeft = sim.clock.pendingSleepers - deletionsLeft;
  await Promise.all(deletions);
  const rows = made.map((m) => {
    const checks = sim.checks.filter((c) => c.hostnameId === m.id);
    const passH = checks.find((c) => c.kind === 'hostname' && c.passed)?.at;
    const passC = checks.find((c) => c.kind === 'certificate' && c.passed)?.at;
    const servingAt =
      passH !== undefined && passC !== undefined ? Math.max(passH, passC + ISSUE_AND_DEPLOY_MS) : undefined;
    return { ...m, servingAt, ...(ends.get(m.id) ?? ends.get(m.name) ?? {}) };
  });
  return { rows, startedAt, settledAt, deadline, sleepersLeft, faulted: faults.faulted() };
}

it('watch ends every hostname as the simulator says, over random fleets', async () => {
  await fc.assert(
    fc.asyncProperty(fleet, async (sc) => {
      const r = await run(sc);
      expect(r.sleepersLeft).toBe(0);
      for (const row of r.rows) {
        if (row.end === 'active') {
          expect(row.servingAt).toBeDefined();
          expect(row.at).toBeGreaterThanOrEqual(row.servingAt as number);
          if (r.faulted === 0)
            expect((row.at as number) - Math.max(row.servingAt as number, r.startedAt)).toBeLessThanOrEqual(40_000);
        } else if (row.end === 'failed') {
          const ranOut = row.servingAt === undefined && (row.at as number) - row.createdAt >= 7 * DAY_S * S;
          expect(row.deletedAt !== undefined || ranOut).toBe(true);
        } else {
          expect(r.deadline).toBeDefined();
        }
      }
    }),
    { seed: 20261206, numRuns: Number(process.env.RELIABILITY_RUNS ?? 20) },
  );
}, 60_000);
