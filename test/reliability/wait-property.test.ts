/**
 * `validation.waitUntilActive` against the simulator over random scenarios, on the virtual
 * clock: the customer's CNAME added at a random time (seconds to days), broken again and
 * restored, a CAA record that blocks the CA for a while, TXT or HTTP DCV, pre-validation by
 * TXT, transient API faults, `recheck: 'never'` or `'auto'`, a wait for `serving` or
 * `ownership`, a deadline, and a wait aborted and resumed from its saved `PollState`. Each
 * run checks the outcome against what the simulator did (its checks and requests):
 * - active no sooner than the hostname served, and without faults at most 30 s after it
 *   (2 s after the hostname's passing check for `ownership`);
 * - a failure only for a reason the scenario has (CAA blocks, the schedule ran out);
 * - the timeout at the deadline, and not while a read before it would have seen active;
 * - with `recheck: 'never'` and no faults, no more reads than Cloudflare made checks;
 * - with `recheck: 'auto'`, Cloudflare's passing check at most 60 s after the DNS became right;
 * - no two schedule restarts (rechecks) within a minute;
 * - no timer left and no request after the wait settled.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CloudflareSaaS, type PollState, PollTimeoutError, ValidationFailedError } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { HOSTNAME_SCHEDULE_END_S } from '../../src/validation/schedule.js';
import { faultingFetch, faultPlan, optional } from './scenario-faults.js';

const S = 1000;
const DAY_S = 86_400;
const HOSTNAME = 'app.customer-one.com';
/** The simulator issues and deploys a certificate in 30 s + 30 s after its check passes. */
const ISSUE_AND_DEPLOY_MS = 60_000;
const AUTO_S = 4 * 3600;

const scenario = fc
  .record({
    method: fc.constantFrom('http' as const, 'txt' as const),
    routeAtS: optional(fc.oneof(fc.integer({ min: 1, max: 3600 }), fc.integer({ min: 1, max: 2 * DAY_S }))),
    breakFor: optional(
      fc.record({ afterS: fc.integer({ min: 1, max: 7200 }), forS: fc.integer({ min: 1, max: 7200 }) }),
    ),
    caa: optional(fc.record({ atS: fc.integer({ min: 0, max: DAY_S }), forS: fc.integer({ min: 1, max: DAY_S }) })),
    prevalidateAtS: optional(fc.integer({ min: 11, max: DAY_S })),
    waitStartS: fc.integer({ min: 0, max: 30 }),
    recheck: fc.constantFrom('never' as const, 'auto' as const),
    until: fc.constantFrom('serving' as const, 'ownership' as const),
    deadlineS: optional(fc.integer({ min: 30, max: 3 * DAY_S })),
    resume: optional(
      fc.record({ abortAtS: fc.integer({ min: 1, max: DAY_S }), gapS: fc.integer({ min: 0, max: 7200 }) }),
    ),
    faults: faultPlan(4),
  })
  // A wait with 'auto' diagnoses every 30 s: 4 hours of it at most keeps a run quick.
  .map((sc) => (sc.recheck === 'auto' ? { ...sc, deadlineS: Math.min(sc.deadlineS ?? AUTO_S, AUTO_S) } : sc));
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

type Outcome = { kind: 'active' } | { kind: 'failed'; fix: string } | { kind: 'timeout' };

