/**
 * The poller under hours of flaky API: `validation.waitUntilActive` keeps waiting through
 * intermittent 5xx, 429 and connection resets (injected by the simulator, only before a
 * cut-off time), ends active right after the Cloudflare check that passed, and ends with a
 * typed error, not a hang, when the hostname is deleted under it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloudflareSaaS, ValidationFailedError } from '../../src/index.js';
import { createSimulator, type FaultSpec, type Simulator, VirtualClock } from '../../src/testing/index.js';
import { Exposure } from './secret-scan.js';

const HOUR = 3_600_000;
const HOSTNAME = 'app.customer-one.com';
/** The simulator's defaults: issuance and deployment each take 30 s; the poller is told to read 2 s after a check. */
const ISSUE_AND_DEPLOY_MS = 60_000;
const MARGIN_MS = 2_000;
const BUSY_INTERVAL_MS = 30_000;

/** Faults cycled through, one per faulted request. */
const FLAKES: FaultSpec[] = [
  { kind: 'status', status: 503 },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 502, body: 'html' },
  { kind: 'status', status: 429, headers: { 'retry-after': '30' } },
  { kind: 'drop' },
  { kind: 'status', status: 504 },
  { kind: 'status', status: 429 },
];

/**
 * A fetch in front of the simulator that, until `until` (virtual time), arms a fault for two
 * of every three API calls on the hostname (GET and the recheck PATCH): hours of a flaky API.
 */
function flaky(sim: Simulator, until: number) {
  let seen = 0;
  let faulted = 0;
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname.replace('/client/v4', '');
    const onHostname = /\/custom_hostnames\/[0-9a-f-]{36}$/.test(path);
    if (onHostname && sim.clock.now() < until && seen++ % 3 !== 2) {
      const fault = FLAKES[faulted++ % FLAKES.length] as FaultSpec;
      sim.faults.inject({ ...fault, method: request.method, path } as FaultSpec);
    }
    return sim.fetch(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, faulted: () => faulted };
}

