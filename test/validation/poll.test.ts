import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/validation/diagnose.js';
import { initialPollState, POLL_DEFAULTS, type PollEvent, type PollState, step } from '../../src/validation/poll.js';
import { activeHost, CREATED_AT, HOST_ID, makeHost, T0 } from './fixtures.js';

const S = 1000;
const END = T0 + 624_663 * S;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Runs `step` on a frozen copy of the state, proving it never mutates its input. */
function go(state: PollState, event: PollEvent, now: number) {
  return step(deepFreeze(structuredClone(state)), event, now);
}

const ready = (certificateVia: Diagnosis['certificateVia'] = 'routing'): Diagnosis => ({
  hostname: 'app.customer-one.com',
  checkedAt: 0,
  checks: [],
  routingOk: true,
  ownershipOk: true,
  certificateOk: true,
  certificateVia,
  caaBlocks: false,
  readyForCloudflare: true,
});

describe('initialPollState', () => {
  it('starts the schedule at created_at and ends the default deadline with it', () => {
    expect(initialPollState({ id: HOST_ID, createdAt: CREATED_AT, now: T0 + 10 * S })).toEqual({
      v: 1,
      id: HOST_ID,
      startedAt: T0 + 10 * S,
      scheduleStart: T0,
      deadline: END,
      autoDeadline: true,
      attempt: 0,
      apiCalls: 0,
      rechecks: 0,
      diagnoses: 0,
      busyPolls: 0,
      recheck: 'auto',
      marginMs: 2000,
    });
  });

  it('starts at now without created_at, and keeps an explicit deadline, recheck and margin', () => {
    const state = initialPollState({
      id: HOST_ID,
      createdAt: null,
      now: T0,
      deadline: T0 + 60 * S,
      recheck: 'never',
      marginMs: 0,
      diagnoseIntervalMs: 120_000,
    });
    expect(state).toMatchObject({
      scheduleStart: T0,
      deadline: T0 + 60 * S,
      autoDeadline: false,
      recheck: 'never',
      marginMs: 0,
      diagnoseIntervalMs: 120_000,
    });
    expect('diagnoseIntervalMs' in initialPollState({ id: HOST_ID, now: T0 })).toBe(false);
    expect(initialPollState({ id: HOST_ID, createdAt: 'garbage', now: T0 + 5 }).scheduleStart).toBe(T0 + 5);
  });

  it('documents its tuning', () => {
    expect(POLL_DEFAULTS).toEqual({
      marginMs: 2_000,
      certificateLagMs: 10_000,
      busyIntervalMs: 30_000,
      busyPollsMax: 20,
      busySlowIntervalMs: 300_000,
      diagnoseIntervalMs: 30_000,
      recheckLeadMs: 30_000,
      recheckIntervalMs: 60_000,
      recheckMax: 6,
      freshReadMs: 5_000,
    });
  });
});

