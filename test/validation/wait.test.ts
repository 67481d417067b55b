import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PollTimeoutError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  ValidationFailedError,
} from '../../src/core/errors.js';
import { CloudflareSaaS } from '../../src/index.js';
import { VirtualClock } from '../../src/testing/clock.js';
import { createSimulator } from '../../src/testing/index.js';
import { initialPollState, POLL_DEFAULTS, type PollState } from '../../src/validation/poll.js';
import { checkTimes } from '../../src/validation/schedule.js';
import { type ProgressEvent, waitUntilActive } from '../../src/validation/wait.js';
import { FakeCloudflare, withoutDiagnose } from './fake-cloudflare.js';
import { activeHost, HOST_ID, makeHost, T0 } from './fixtures.js';

const S = 1000;
/**
 * The uninterrupted GETs (s after creation) for a wait started at +10 s and a customer ready at
 * +3400 s: one per round of checks, 2 s after the certificate check that trails the hostname's
 * by 10 s (the fake validates both at the hostname check of +3435 s).
 */
const GETS_TO_3447 = [10, 72, 135, 201, 270, 342, 418, 498, 582, 670, 763, 1005, 1284, 1605, 1974, 2398, 2886, 3447];

function setup(readyAt: number, startAt = T0 + 10 * S) {
  const clock = new VirtualClock({ start: startAt, autoAdvance: true });
  const cf = new FakeCloudflare(clock, readyAt);
  return { clock, cf };
}

const serverError = () =>
  new InternalServerError({ status: 503, method: 'GET', path: `/zones/z/custom_hostnames/${HOST_ID}` });