async function run(sc: Scenario) {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`);
  const onHostname = (_: string, path: string) => /\/custom_hostnames\/[0-9a-f-]{36}$/.test(path);
  const faults = faultingFetch(sim, sc.faults, onHostname);
  const client = () => new CloudflareSaaS({ ...sim.clientOptions(), fetch: faults.fetch });
  const saas = client();
  const host = await saas.customHostnames.create({ hostname: HOSTNAME, ssl: { method: sc.method, type: 'dv' } });
  const createdAt = Date.parse(host.created_at as string);
  const at = (s: number) => ({ at: createdAt + s * S });
  const { world } = sim;
  if (sc.routeAtS !== undefined) {
    world.setRecord('CNAME', HOSTNAME, sim.cnameTarget, at(sc.routeAtS));
    if (sc.breakFor) {
      world.removeRecord('CNAME', HOSTNAME, at(sc.routeAtS + sc.breakFor.afterS));
      world.setRecord('CNAME', HOSTNAME, sim.cnameTarget, at(sc.routeAtS + sc.breakFor.afterS + sc.breakFor.forS));
    }
  }
  if (sc.caa) {
    world.setRecord('CAA', HOSTNAME, '0 issue "digicert.com"', at(sc.caa.atS));
    world.removeRecord('CAA', HOSTNAME, at(sc.caa.atS + sc.caa.forS));
  }
  const prevalidate = sc.method === 'txt' ? sc.prevalidateAtS : undefined;
  // The TXT tokens are known once the DCV records appear, 10 s after creation.
  const waitStartS = Math.max(sc.waitStartS, prevalidate === undefined ? 0 : 11);
  await sim.clock.sleep(createdAt + waitStartS * S - sim.clock.now());
  if (prevalidate !== undefined) {
    const seen = sim.hostname(host.id);
    const when = at(Math.max(prevalidate, waitStartS));
    const ownership = seen?.ownership_verification;
    if (ownership?.name && ownership.value) world.addRecord('TXT', ownership.name, ownership.value, when);
    for (const r of seen?.ssl?.validation_records ?? []) {
      if (r.txt_name && r.txt_value) world.addRecord('TXT', r.txt_name, r.txt_value, when);
    }
  }

  const startedAt = sim.clock.now();
  const deadline = sc.deadlineS === undefined ? undefined : createdAt + sc.deadlineS * S;
  const options = { recheck: sc.recheck, until: sc.until, ...(deadline === undefined ? {} : { deadline }) };
  let resumedAt: number | undefined;
  const wait = async () => {
    if (!sc.resume) return saas.validation.waitUntilActive(host.id, options);
    const stop = new AbortController();
    const alarm = new AbortController();
    const timer = sim.clock.sleep(sc.resume.abortAtS * S, alarm.signal).then(
      () => stop.abort(),
      () => {},
    );
    let saved: PollState | undefined;
    try {
      return await saas.validation.waitUntilActive(host.id, {
        ...options,
        signal: stop.signal,
        onProgress: (e) => {
          saved = JSON.parse(JSON.stringify(e.state));
        },
      });
    } catch (error) {
      if (!stop.signal.aborted) throw error;
      await sim.clock.sleep(sc.resume.gapS * S);
      resumedAt = sim.clock.now();
      // Another process takes the wait up: a new client, the state as saved.
      return client().validation.waitUntilActive(host.id, { ...options, ...(saved ? { resumeFrom: saved } : {}) });
    } finally {
      alarm.abort();
      await timer;
    }
  };
  let outcome: Outcome;
  try {
    await wait();
    outcome = { kind: 'active' };
  } catch (error) {
    if (error instanceof ValidationFailedError) outcome = { kind: 'failed', fix: error.verdict.fix ?? '' };
    else if (error instanceof PollTimeoutError) outcome = { kind: 'timeout' };
    else throw error;
  }
  const settledAt = sim.clock.now();
  const sleepersLeft = sim.clock.pendingSleepers;
  const mine = (r: { kind: string; path: string }) => r.kind === 'api' && r.path.includes(host.id);
  const reads = sim.requests.filter((r) => mine(r) && r.method === 'GET' && r.status === 200);
  await sim.clock.sleep(10 * DAY_S * S);
  const later = sim.requests.filter((r) => mine(r) && r.at > settledAt);
  const checks = sim.checks.filter((c) => c.hostnameId === host.id && c.at <= settledAt);
  return {
    outcome,
    createdAt,
    startedAt,
    resumedAt,
    settledAt,
    sleepersLeft,
    reads,
    later,
    checks,
    deadline,
    faulted: faults.faulted(),
  };
}

type Run = Awaited<ReturnType<typeof run>>;

/** When the DNS last became right for good (the CNAME, restored after a break), for a plain auto-recheck scenario. */
function dnsRightAt(sc: Scenario, r: Run): number | undefined {
  if (sc.recheck !== 'auto' || sc.until !== 'serving' || sc.routeAtS === undefined) return undefined;
  if (sc.caa || (sc.method === 'txt' && sc.prevalidateAtS !== undefined) || r.faulted > 0) return undefined;
  const restored = sc.routeAtS + (sc.breakFor ? sc.breakFor.afterS + sc.breakFor.forS : 0);
  return r.createdAt + restored * S;
}

function check(sc: Scenario, r: Run): void {
  const passH = r.checks.find((c) => c.kind === 'hostname' && c.passed)?.at;
  const passC = r.checks.find((c) => c.kind === 'certificate' && c.passed)?.at;
  const servingAt =
    passH !== undefined && passC !== undefined ? Math.max(passH, passC + ISSUE_AND_DEPLOY_MS) : undefined;
  const doneAt = sc.until === 'ownership' ? passH : servingAt;
  const seenFrom = Math.max(doneAt ?? 0, r.resumedAt ?? 0);

  expect(r.sleepersLeft).toBe(0);
  expect(r.later).toEqual([]);
  switch (r.outcome.kind) {
    case 'active':
      expect(doneAt).toBeDefined();
      expect(r.settledAt).toBeGreaterThanOrEqual(doneAt as number);
      if (r.faulted === 0)
        expect(r.settledAt - seenFrom).toBeLessThanOrEqual(sc.until === 'ownership' ? 2_000 : 30_000);
      break;
    case 'failed':
      // A CAA refusal ends a wait for serving; a wait for ownership goes on through it.
      if (r.outcome.fix === 'fix_dns') expect(sc.caa !== undefined && sc.until === 'serving').toBe(true);
      else expect(r.outcome.fix).toBe('recheck'); // moved, or the DCV tokens lapsed
      if (r.outcome.fix === 'recheck') expect(r.settledAt - r.createdAt).toBeGreaterThanOrEqual(7 * DAY_S * S);
      break;
    case 'timeout': {
      const end = r.deadline ?? r.createdAt + HOSTNAME_SCHEDULE_END_S * S;
      if (r.deadline !== undefined) expect(r.settledAt).toBe(Math.max(r.deadline, r.resumedAt ?? 0));
      else expect(r.settledAt).toBeGreaterThanOrEqual(end);
      const lookWindow = sc.until === 'ownership' ? 2_000 : 30_000;
      if (r.faulted === 0 && r.resumedAt === undefined && doneAt !== undefined) {
        expect(doneAt + lookWindow).toBeGreaterThan(r.settledAt);
      }
      break;
    }
  }
  if (sc.recheck === 'never' && r.faulted === 0 && !sc.resume)
    expect(r.reads.length).toBeLessThanOrEqual(r.checks.length);
  // Rechecks (schedule restarts after the one at creation) are a minute apart or more.
  const restarts = [
    ...new Set(r.checks.filter((c) => c.attempt === 0 && c.at > r.createdAt + 10 * S).map((c) => c.at)),
  ];
  for (const [i, t] of restarts.entries())
    if (i > 0) expect(t - (restarts[i - 1] as number)).toBeGreaterThanOrEqual(60_000);
  const right = dnsRightAt(sc, r);
  if (right !== undefined && passH !== undefined && passC !== undefined && r.outcome.kind === 'active') {
    const from = Math.max(right, r.startedAt, r.createdAt + 10 * S, r.resumedAt ?? 0);
    expect(Math.max(passH, passC) - from).toBeLessThanOrEqual(60_000);
  }
}

it('waitUntilActive keeps its promises over random scenarios on the simulator', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async (sc) => check(sc, await run(sc))),
    { seed: 20261206, numRuns: Number(process.env.RELIABILITY_RUNS ?? 20) },
  );
}, 60_000);