describe('step', () => {
  const fresh = () => initialPollState({ id: HOST_ID, now: T0 + 10 * S, recheck: 'never' });

  it('fetches first, then waits for the next round of checks: 2 s after the certificate check that trails the hostname’s', () => {
    const started = go(fresh(), { kind: 'start' }, T0 + 10 * S);
    expect(started.action).toEqual({ type: 'fetch' });
    const seen = go(started.state, { kind: 'snapshot', hostname: makeHost(), calls: 3 }, T0 + 10 * S);
    // The hostname checks at +60 s, the certificate at +70 s: one look at +72 s sees both.
    expect(seen.action).toEqual({ type: 'wait', until: T0 + 72 * S });
    expect(seen.state).toMatchObject({
      attempt: 1,
      apiCalls: 3,
      lastSnapshotAt: T0 + 10 * S,
      lastVerdict: 'waiting_on_customer',
      nextCheckAt: T0 + 60 * S,
      lookAt: T0 + 72 * S,
      wakeAt: T0 + 72 * S,
      wakeFor: 'fetch',
    });
  });

  it('looks 2 s after the hostname check when the certificate awaits no check, or the wait is for ownership', () => {
    const validated = makeHost({}, { status: 'active', validation_records: [] });
    expect(go(fresh(), { kind: 'snapshot', hostname: validated }, T0 + 10 * S).action).toEqual({
      type: 'wait',
      until: T0 + 62 * S,
    });
    const ownership = { ...fresh(), until: 'ownership' as const };
    expect(go(ownership, { kind: 'snapshot', hostname: makeHost() }, T0 + 10 * S).action).toEqual({
      type: 'wait',
      until: T0 + 62 * S,
    });
  });

  it('skips the check at creation when the first read already shows its outcome', () => {
    const atCreation = initialPollState({ id: HOST_ID, createdAt: CREATED_AT, now: T0, recheck: 'never' });
    // verification_errors: Cloudflare has checked at creation, so the next look is after +60 s and +70 s.
    expect(go(atCreation, { kind: 'snapshot', hostname: makeHost() }, T0).action).toEqual({
      type: 'wait',
      until: T0 + 72 * S,
    });
    // No outcome yet: the look after the check at creation and the certificate's first check.
    const unchecked = makeHost({ verification_errors: [] }, { status: 'initializing', validation_records: [] });
    expect(go(atCreation, { kind: 'snapshot', hostname: unchecked }, T0).action).toEqual({
      type: 'wait',
      until: T0 + 12 * S,
    });
  });

  it('takes the schedule start from created_at and moves the automatic deadline with it', () => {
    const state = initialPollState({ id: HOST_ID, now: T0 + 500 * S, recheck: 'never' });
    expect(state.deadline).toBe(T0 + 500 * S + 624_663 * S);
    const seen = go(state, { kind: 'snapshot', hostname: makeHost() }, T0 + 500 * S);
    expect(seen.state).toMatchObject({ scheduleStart: T0, deadline: END, apiCalls: 1 });
    expect(seen.action).toEqual({ type: 'wait', until: T0 + 582 * S });
  });

  it('sleeps again when woken early, and fetches when woken on time', () => {
    const waiting = go(fresh(), { kind: 'snapshot', hostname: makeHost() }, T0 + 10 * S).state;
    expect(go(waiting, { kind: 'woke' }, T0 + 30 * S).action).toEqual({ type: 'wait', until: T0 + 72 * S });
    const woke = go(waiting, { kind: 'woke' }, T0 + 72 * S);
    expect(woke.action).toEqual({ type: 'fetch' });
    expect(woke.state.wakeAt).toBeUndefined();
  });

  it('ends with done or failed on a snapshot', () => {
    const host = activeHost();
    expect(go(fresh(), { kind: 'snapshot', hostname: host }, T0).action).toEqual({ type: 'done', hostname: host });
    const moved = makeHost({ status: 'moved' });
    const failed = go(fresh(), { kind: 'snapshot', hostname: moved }, T0).action;
    expect(failed).toMatchObject({ type: 'failed', hostname: moved, verdict: { state: 'failed', fix: 'recheck' } });
  });

  it('never waits past the deadline, and times out there', () => {
    const state = initialPollState({
      id: HOST_ID,
      createdAt: CREATED_AT,
      now: T0,
      deadline: T0 + 100 * S,
      recheck: 'never',
    });
    const seen = go(state, { kind: 'snapshot', hostname: makeHost() }, T0 + 90 * S);
    expect(seen.action).toEqual({ type: 'wait', until: T0 + 100 * S });
    expect(go(seen.state, { kind: 'woke' }, T0 + 100 * S).action).toEqual({ type: 'timeout', hostname: null });
    expect(go(state, { kind: 'start' }, T0 + 100 * S).action).toEqual({ type: 'timeout', hostname: null });
  });

  it('polls every 4 h once Cloudflare’s schedule is over', () => {
    const month = T0 + 30 * 86_400 * S;
    const state = initialPollState({ id: HOST_ID, createdAt: CREATED_AT, now: T0, deadline: month, recheck: 'never' });
    const late = makeHost({ status: 'active' }, { status: 'pending_validation' });
    const seen = go(state, { kind: 'snapshot', hostname: late }, T0 + 1_300_000 * S);
    expect(seen.state.nextCheckAt).toBeNull();
    expect(seen.action).toEqual({ type: 'wait', until: T0 + (1_300_000 + 14_400) * S });
  });

  it('follows the certificate schedule once only the certificate is left', () => {
    const state = initialPollState({ id: HOST_ID, createdAt: CREATED_AT, now: T0, deadline: T0 + 30 * 86_400 * S });
    const certOnly = makeHost({ status: 'active' }, { status: 'pending_validation' });
    // The certificate schedule, 10 s behind the hostname's (its DCV checks start when the records appear).
    expect(go(state, { kind: 'snapshot', hostname: certOnly }, T0 + 700_000 * S).state.nextCheckAt).toBe(
      T0 + 711_073 * S,
    );
    expect(go(state, { kind: 'snapshot', hostname: makeHost() }, T0 + 700_000 * S).state.nextCheckAt).toBeNull();
  });

  it('restarts the schedule at a recheck and looks 2 s later: a recheck checks both at once', () => {
    const state = { ...initialPollState({ id: HOST_ID, createdAt: CREATED_AT, now: T0 }), recheck: 'never' as const };
    const rechecked = go(state, { kind: 'rechecked', hostname: makeHost() }, T0 + 1055 * S);
    expect(rechecked.state).toMatchObject({
      rechecks: 1,
      lastRecheckAt: T0 + 1055 * S,
      scheduleStart: T0 + 1055 * S,
      deadline: T0 + 1055 * S + 624_663 * S,
      apiCalls: 1,
    });
    expect(rechecked.action).toEqual({ type: 'wait', until: T0 + 1057 * S });
    // created_at no longer moves the schedule back.
    const later = go(rechecked.state, { kind: 'snapshot', hostname: makeHost() }, T0 + 1057 * S);
    expect(later.state.scheduleStart).toBe(T0 + 1055 * S);
    expect(later.action).toEqual({ type: 'wait', until: T0 + 1117 * S });
  });
});