describe('waitUntilActive: polling on Cloudflare’s schedule', () => {
  it('sees a hostname validated at the +3435 s round at +3447 s, with one GET per round before it', async () => {
    const { clock, cf } = setup(T0 + 3400 * S);
    const events: ProgressEvent[] = [];
    const host = await waitUntilActive(withoutDiagnose(cf), HOST_ID, { onProgress: (e) => events.push(e) });
    expect(host).toEqual(activeHost());
    expect(clock.now()).toBe(T0 + 3447 * S);
    expect(cf.getOffsets()).toEqual(GETS_TO_3447);
    expect(cf.rechecks).toEqual([]);
    expect(events).toHaveLength(18);
    expect(events[0]).toMatchObject({
      attempt: 1,
      apiCalls: 1,
      nextCheckAt: T0 + 60 * S,
      verdict: { state: 'waiting_on_customer' },
    });
    expect(events[16]).toMatchObject({ attempt: 17, nextCheckAt: T0 + 3435 * S });
    expect(events[17]).toMatchObject({ attempt: 18, apiCalls: 18, verdict: { state: 'active' } });
    expect(events[17]?.state.lastVerdict).toBe('active');
  });

  it('started at creation, skips the check at creation that its first read already shows', async () => {
    const { cf } = setup(T0 + 50 * S, T0);
    await waitUntilActive(withoutDiagnose(cf), HOST_ID, { recheck: 'never' });
    expect(cf.getOffsets()).toEqual([0, 72]);
  });

  it('looks after the check at creation when the first read does not show its outcome yet', async () => {
    const { cf } = setup(T0 + 50 * S, T0);
    cf.pending = (now) =>
      now === T0
        ? makeHost({ verification_errors: [] }, { status: 'initializing', validation_records: [] })
        : makeHost();
    await waitUntilActive(withoutDiagnose(cf), HOST_ID, { recheck: 'never' });
    expect(cf.getOffsets()).toEqual([0, 12, 72]);
  });

  it('honours marginMs', async () => {
    const { cf } = setup(T0 + 100 * S);
    await waitUntilActive(withoutDiagnose(cf), HOST_ID, { marginMs: 5_000 });
    expect(cf.getOffsets()).toEqual([10, 75, 138]);
  });

  it('makes exactly one GET per round of Cloudflare’s checks, whenever the customer gets ready', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60_000 }), async (readySeconds) => {
        const { cf } = setup(T0 + readySeconds * S);
        await waitUntilActive(withoutDiagnose(cf), HOST_ID);
        const validated = checkTimes(T0).find((c) => c >= T0 + readySeconds * S) as number;
        const expected = [
          10,
          ...checkTimes(T0)
            .filter((c) => c >= T0 + 60 * S && c <= validated)
            .map((c) => (c - T0) / S + 12),
        ];
        expect(cf.getOffsets()).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('polls every 30 s while Cloudflare issues and deploys, then returns', async () => {
    const { cf } = setup(T0, T0 + 5 * S);
    cf.validatedAt = T0 + 185 * S;
    cf.pending = (now) =>
      makeHost(
        { status: 'active', verification_errors: [] },
        { status: now < T0 + 100 * S ? 'pending_issuance' : 'pending_deployment' },
      );
    await waitUntilActive(withoutDiagnose(cf), HOST_ID);
    // Only the certificate is left: its checks trail the hostname's by certificateLagMs (10 s),
    // so the looks land at 12 s, 135 s (2 s after each), with the 30 s cadence in between.
    expect(cf.getOffsets()).toEqual([5, 12, 42, 72, 102, 132, 135, 165, 195]);
  });

  it('slows to every 5 min after 20 polls at the short cadence, or the schedule when that is sooner', async () => {
    const { cf } = setup(Number.POSITIVE_INFINITY, T0 + 5 * S);
    cf.pending = () => makeHost({ status: 'active', verification_errors: [] }, { status: 'pending_issuance' });
    const error = await waitUntilActive(withoutDiagnose(cf), HOST_ID, { deadline: T0 + 2 * 3600 * S }).catch((e) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    // 20 polls 30 s apart between the checks, then every 300 s between the checks.
    const offsets = cf.getOffsets();
    expect(offsets).toEqual([
      5, 12, 42, 72, 102, 132, 135, 165, 195, 201, 231, 261, 270, 300, 330, 342, 372, 402, 418, 448, 478, 498, 528, 558,
      582, 612, 642, 670, 700, 730, 760, 763, 1005, 1284, 1584, 1605, 1905, 1974, 2274, 2398, 2698, 2886, 3186, 3447,
      3747, 4047, 4092, 4392, 4692, 4834, 5134, 5434, 5687, 5987, 6287, 6587, 6668, 6968,
    ]);
    const checks = new Set(checkTimes(T0 + POLL_DEFAULTS.certificateLagMs, 'certificate').map((c) => (c - T0) / S + 2));
    const between = offsets.filter((t, i) => i > 0 && !checks.has(t));
    expect(between.slice(0, 20).every((t) => offsets[offsets.indexOf(t) - 1] === t - 30)).toBe(true);
    expect(between.slice(20).every((t) => offsets[offsets.indexOf(t) - 1] === t - 300)).toBe(true);
  });

  it('an older hostname still busy is looked at every 5 min, not after the schedule’s 4-hour gaps', async () => {
    const start = T0 + 30 * 86_400 * S;
    const { cf } = setup(Number.POSITIVE_INFINITY, start);
    cf.pending = () => makeHost({ status: 'active', verification_errors: [] }, { status: 'pending_issuance' });
    const error = await waitUntilActive(withoutDiagnose(cf), HOST_ID, { deadline: start + 3600 * S }).catch((e) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    // Its schedule from creation ran out long ago: the wait counts it from its own start, and
    // polls between those checks at the short cadence, then at most 300 s apart.
    const gaps = cf.gets.slice(1).map((t, i) => (t - (cf.gets[i] as number)) / S);
    expect(Math.max(...gaps)).toBe(300);
    expect(gaps.slice(-10)).toEqual([300, 21, 300, 69, 300, 124, 300, 188, 300, 261]);
  });

  it.each([10, 20, 40])(
    'does not refetch while the DCV records are missing (here until +%i s): the look after the next round sees them',
    async (until) => {
      const { cf } = setup(T0 + 100 * S, T0 + S);
      const noRecords = makeHost({}, { status: 'initializing', validation_records: [] });
      cf.pending = (now) => (now < T0 + until * S ? noRecords : makeHost());
      await waitUntilActive(withoutDiagnose(cf), HOST_ID);
      // +72 and +135: after the rounds of +60/+70 s and +123/+133 s.
      expect(cf.getOffsets()).toEqual([1, 72, 135]);
    },
  );

  it('polls an unknown certificate status on a serving hostname at the short cadence, as issuance', async () => {
    const { clock, cf } = setup(Number.POSITIVE_INFINITY, T0 + 30 * 3_600 * S);
    const activeAt = T0 + (30 * 3_600 + 100) * S;
    cf.pending = (now) =>
      now < activeAt
        ? makeHost({ status: 'active', verification_errors: [] }, { status: 'quantum_pending' })
        : activeHost();
    await waitUntilActive(withoutDiagnose(cf), HOST_ID);
    const started = 30 * 3_600;
    expect(cf.getOffsets().map((t) => t - started)).toEqual([0, 30, 60, 90, 120]);
    expect(clock.now()).toBe(T0 + (started + 120) * S);
  });

  it('polls an unknown status on the schedule, not at the short cadence', async () => {
    const { cf } = setup(T0 + 150 * S);
    cf.pending = () => makeHost({ status: 'quarantined', verification_errors: [] }, { status: 'active' });
    await waitUntilActive(withoutDiagnose(cf), HOST_ID);
    expect(cf.getOffsets()).toEqual([10, 62, 125, 191]);
  });
});

describe('waitUntilActive: endings', () => {
  it.each([
    ['moved', 'pending_validation', { state: 'failed', actor: 'customer', fix: 'recheck' }],
    ['blocked', 'pending_validation', { state: 'failed', actor: 'provider', fix: 'contact_cloudflare' }],
    ['pending', 'validation_timed_out', { state: 'failed', actor: 'customer', fix: 'recheck' }],
    ['active', 'issuance_timed_out', { state: 'failed', actor: 'provider', fix: 'recheck' }],
  ])('fails on hostname %s / certificate %s', async (status, sslStatus, verdict) => {
    const { clock, cf } = setup(Number.POSITIVE_INFINITY);
    const failing = makeHost({ status }, { status: sslStatus });
    cf.pending = (now) => (now < T0 + 100 * S ? makeHost() : failing);
    const error = await waitUntilActive(withoutDiagnose(cf), HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error.verdict).toMatchObject(verdict);
    expect(error.snapshot).toEqual(failing);
    expect(clock.now()).toBe(T0 + 135 * S);
  });

  it('fails with reason "deleted" when the hostname disappears', async () => {
    const { cf } = setup(Number.POSITIVE_INFINITY);
    const gone = new NotFoundError({
      status: 404,
      method: 'GET',
      path: '/x',
      errors: [{ code: 1436, message: 'Custom hostname not found' }],
    });
    cf.getFailures.push(undefined, gone);
    const error = await waitUntilActive(withoutDiagnose(cf), HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect(error.verdict).toEqual({ state: 'failed', actor: 'provider', reason: 'deleted', fix: 'recreate' });
    expect(error.snapshot).toEqual(makeHost());
    expect(cf.getOffsets()).toEqual([10, 72]);
  });

  it('by name as by id, a hostname deleted before the wait fails at once with reason "deleted"', async () => {
    const hostname = 'app.customer-one.com';
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    const saas = new CloudflareSaaS(sim.clientOptions());
    const host = await saas.customHostnames.create({ hostname, ssl: { method: 'http', type: 'dv' } });
    await saas.customHostnames.delete(host.id);
    const startedAt = sim.clock.now();
    const byName = await saas.validation.waitUntilActive(hostname).catch((e) => e);
    const byId = await saas.validation.waitUntilActive(host.id).catch((e) => e);
    for (const error of [byName, byId]) {
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect(error.verdict).toEqual({ state: 'failed', actor: 'provider', reason: 'deleted', fix: 'recreate' });
      expect(error.snapshot).toBeNull();
    }
    expect(sim.clock.now()).toBe(startedAt);
  });

  it('times out at the deadline with the last snapshot', async () => {
    const { clock, cf } = setup(Number.POSITIVE_INFINITY);
    const deadline = new Date(T0 + 300 * S);
    const error = await waitUntilActive(withoutDiagnose(cf), HOST_ID, { deadline }).catch((e) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error.deadline).toBe(T0 + 300 * S);
    expect(error.snapshot).toEqual(makeHost());
    expect(clock.now()).toBe(T0 + 300 * S);
    expect(cf.getOffsets()).toEqual([10, 72, 135, 201, 270]);
  });

  it('times out at once with no call when the deadline has passed', async () => {
    const { cf } = setup(Number.POSITIVE_INFINITY);
    const error = await waitUntilActive(withoutDiagnose(cf), HOST_ID, { deadline: T0 }).catch((e) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error.snapshot).toBeNull();
    expect(cf.gets).toEqual([]);
  });

  it('defaults the deadline to the end of the hostname schedule', async () => {
    const { clock, cf } = setup(Number.POSITIVE_INFINITY, T0 + 600_000 * S);
    const error = await waitUntilActive(withoutDiagnose(cf), HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error.deadline).toBe(T0 + 624_663 * S);
    expect(clock.now()).toBe(T0 + 624_663 * S);
    expect(cf.getOffsets()).toEqual([600_000, 610_275]);
  });

  it('rejects bad options before any call', async () => {
    const { cf } = setup(0);
    await expect(waitUntilActive(cf, HOST_ID, { deadline: Number.NaN })).rejects.toMatchObject({
      name: 'InputError',
      field: 'deadline',
    });
    await expect(waitUntilActive(cf, HOST_ID, { marginMs: -1 })).rejects.toMatchObject({
      name: 'InputError',
      field: 'marginMs',
    });
    for (const diagnoseIntervalMs of [999, Number.POSITIVE_INFINITY, Number.NaN]) {
      await expect(waitUntilActive(cf, HOST_ID, { diagnoseIntervalMs })).rejects.toMatchObject({
        name: 'InputError',
        field: 'diagnoseIntervalMs',
      });
    }
    expect(cf.gets).toEqual([]);
  });
});

describe('waitUntilActive: transient failures', () => {
  it('retries 5xx, connection errors and timeouts after 1 s, 2 s, 4 s, 8 s on the virtual clock', async () => {
    const { cf } = setup(T0 + 50 * S);
    cf.getFailures.push(
      serverError(),
      new ConnectionError('GET', '/x'),
      new TimeoutError('GET', '/x', 30_000),
      serverError(),
    );
    const events: ProgressEvent[] = [];
    await waitUntilActive(withoutDiagnose(cf), HOST_ID, { onProgress: (e) => events.push(e) });
    expect(cf.getOffsets()).toEqual([10, 11, 13, 17, 25, 72]);
    expect(events.map((e) => e.apiCalls)).toEqual([5, 6]);
  });

  it('waits as long as Retry-After asks on a 429', async () => {
    const { cf } = setup(T0 + 50 * S);
    cf.getFailures.push(new RateLimitError({ status: 429, method: 'GET', path: '/x', retryAfter: 30 }));
    await waitUntilActive(withoutDiagnose(cf), HOST_ID);
    expect(cf.getOffsets()).toEqual([10, 40, 72]);
  });

  it('caps the retry wait at 60 s and keeps retrying until the deadline', async () => {
    const { clock, cf } = setup(Number.POSITIVE_INFINITY);
    cf.getFailures.push(...Array.from({ length: 20 }, serverError));
    const error = await waitUntilActive(withoutDiagnose(cf), HOST_ID, { deadline: T0 + 400 * S }).catch((e) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error.snapshot).toBeNull();
    expect(clock.now()).toBe(T0 + 400 * S);
    expect(cf.getOffsets()).toEqual([10, 11, 13, 17, 25, 41, 73, 133, 193, 253, 313, 373]);
  });

  it.each([
    ['an authentication error', new AuthenticationError({ status: 401, method: 'GET', path: '/x' })],
    [
      'a response that does not parse',
      new ResponseValidationError('GET', '/x', 200, [{ path: ['result'], message: 'bad' }], '{}'),
    ],
    ['a plain error', new Error('driver bug')],
  ])('rethrows %s at once', async (_, failure) => {
    const { cf } = setup(0);
    cf.getFailures.push(failure);
    await expect(waitUntilActive(withoutDiagnose(cf), HOST_ID)).rejects.toBe(failure);
    expect(cf.gets).toHaveLength(1);
  });
});

describe('waitUntilActive: abort', () => {
  const manual = () => {
    const clock = new VirtualClock({ start: T0 + 10 * S });
    return { clock, cf: new FakeCloudflare(clock, Number.POSITIVE_INFINITY) };
  };

  it('rejects with AbortError before any call when already aborted', async () => {
    const { cf } = manual();
    const controller = new AbortController();
    controller.abort('gone');
    const error = await waitUntilActive(cf, HOST_ID, { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe('gone');
    expect(cf.gets).toEqual([]);
  });

  it('rejects at once during a sleep, leaving no sleeper behind', async () => {
    const { clock, cf } = manual();
    const controller = new AbortController();
    const waiting = waitUntilActive(cf, HOST_ID, { signal: controller.signal }).catch((e) => e);
    await vi.waitFor(() => expect(clock.pendingSleepers).toBe(1));
    controller.abort(new Error('shutting down'));
    const error = await waiting;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toEqual(new Error('shutting down'));
    expect(clock.pendingSleepers).toBe(0);
    expect(cf.gets).toEqual([T0 + 10 * S]);
  });

  it('rejects at once during a retry wait, leaving no sleeper behind', async () => {
    const { clock, cf } = manual();
    cf.getFailures.push(serverError());
    const controller = new AbortController();
    const waiting = waitUntilActive(cf, HOST_ID, { signal: controller.signal }).catch((e) => e);
    await vi.waitFor(() => expect(clock.pendingSleepers).toBe(1));
    controller.abort();
    expect(await waiting).toBeInstanceOf(AbortError);
    expect(clock.pendingSleepers).toBe(0);
    expect(cf.gets).toHaveLength(1);
  });

  it('rejects at once while a request hangs', async () => {
    const { clock } = manual();
    let calls = 0;
    const driver = {
      clock,
      get: () => {
        calls += 1;
        return new Promise<never>(() => {});
      },
      recheck: () => new Promise<never>(() => {}),
    };
    const controller = new AbortController();
    const waiting = waitUntilActive(driver, HOST_ID, { signal: controller.signal }).catch((e) => e);
    await vi.waitFor(() => expect(calls).toBe(1));
    controller.abort();
    expect(await waiting).toBeInstanceOf(AbortError);
  });
});

describe('waitUntilActive: resume', () => {
  it('carries on from a JSON round-tripped state, at the same times as an unbroken wait', async () => {
    const { clock, cf } = setup(T0 + 3400 * S);
    const controller = new AbortController();
    let saved = '';
    const first = await waitUntilActive(withoutDiagnose(cf), HOST_ID, {
      signal: controller.signal,
      onProgress: (e) => {
        saved = JSON.stringify(e.state);
        if (e.attempt === 6) controller.abort();
      },
    }).catch((e) => e);
    expect(first).toBeInstanceOf(AbortError);
    expect(cf.getOffsets()).toEqual(GETS_TO_3447.slice(0, 6));

    await clock.advance(20 * S);
    const resumed: PollState = JSON.parse(saved);
    const events: ProgressEvent[] = [];
    const host = await waitUntilActive(withoutDiagnose(cf), HOST_ID, {
      resumeFrom: resumed,
      onProgress: (e) => events.push(e),
    });
    expect(host.status).toBe('active');
    expect(cf.getOffsets()).toEqual(GETS_TO_3447);
    expect(events.at(-1)?.state).toMatchObject({ attempt: 18, apiCalls: 18, startedAt: T0 + 10 * S });
  });

  it('a state saved just before a diagnosis resumes with one read, for the diagnosis, then as before', async () => {
    const whole = setup(T0 + 3400 * S);
    await waitUntilActive(whole.cf, HOST_ID);
    const uninterrupted = whole.cf.getOffsets();

    const { clock, cf } = setup(T0 + 3400 * S);
    const controller = new AbortController();
    let saved = '';
    const first = await waitUntilActive(cf, HOST_ID, {
      signal: controller.signal,
      onProgress: (e) => {
        saved = JSON.stringify(e.state);
        if (e.attempt === 3) controller.abort();
      },
    }).catch((e) => e);
    expect(first).toBeInstanceOf(AbortError);
    const state: PollState = JSON.parse(saved);
    expect(state.wakeAt).toBeUndefined();
    await clock.advance(S);
    const resumedAt = (clock.now() - T0) / S;
    await waitUntilActive(cf, HOST_ID, { resumeFrom: state });
    // The reads of the first run, one at the resumption (a diagnosis needs the hostname), then
    // the uninterrupted run's.
    const firstRun = uninterrupted.filter((offset) => offset < resumedAt);
    const rest = uninterrupted.filter((offset) => offset > resumedAt);
    expect(cf.getOffsets()).toEqual([...firstRun, resumedAt, ...rest]);
  });

  it('takes until from the options over the saved state', async () => {
    const { cf } = setup(T0 + 3400 * S);
    const saved = initialPollState({ id: HOST_ID, now: T0 + 10 * S });
    const ownedAt = T0 + 500 * S;
    cf.pending = (now) =>
      now < ownedAt
        ? makeHost()
        : makeHost({ status: 'active', verification_errors: [] }, { status: 'pending_validation' });
    const host = await waitUntilActive(withoutDiagnose(cf), HOST_ID, { resumeFrom: saved, until: 'ownership' });
    expect(host.status).toBe('active');
    expect(host.ssl?.status).toBe('pending_validation');
  });

  it.each([
    ['diagnoseIntervalMs', 0, 'must be at least 1000'],
    ['diagnoseIntervalMs', 1, 'must be at least 1000'],
    ['marginMs', -1, 'must be ≥ 0'],
  ])('refuses a saved state with %s %d, which would poll in a tight loop', async (key, value, reason) => {
    const { clock, cf } = setup(0);
    const saved = { ...initialPollState({ id: HOST_ID, now: clock.now() }), [key]: value };
    await expect(waitUntilActive(cf, HOST_ID, { resumeFrom: saved })).rejects.toMatchObject({
      name: 'InputError',
      field: `resumeFrom.${key}`,
      reason,
    });
    expect(cf.getOffsets()).toEqual([]);
  });

  it('refuses a state saved for another hostname', async () => {
    const { clock, cf } = setup(0);
    const other = initialPollState({ id: 'another-id', now: clock.now() });
    await expect(waitUntilActive(cf, HOST_ID, { resumeFrom: other })).rejects.toMatchObject({
      name: 'InputError',
      field: 'resumeFrom',
    });
  });
});

describe('waitUntilActive: automatic recheck', () => {
  it('rechecks as soon as the diagnosis says the DNS is right and the next check is far', async () => {
    const { clock, cf } = setup(T0 + 1000 * S);
    const host = await waitUntilActive(cf, HOST_ID);
    expect(host.status).toBe('active');
    expect(cf.rechecks).toEqual([T0 + 1005 * S]);
    expect(clock.now()).toBe(T0 + 1005 * S);
    expect(cf.getOffsets()).toEqual([10, 72, 135, 201, 270, 342, 418, 498, 582, 670, 763, 1005]);
    // Every 30 s, except in the last 30 s before each of Cloudflare's checks (+60, +123, +189…),
    // when Cloudflare's own check comes before a recheck could help.
    expect(cf.diagnoses.map((t) => (t - T0) / S)).toEqual([
      10, 72, 135, 201, 270, 342, 372, 418, 448, 498, 528, 582, 612, 670, 700, 763, 793, 823, 853, 883, 913, 943, 1005,
    ]);
  });

  it('reads the hostname 2 s after the recheck when the PATCH answer is not yet updated', async () => {
    const { cf } = setup(T0 + 1000 * S);
    cf.recheckShowsResult = false;
    const events: ProgressEvent[] = [];
    await waitUntilActive(cf, HOST_ID, { onProgress: (e) => events.push(e) });
    expect(cf.getOffsets().slice(-2)).toEqual([1005, 1007]);
    expect(events.at(-1)?.state).toMatchObject({ rechecks: 1, apiCalls: 14, scheduleStart: T0 + 1005 * S });
  });

  it('paces rechecks (2 min apart, doubling, 6 at most) and only looks at Cloudflare’s checks in between', async () => {
    // The customer's DNS looks right to the diagnosis, but Cloudflare never validates.
    const { cf } = setup(Number.POSITIVE_INFINITY);
    const driver = {
      ...withoutDiagnose(cf),
      diagnose: async (h: Parameters<typeof cf.diagnose>[0]) => ({
        ...(await cf.diagnose(h)),
        readyForCloudflare: true,
        certificateVia: 'routing' as const,
      }),
    };
    const error = await waitUntilActive(driver, HOST_ID, { deadline: T0 + 6 * 3600 * S }).catch((e) => e);
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(cf.rechecks).toHaveLength(6);
    // Gaps 125, 260, 488, 995, 1925 s: each at least 2 min × 2^k, and each only with Cloudflare's next check > 30 s away.
    expect(cf.rechecks.map((t) => (t - T0) / S)).toEqual([10, 135, 395, 883, 1878, 3803]);
    // Every GET after the first lands 2 s after a check of the schedule in force: after a
    // recheck, which checks both at once, the hostname's; before any, the certificate's, 10 s
    // behind the hostname's.
    for (const get of cf.gets.slice(1)) {
      const start = cf.starts.filter((s) => s <= get - 2 * S).at(-1) as number;
      const lag = start === T0 ? POLL_DEFAULTS.certificateLagMs : 0;
      expect(checkTimes(start + lag)).toContain(get - 2 * S);
    }
  });

  it('diagnoses at the cadence asked for, kept in the state and changed on resume', async () => {
    const { cf } = setup(T0 + 1000 * S);
    const events: ProgressEvent[] = [];
    await waitUntilActive(cf, HOST_ID, { diagnoseIntervalMs: 120_000, onProgress: (e) => events.push(e) });
    expect(events[0]?.state.diagnoseIntervalMs).toBe(120_000);
    // Never sooner than 120 s after the last one, and never in the 30 s before one of Cloudflare's
    // checks (+60, +123, +189 s…): then at the look after it.
    expect(cf.diagnoses.map((t) => (t - T0) / S)).toEqual([10, 135, 270, 418, 538, 670, 790, 910, 1030]);
    expect(cf.rechecks).toEqual([T0 + 1030 * S]);

    const again = setup(T0 + 1000 * S);
    const resumed = await waitUntilActive(again.cf, HOST_ID, {
      resumeFrom: events[0]?.state as PollState,
      diagnoseIntervalMs: 60_000,
      onProgress: (e) => expect(e.state.diagnoseIntervalMs).toBe(60_000),
    });
    expect(resumed.status).toBe('active');
  });

  it('does not recheck when the certificate rests on the customer’s DCV tokens', async () => {
    const { cf } = setup(T0 + 1000 * S);
    cf.certificateVia = 'tokens';
    await waitUntilActive(cf, HOST_ID);
    expect(cf.rechecks).toEqual([]);
    expect(cf.gets.at(-1)).toBe(T0 + 1284 * S);
  });

  it('never diagnoses with recheck "never" or without driver.diagnose', async () => {
    const { cf } = setup(T0 + 1000 * S);
    await waitUntilActive(cf, HOST_ID, { recheck: 'never' });
    expect(cf.diagnoses).toEqual([]);
    expect(cf.rechecks).toEqual([]);
    expect(cf.gets.at(-1)).toBe(T0 + 1284 * S);
  });

  it('keeps waiting when a diagnosis fails', async () => {
    const { cf } = setup(T0 + 200 * S);
    const driver = { ...withoutDiagnose(cf), diagnose: async () => Promise.reject(new Error('resolver down')) };
    await waitUntilActive(driver, HOST_ID);
    expect(cf.getOffsets()).toEqual([10, 72, 135, 201, 270]);
  });
});