function setup(until = 0) {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`);
  const flaky_ = flaky(sim, until === 0 ? 0 : sim.clock.now() + until);
  const exposure = new Exposure();
  const saas = new CloudflareSaaS({
    apiToken: sim.apiToken,
    zoneId: sim.zoneId,
    fetch: flaky_.fetch,
    clock: sim.clock,
    cnameTarget: sim.cnameTarget,
    dohResolver: sim.dohUrl,
    hooks: exposure.hooks(),
  });
  return { sim, saas, exposure, faulted: flaky_.faulted };
}

const apiCalls = (sim: Simulator) => sim.requests.filter((r) => r.kind === 'api');
const failures = (sim: Simulator) => apiCalls(sim).filter((r) => r.status === 0 || r.status >= 429);

let current: Simulator | undefined;
afterEach(() => {
  // The wait is over: nothing may still sleep on the virtual clock.
  expect(current?.clock.pendingSleepers).toBe(0);
  current = undefined;
});

describe('waitUntilActive through hours of a flaky API', () => {
  it('keeps waiting through 5 h of intermittent 5xx, 429 and resets, then sees active on its first read after the certificate is deployed', async () => {
    const { sim, saas, exposure, faulted } = setup(5 * HOUR + 10 * 60_000);
    current = sim;
    const start = sim.clock.now();
    const host = await saas.customHostnames.create({ hostname: HOSTNAME, ssl: { method: 'http', type: 'dv' } });
    sim.world.setRecord('CNAME', HOSTNAME, sim.cnameTarget, { at: start + 5 * HOUR });

    const progress: string[] = [];
    const active = await saas.validation.waitUntilActive(host.id, {
      marginMs: MARGIN_MS,
      onProgress: (e) => progress.push(e.verdict.state),
    });
    const seenAt = sim.clock.now();

    expect(active).toMatchObject({ id: host.id, status: 'active', ssl: { status: 'active' } });
    // The API really was flaky, for hours, and every failure was ridden out.
    expect(faulted()).toBeGreaterThanOrEqual(30);
    const failed = failures(sim);
    expect(failed).toHaveLength(faulted());
    expect((failed.at(-1)?.at ?? 0) - (failed[0]?.at ?? 0)).toBeGreaterThan(4 * HOUR);
    expect(new Set(failed.map((r) => r.status))).toEqual(new Set([0, 429, 500, 502, 503, 504]));
    expect(exposure.count('onRequest')).toBe(apiCalls(sim).length);

    // Cloudflare's checks failed until the customer's CNAME existed, then one passed…
    const passed = sim.checks.filter((c) => c.passed);
    expect(passed.map((c) => c.kind).sort()).toEqual(['certificate', 'hostname']);
    const pass = Math.max(...passed.map((c) => c.at));
    expect(sim.checks.filter((c) => !c.passed).every((c) => c.at < start + 5 * HOUR)).toBe(true);
    expect(pass).toBeGreaterThanOrEqual(start + 5 * HOUR);
    // …and the wait saw active on its first read after issuance and deployment, within one
    // step of the 30 s cadence it keeps while Cloudflare issues and deploys.
    const activeAt = pass + ISSUE_AND_DEPLOY_MS;
    const readsAfter = apiCalls(sim).filter((r) => r.method === 'GET' && r.at >= activeAt);
    expect(readsAfter[0]?.at).toBe(seenAt);
    expect(seenAt - activeAt).toBeGreaterThanOrEqual(0);
    expect(seenAt - activeAt).toBeLessThanOrEqual(BUSY_INTERVAL_MS);
    expect(apiCalls(sim).at(-1)).toMatchObject({ method: 'GET', status: 200, at: seenAt });
    expect(progress.at(-1)).toBe('active');
    expect(progress.slice(0, -1)).not.toContain('failed');
    // Hours of failures went through the hooks: none of it shows a credential.
    expect(exposure.scan({ apiToken: sim.apiToken, apiKey: sim.apiKey, email: sim.email })).toEqual([]);
  }, 30_000);

  it('ends with ValidationFailedError (deleted) on the first read after the hostname is deleted under it', async () => {
    const { sim, saas } = setup(6 * HOUR);
    current = sim;
    const host = await saas.customHostnames.create({ hostname: HOSTNAME, ssl: { method: 'http', type: 'dv' } });
    const deletedAt = sim.clock.now() + 3 * HOUR;
    const other = new CloudflareSaaS({
      apiToken: sim.apiToken,
      zoneId: sim.zoneId,
      fetch: sim.fetch,
      clock: sim.clock,
    });
    const deletion = sim.clock.sleep(3 * HOUR).then(() => other.customHostnames.delete(host.id));

    const error = await saas.validation.waitUntilActive(host.id, { recheck: 'never' }).catch((e: unknown) => e);
    await deletion;

    expect(error).toBeInstanceOf(ValidationFailedError);
    const failure = error as ValidationFailedError;
    expect(failure.verdict).toEqual({ state: 'failed', actor: 'provider', reason: 'deleted', fix: 'recreate' });
    expect(failure.snapshot).toMatchObject({ id: host.id, hostname: HOSTNAME, status: 'pending' });
    // The poller was still riding out faults when the hostname went; its next read ended the wait.
    const gets = apiCalls(sim).filter((r) => r.method === 'GET');
    expect(failures(sim).some((r) => r.at > deletedAt - HOUR)).toBe(true);
    const after = gets.filter((r) => r.at >= deletedAt && r.status !== 0 && r.status < 429);
    expect(after.map((r) => r.status)).toEqual([404]);
    expect(gets.at(-1)).toMatchObject({ status: 404, at: sim.clock.now() });
    expect(sim.hostnames()).toHaveLength(0);
  }, 30_000);

  it('ends with ValidationFailedError (deleted) when the hostname is gone before the wait starts', async () => {
    const { sim, saas } = setup();
    current = sim;
    const host = await saas.customHostnames.create({ hostname: HOSTNAME });
    await saas.customHostnames.delete(host.id);
    const error = await saas.validation.waitUntilActive(host.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error).toMatchObject({ verdict: { reason: 'deleted', fix: 'recreate' }, snapshot: null });
    expect(apiCalls(sim).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 200', 'DELETE 200', 'GET 404']);
  }, 30_000);
});