describe('step: automatic recheck', () => {
  const auto = () => initialPollState({ id: HOST_ID, createdAt: CREATED_AT, now: T0 + 10 * S });

  it('diagnoses only when the customer must act and the next check is more than 30 s away', () => {
    // +40 s: the hostname's next check (+60 s) is 20 s away.
    expect(go(auto(), { kind: 'snapshot', hostname: makeHost() }, T0 + 40 * S).action).toEqual({
      type: 'wait',
      until: T0 + 72 * S,
    });
    // +72 s: the next one (+123 s) is 51 s away.
    expect(go(auto(), { kind: 'snapshot', hostname: makeHost() }, T0 + 72 * S).action).toEqual({ type: 'diagnose' });
    const busy = makeHost({ status: 'active' }, { status: 'pending_deployment' });
    // Deploying: no check is coming; the certificate schedule (+70 s) is the cadence's ceiling.
    expect(go(auto(), { kind: 'snapshot', hostname: busy }, T0 + 62 * S).action).toEqual({
      type: 'wait',
      until: T0 + 72 * S,
    });
    const never = { ...auto(), recheck: 'never' as const };
    expect(go(never, { kind: 'snapshot', hostname: makeHost() }, T0 + 72 * S).action).toEqual({
      type: 'wait',
      until: T0 + 135 * S,
    });
  });

  it('neither diagnoses nor rechecks a hostname with no DCV method (a custom certificate), and waits for the schedule', () => {
    const custom = makeHost({}, { method: undefined, validation_records: undefined });
    // +72 s, as above, but nothing a recheck could send back: the next look is after the +123 s check.
    expect(go(auto(), { kind: 'snapshot', hostname: custom }, T0 + 72 * S).action).toEqual({
      type: 'wait',
      until: T0 + 135 * S,
    });
  });

  it('neither diagnoses nor rechecks before the DCV records appear: the certificate’s first check comes with them', () => {
    const noRecords = makeHost({}, { status: 'initializing', validation_records: [] });
    expect(go(auto(), { kind: 'snapshot', hostname: noRecords }, T0 + 10 * S).action).toEqual({
      type: 'wait',
      until: T0 + 72 * S,
    });
    // Waiting for ownership alone, the certificate does not matter.
    const ownership = { ...auto(), until: 'ownership' as const };
    expect(go(ownership, { kind: 'snapshot', hostname: noRecords }, T0 + 10 * S).action).toEqual({ type: 'diagnose' });
  });

  it('rechecks when the diagnosis is ready, and diagnoses again 30 s later when not', () => {
    const diagnosing = go(auto(), { kind: 'snapshot', hostname: makeHost() }, T0 + 763 * S).state;
    expect(go(diagnosing, { kind: 'diagnosis', diagnosis: ready() }, T0 + 763 * S).action).toEqual({ type: 'recheck' });
    const notReady = go(diagnosing, { kind: 'diagnosis', diagnosis: null }, T0 + 763 * S);
    expect(notReady.action).toEqual({ type: 'wait', until: T0 + 793 * S });
    expect(notReady.state).toMatchObject({ diagnoses: 1, lastDiagnoseAt: T0 + 763 * S, wakeFor: 'diagnose' });
    expect(go(notReady.state, { kind: 'woke' }, T0 + 793 * S).action).toEqual({ type: 'diagnose' });
    const tokens = go(diagnosing, { kind: 'diagnosis', diagnosis: ready('tokens') }, T0 + 763 * S);
    expect(tokens.action).toEqual({ type: 'wait', until: T0 + 793 * S });
  });

  it('stops diagnosing when Cloudflare’s next check is near, and looks after it instead', () => {
    // Next check at +993 s (+1003 s for the certificate): a diagnosis at +963 s could not recheck in time.
    const diagnosing = go(auto(), { kind: 'snapshot', hostname: makeHost() }, T0 + 763 * S).state;
    const late = go(
      { ...diagnosing, lastDiagnoseAt: T0 + 933 * S },
      { kind: 'diagnosis', diagnosis: null },
      T0 + 933 * S,
    );
    expect(late.action).toEqual({ type: 'wait', until: T0 + 1005 * S });
    expect(late.state.wakeFor).toBe('fetch');
  });

  it('diagnoses every 30 s for the whole wait, or at the cadence the state carries', () => {
    const state = initialPollState({ id: HOST_ID, createdAt: CREATED_AT, now: T0 + 10 * S });
    const diagnosing = go(state, { kind: 'snapshot', hostname: makeHost() }, T0 + 22_166 * S).state;
    const next = go(diagnosing, { kind: 'diagnosis', diagnosis: null }, T0 + 22_166 * S);
    expect(next.action).toEqual({ type: 'wait', until: T0 + 22_196 * S });
    const slower = { ...diagnosing, diagnoseIntervalMs: 300_000 };
    expect(go(slower, { kind: 'diagnosis', diagnosis: null }, T0 + 22_166 * S).action).toEqual({
      type: 'wait',
      until: T0 + 22_466 * S,
    });
  });

  it('spaces rechecks 2 min, 4 min… apart and stops after 6', () => {
    const base = { ...auto(), nextCheckAt: T0 + 100_000 * S, lastDiagnoseAt: undefined };
    const at = (rechecks: number, sinceLast: number) =>
      go({ ...base, rechecks, lastRecheckAt: T0 }, { kind: 'diagnosis', diagnosis: ready() }, T0 + sinceLast * S).action
        .type;
    expect(at(1, 119)).toBe('wait');
    expect(at(1, 120)).toBe('recheck');
    expect(at(2, 239)).toBe('wait');
    expect(at(2, 240)).toBe('recheck');
    expect(at(5, 1920)).toBe('recheck');
    expect(at(6, 50_000)).toBe('wait');
  });

  it('resumes a wait that was to diagnose by reading the hostname when the diagnosis was due', () => {
    // A diagnosis reads the hostname, which a saved state does not hold: one GET, then the
    // snapshot leads on to the diagnosis, rather than a wait for the next look (up to 4 h).
    const diagnosing = go(auto(), { kind: 'snapshot', hostname: makeHost() }, T0 + 763 * S).state;
    const saved = go(diagnosing, { kind: 'diagnosis', diagnosis: null }, T0 + 763 * S).state;
    expect(saved).toMatchObject({ wakeFor: 'diagnose', wakeAt: T0 + 793 * S });
    const restored: PollState = JSON.parse(JSON.stringify(saved));
    expect(go(restored, { kind: 'start' }, T0 + 780 * S)).toMatchObject({
      action: { type: 'wait', until: T0 + 793 * S },
      state: { wakeFor: 'fetch', wakeAt: T0 + 793 * S },
    });
    expect(go(restored, { kind: 'start' }, T0 + 800 * S).action).toEqual({ type: 'fetch' });
    // Saved at the snapshot, the diagnosis next and at once (no wake planned): it reads at once.
    expect(diagnosing.wakeAt).toBeUndefined();
    expect(go(JSON.parse(JSON.stringify(diagnosing)), { kind: 'start' }, T0 + 800 * S).action).toEqual({
      type: 'fetch',
    });
    // The snapshot read then sends it on to the diagnosis.
    const read = go(restored, { kind: 'start' }, T0 + 800 * S).state;
    expect(go(read, { kind: 'snapshot', hostname: makeHost() }, T0 + 800 * S).action).toEqual({ type: 'diagnose' });
  });

  it('keeps its state plain JSON', () => {
    const { state } = go(auto(), { kind: 'snapshot', hostname: makeHost() }, T0 + 62 * S);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(JSON.stringify(state).length).toBeLessThan(600);
  });
});

describe("until: 'ownership'", () => {
  const base = () =>
    initialPollState({ id: HOST_ID, createdAt: CREATED_AT, now: T0, until: 'ownership', recheck: 'never' });

  it('ends as soon as the hostname is active, while the certificate is still pending', () => {
    const owned = makeHost({ status: 'active', verification_errors: [] }, { status: 'pending_validation' });
    const { action } = go(base(), { kind: 'snapshot', hostname: owned }, T0 + 62 * S);
    expect(action).toEqual({ type: 'done', hostname: owned });
  });

  it('keeps waiting at the schedule while the hostname is pending', () => {
    const { action } = go(base(), { kind: 'snapshot', hostname: makeHost() }, T0 + 62 * S);
    expect(action).toEqual({ type: 'wait', until: T0 + 123 * S + POLL_DEFAULTS.marginMs });
  });

  it('is kept in the JSON state, and absent by default', () => {
    expect(JSON.parse(JSON.stringify(base())).until).toBe('ownership');
    expect('until' in initialPollState({ id: HOST_ID, now: T0 })).toBe(false);
  });
});
