import type { CustomHostname } from '../schemas/index.js';
import type { Diagnosis } from './diagnose.js';
import { hostnameRetirement, MAX_RETRY_DELAY_S, nextCheckAfter } from './schedule.js';
import { classify, dcvMethodOf, SERVING_HOSTNAME_STATUSES, type Verdict } from './verdict.js';

/**
 * The poller's tuning, in milliseconds unless named otherwise.
 *
 * @example
 * ```ts
 * POLL_DEFAULTS.marginMs; // 2000: a GET 2 s after each of Cloudflare's checks
 * ```
 */
export const POLL_DEFAULTS = {
  /** How long after each Cloudflare check to look. */
  marginMs: 2_000,
  /**
   * How much later than the hostname's schedule the certificate's runs: its DCV checks start
   * when `ssl.validation_records` appear, about 10 s after the schedule starts. A no-change
   * PATCH checks both at once, so after a recheck there is no lag, unless it came before the
   * records did (it then checked the hostname alone).
   */
  certificateLagMs: 10_000,
  /** Cadence while Cloudflare issues or deploys the certificate (not on the schedule). */
  busyIntervalMs: 30_000,
  /** Consecutive polls at that cadence before slowing down to `busySlowIntervalMs`. */
  busyPollsMax: 20,
  /**
   * Cadence after those polls while Cloudflare is still busy (a long issuance queue), or the
   * schedule when it comes sooner: never the schedule's 4-hour gaps for an older hostname.
   */
  busySlowIntervalMs: 300_000,
  /**
   * With `recheck: 'auto'`, how often to look at the customer's DNS while they are the one to
   * act, for the whole wait: DoH and the token URLs, no API call; up to 2,880 diagnoses a day.
   */
  diagnoseIntervalMs: 30_000,
  /** A recheck (or a diagnosis) is worth it only if Cloudflare's next check is further away than this. */
  recheckLeadMs: 30_000,
  /** Rechecks are spaced by this × 2^(rechecks made): 2 min, 4 min, 8 min… */
  recheckIntervalMs: 60_000,
  /** Rechecks per wait at most. */
  recheckMax: 6,
  /**
   * A recheck sends back the ssl values of the wait's own read, instead of reading them
   * again, when that read is at most this old (the diagnosis in between takes moments) and
   * the recheck goes out at once: one call, not two.
   */
  freshReadMs: 5_000,
} as const;

/**
 * Everything a wait needs to carry on later, even in another process: small and plain JSON.
 * Save the `state` of the last progress event and pass it back as `resumeFrom`.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(progress.state);
 * await waitUntilActive(driver, id, { resumeFrom: JSON.parse(saved) });
 * ```
 */
export interface PollState {
  v: 1;
  id: string;
  startedAt: number;
  /** When Cloudflare's schedule started: `created_at`, or the last recheck. */
  scheduleStart: number;
  deadline: number;
  /** The deadline follows the schedule (its end), rather than the caller. */
  autoDeadline: boolean;
  /** Snapshots seen. */
  attempt: number;
  /** GET and PATCH calls made, retries included. */
  apiCalls: number;
  rechecks: number;
  diagnoses: number;
  lastRecheckAt?: number | undefined;
  lastSnapshotAt?: number | undefined;
  lastDiagnoseAt?: number | undefined;
  lastVerdict?: Verdict['state'] | undefined;
  /** Cloudflare's next check as of the last snapshot; `null` once its schedule is over. */
  nextCheckAt?: number | null | undefined;
  /**
   * When to look after that check: `marginMs` after it, or after the certificate check that
   * follows it when both validations are pending (one look sees both).
   */
  lookAt?: number | undefined;
  /** When the current wait ends, and what comes after it. */
  wakeAt?: number | undefined;
  wakeFor?: 'fetch' | 'diagnose' | undefined;
  busyPolls: number;
  recheck: 'auto' | 'never';
  marginMs: number;
  /** How often to diagnose with `recheck: 'auto'`; absent: {@link POLL_DEFAULTS}.diagnoseIntervalMs. */
  diagnoseIntervalMs?: number | undefined;
  /** What ends the wait: `serving` (hostname and certificate active, the default) or `ownership` (hostname active). */
  until?: WaitTarget | undefined;
}

/** What a wait waits for. @example `const target: WaitTarget = 'ownership'` */
export type WaitTarget = 'serving' | 'ownership';

/**
 * What the caller must do next.
 *
 * @example
 * ```ts
 * if (action.type === 'wait') await clock.sleep(action.until - clock.now());
 * ```
 */
export type PollAction =
  | { type: 'wait'; until: number }
  | { type: 'fetch' }
  | { type: 'diagnose' }
  | { type: 'recheck' }
  | { type: 'done'; hostname: CustomHostname }
  | { type: 'failed'; verdict: Extract<Verdict, { state: 'failed' }>; hostname: CustomHostname }
  | { type: 'timeout'; hostname: CustomHostname | null };

/**
 * What just happened: the wait began (or resumed), a sleep ended, a GET (`calls` counts its
 * attempts, default 1) or a recheck PATCH returned, or a diagnosis finished (`null`: it failed).
 *
 * @example
 * ```ts
 * const event: PollEvent = { kind: 'snapshot', hostname: host, calls: 1 };
 * ```
 */
export type PollEvent =
  | { kind: 'start' }
  | { kind: 'woke' }
  | { kind: 'snapshot'; hostname: CustomHostname; calls?: number }
  | { kind: 'rechecked'; hostname: CustomHostname; calls?: number }
  | { kind: 'diagnosis'; diagnosis: Diagnosis | null };

/** Input of {@link initialPollState}. @example `{ id, now: Date.now(), recheck: 'auto' }` */
export interface InitialPollInput {
  id: string;
  /** The hostname's `created_at`, if known (else the first snapshot provides it). */
  createdAt?: string | null | undefined;
  now: number;
  /**
   * Epoch ms. Default: the end of the hostname schedule (`created_at` + 624,663 s, or from `now`
   * when that has passed), following rechecks.
   */
  deadline?: number | undefined;
  /**
   * `auto` (default): while the customer is the one to act, {@link step} also asks for
   * `diagnose` (answer with a `diagnosis` event) and `recheck` (a `rechecked` event); `never`:
   * only `wait` and `fetch`.
   */
  recheck?: 'auto' | 'never' | undefined;
  marginMs?: number | undefined;
  /** Default {@link POLL_DEFAULTS}.diagnoseIntervalMs (30 s). */
  diagnoseIntervalMs?: number | undefined;
  until?: WaitTarget | undefined;
  /**
   * Epoch ms of a no-change PATCH sent before the wait (`validation.recheck`), if any: both of
   * Cloudflare's schedules started again then (§6.5), so the wait counts from it.
   */
  recheckedAt?: number | undefined;
}

/**
 * A fresh poll state. Pure.
 *
 * @example
 * ```ts
 * const state = initialPollState({ id: host.id, createdAt: host.created_at, now: Date.now() });
 * ```
 */
export function initialPollState(input: InitialPollInput): PollState {
  const created = input.createdAt ? Date.parse(input.createdAt) : Number.NaN;
  const rechecked = input.recheckedAt;
  const since = rechecked ?? (Number.isNaN(created) ? input.now : created);
  const scheduleStart = scheduleStartFrom(since, input.now);
  return {
    v: 1,
    id: input.id,
    startedAt: input.now,
    scheduleStart,
    deadline: input.deadline ?? scheduleEnd(scheduleStart),
    autoDeadline: input.deadline === undefined,
    attempt: 0,
    apiCalls: 0,
    rechecks: 0,
    diagnoses: 0,
    busyPolls: 0,
    recheck: input.recheck ?? 'auto',
    marginMs: input.marginMs ?? POLL_DEFAULTS.marginMs,
    ...(input.diagnoseIntervalMs === undefined ? {} : { diagnoseIntervalMs: input.diagnoseIntervalMs }),
    ...(input.until === 'ownership' ? { until: 'ownership' as const } : {}),
    ...(rechecked === undefined ? {} : { lastRecheckAt: rechecked }),
  };
}

/**
 * The state after a recheck the wait did not send itself (`validation.recheck` of the same
 * client, at `recheckedAt`): Cloudflare's schedule started again then, both checks at once, so
 * the wait counts from it and reads the hostname at once. Unchanged when the recheck is not
 * newer than the schedule the state already counts from (the wait's own recheck). Pure.
 *
 * @example
 * ```ts
 * state = afterRecheck(state, recheckedAt, Date.now()); // then step(state, { kind: 'woke' }, Date.now())
 * ```
 */
export function afterRecheck(state: PollState, recheckedAt: number, now: number): PollState {
  if (recheckedAt <= Math.max(state.scheduleStart, state.lastRecheckAt ?? 0)) return state;
  const scheduleStart = scheduleStartFrom(recheckedAt, now);
  return replanned(state, { lastRecheckAt: recheckedAt, scheduleStart });
}

/**
 * A saved state taken up again at `now`. Pure. A recheck made since it was saved
 * (`recheckedAt`, e.g. `validation.recheck` by the same client) is taken in as
 * {@link afterRecheck} does. A state whose automatic deadline has passed is counted from
 * `now`, as a new wait would be, and reads the hostname at once rather than give up unread.
 *
 * @example
 * ```ts
 * const state = resumedPollState(JSON.parse(saved), Date.now());
 * ```
 */
export function resumedPollState(saved: PollState, now: number, recheckedAt?: number): PollState {
  const rechecked = recheckedAt === undefined ? saved : afterRecheck(saved, recheckedAt, now);
  if (rechecked !== saved || !saved.autoDeadline || now < saved.deadline) return rechecked;
  return replanned(saved, { startedAt: now, scheduleStart: now });
}

/** The state counted from a new schedule start, its automatic deadline moved with it, and nothing planned: the next step reads. */
function replanned(state: PollState, changes: Partial<PollState> & { scheduleStart: number }): PollState {
  return {
    ...state,
    ...changes,
    deadline: state.autoDeadline ? scheduleEnd(changes.scheduleStart) : state.deadline,
    lastSnapshotAt: undefined,
    lookAt: undefined,
    nextCheckAt: undefined,
    wakeAt: undefined,
    wakeFor: undefined,
  };
}

/**
 * One move of the poller. Pure: give it the state, what happened and the time; do what the
 * action says, then call it again with the outcome.
 *
 * It reads the hostname only when the answer can have changed: `marginMs` after each of
 * Cloudflare's scheduled checks. While both validations are pending it looks once per round,
 * after the certificate check that trails the hostname's by `certificateLagMs`, so one GET
 * sees both; a round whose hostname check an earlier read has already seen is skipped (the
 * certificate check alone cannot make the hostname serve), and so is the check at creation
 * when the first read shows its outcome (`verification_errors`). While Cloudflare issues or
 * deploys, every 30 s (at most 20 times in a row). With `recheck: 'auto'`, while the
 * customer is the one to act, the DCV records are there and Cloudflare's next check is more
 * than 30 s off, it asks for a diagnosis every `diagnoseIntervalMs` (30 s) for the whole
 * wait; when the diagnosis says Cloudflare's check would pass, and the certificate does not
 * rest on DCV tokens the customer placed (a recheck can replace them), it asks for a
 * recheck: at most 6 per wait, 2 min apart then doubling. Each recheck restarts Cloudflare's
 * schedule, both checks at once. At the deadline: `timeout`.
 *
 * @example
 * ```ts
 * let { state, action } = step(initialPollState({ id, now: clock.now() }), { kind: 'start' }, clock.now());
 * // action: { type: 'fetch' } → GET, then step(state, { kind: 'snapshot', hostname }, clock.now())
 * ```
 */
export function step(state: PollState, event: PollEvent, now: number): { state: PollState; action: PollAction } {
  switch (event.kind) {
    case 'start':
    case 'woke':
      return wake(state, event.kind, now);
    case 'snapshot':
    case 'rechecked':
      return onHostname(state, event.hostname, event.calls ?? 1, event.kind === 'rechecked', now);
    case 'diagnosis':
      return onDiagnosis(state, event.diagnosis, now);
  }
}

function wake(saved: PollState, kind: 'start' | 'woke', now: number): { state: PollState; action: PollAction } {
  let state = saved;
  if (now >= state.deadline) return { state, action: { type: 'timeout', hostname: null } };
  // A state saved at a snapshot whose next step was a diagnosis (at once: no wake planned, or
  // later) is resumed without the hostname a diagnosis reads: it reads it when the diagnosis
  // was due, and the snapshot leads on to the diagnosis. Waiting for the next look instead
  // would leave the customer's DNS unlooked-at for up to 4 h.
  const toDiagnose = state.wakeAt === undefined || state.wakeFor === 'diagnose';
  if (kind === 'start' && state.lastSnapshotAt !== undefined && toDiagnose) {
    state = { ...state, wakeAt: state.wakeAt ?? now, wakeFor: 'fetch' };
  }
  if (state.wakeAt === undefined) return { state, action: { type: 'fetch' } };
  if (now < state.wakeAt) return waitUntil(state, state.wakeAt, state.wakeFor ?? 'fetch');
  const next: PollState = { ...state, wakeAt: undefined, wakeFor: undefined };
  return { state: next, action: { type: state.wakeFor ?? 'fetch' } };
}

/** Whether the hostname side of `hostname` has failed, whatever its certificate's state. */
function ownershipFailed(hostname: CustomHostname): boolean {
  return classify({ ...hostname, ssl: null }).state === 'failed';
}

function onHostname(
  prev: PollState,
  hostname: CustomHostname,
  calls: number,
  rechecked: boolean,
  now: number,
): { state: PollState; action: PollAction } {
  const state: PollState = { ...prev, apiCalls: prev.apiCalls + calls, attempt: prev.attempt + 1, lastSnapshotAt: now };
  if (rechecked) {
    Object.assign(state, { rechecks: prev.rechecks + 1, lastRecheckAt: now, scheduleStart: now });
  } else if (
    prev.lastRecheckAt === undefined &&
    hostname.created_at &&
    !Number.isNaN(Date.parse(hostname.created_at))
  ) {
    state.scheduleStart = scheduleStartFrom(Date.parse(hostname.created_at), prev.startedAt);
  }
  if (state.autoDeadline) state.deadline = scheduleEnd(state.scheduleStart);
  const verdict = classify(hostname);
  state.lastVerdict = verdict.state;
  const ownershipDone = state.until === 'ownership' && SERVING_HOSTNAME_STATUSES.includes(hostname.status ?? '');
  if (verdict.state === 'active' || ownershipDone) return { state, action: { type: 'done', hostname } };
  // A wait for ownership ends on a failure of the hostname's own, not of its certificate: a
  // CAA refusal or lapsed DCV tokens leave Cloudflare checking ownership on its schedule.
  const failed = verdict.state === 'failed' && (state.until !== 'ownership' || ownershipFailed(hostname));
  if (failed) return { state, action: { type: 'failed', verdict, hostname } };

  const look = nextLook(state, hostname, now);
  state.nextCheckAt = look.check;
  state.lookAt = look.at;
  // A certificate status this package does not know yet, on a serving hostname, is read as
  // Cloudflare at work past validation (the statuses of validation are all known), where the
  // certificate schedule is no cadence at all: gaps of up to 4 h.
  const unknownPhase = verdict.state === 'unknown' && SERVING_HOSTNAME_STATUSES.includes(hostname.status ?? '');
  const busy = (verdict.state === 'waiting_on_cloudflare' && verdict.actor === 'cloudflare') || unknownPhase;
  if (!busy) state.busyPolls = 0;
  // The short cadence counts only when it comes before the next look at Cloudflare's checks.
  if (busy) {
    const short = state.busyPolls < POLL_DEFAULTS.busyPollsMax;
    const busyAt = now + (short ? POLL_DEFAULTS.busyIntervalMs : POLL_DEFAULTS.busySlowIntervalMs);
    if (busyAt < look.at) {
      if (short) state.busyPolls += 1;
      return waitUntil(state, busyAt, 'fetch');
    }
  }
  // Before the DCV records appear the certificate has not had its first check, which comes
  // with them anyway: a recheck then would validate the hostname alone, which cannot serve
  // yet (unless the wait is for ownership alone). A hostname with no DCV method (a custom
  // certificate) has nothing a recheck could send back.
  const certificateStarted = hostname.ssl?.status !== 'initializing' || state.until === 'ownership';
  const recheckable = certificateStarted && dcvMethodOf(hostname) !== undefined;
  if (verdict.state === 'waiting_on_customer' && recheckable && recheckCouldHelp(state, now)) {
    if (diagnoseWorthIt(state, now)) return { state, action: { type: 'diagnose' } };
    // A diagnosis ran moments ago: the next one, if it comes early enough before Cloudflare's next check.
    const diagnoseAt = (state.lastDiagnoseAt ?? now) + diagnoseInterval(state);
    if (diagnoseAt + POLL_DEFAULTS.recheckLeadMs < (state.nextCheckAt ?? Number.POSITIVE_INFINITY)) {
      return waitUntil(state, Math.min(diagnoseAt, look.at), diagnoseAt < look.at ? 'diagnose' : 'fetch');
    }
  }
  return waitUntil(state, look.at, 'fetch');
}

function onDiagnosis(
  prev: PollState,
  diagnosis: Diagnosis | null,
  now: number,
): { state: PollState; action: PollAction } {
  const state: PollState = { ...prev, diagnoses: prev.diagnoses + 1, lastDiagnoseAt: now };
  const ready = diagnosis?.readyForCloudflare === true && diagnosis.certificateVia !== 'tokens';
  if (ready && recheckAllowed(state, now)) return { state, action: { type: 'recheck' } };
  const checkWake = scheduleWake(state, now);
  const diagnoseAt = now + diagnoseInterval(state);
  const nextCheck = state.nextCheckAt ?? Number.POSITIVE_INFINITY;
  if (diagnoseAt + POLL_DEFAULTS.recheckLeadMs < nextCheck && diagnoseAt < checkWake) {
    return waitUntil(state, diagnoseAt, 'diagnose');
  }
  return waitUntil(state, checkWake, 'fetch');
}

function waitUntil(
  state: PollState,
  until: number,
  wakeFor: 'fetch' | 'diagnose',
): { state: PollState; action: PollAction } {
  const at = Math.min(until, state.deadline);
  return { state: { ...state, wakeAt: at, wakeFor }, action: { type: 'wait', until: at } };
}

/** The look planned at the last snapshot; for a state saved before it was kept, just after the next check. */
function scheduleWake(state: PollState, now: number): number {
  if (state.lookAt !== undefined) return state.lookAt;
  const next = state.nextCheckAt;
  return next === null || next === undefined ? now + MAX_RETRY_DELAY_S * 1000 : next + state.marginMs;
}

/**
 * Cloudflare's next check that this snapshot has not seen, and when to look after it.
 * - Hostname pending: the hostname schedule. If the certificate still awaits its DCV check
 *   too (and the wait is for `serving`), the look waits for the certificate check of the same
 *   round, `certificateLagMs` later (none after a recheck, which checks both at once, unless it came before the records).
 * - Hostname active, certificate awaiting DCV: the certificate schedule.
 * - Both past their checks (issuing, deploying): no check is coming; the certificate
 *   schedule is only the slowing cadence to fall back on after the busy polls.
 * A check at least the default margin before the snapshot has been seen by it; so has the
 * check at creation when the snapshot already shows its outcome (`verification_errors`).
 */
function nextLook(state: PollState, hostname: CustomHostname, now: number): { check: number | null; at: number } {
  const seenUpTo = now - Math.min(state.marginMs, POLL_DEFAULTS.marginMs);
  const certificateStart = certificateScheduleStart(state, hostname);
  const lag = Math.max(0, certificateStart - state.scheduleStart);
  const sslStatus = hostname.ssl?.status;
  const certificateOpen = sslStatus === 'initializing' || sslStatus === 'pending_validation';
  let check: number | null;
  let after = 0;
  if (!SERVING_HOSTNAME_STATUSES.includes(hostname.status ?? '')) {
    const creationSeen =
      state.lastRecheckAt === undefined &&
      now >= state.scheduleStart &&
      (hostname.verification_errors?.length ?? 0) > 0;
    check = nextCheckAfter(state.scheduleStart, creationSeen ? Math.max(seenUpTo, state.scheduleStart) : seenUpTo);
    if (certificateOpen && state.until !== 'ownership') after = lag;
  } else {
    // Past its DCV check the certificate has no check to see: the schedule is only a cadence.
    check = nextCheckAfter(certificateStart, certificateOpen ? seenUpTo : now, 'certificate');
  }
  return { check, at: check === null ? now + MAX_RETRY_DELAY_S * 1000 : check + after + state.marginMs };
}

/**
 * When the certificate's DCV schedule started: with its records, `certificateLagMs` after the
 * hostname's schedule, or at a recheck, which checks both at once. A recheck sent before the
 * records appeared (within `certificateLagMs` of creation, as `migrate` sends one) found no
 * certificate to check: its schedule still starts with the records.
 */
function certificateScheduleStart(state: PollState, hostname: CustomHostname): number {
  const recordsAt = state.scheduleStart + POLL_DEFAULTS.certificateLagMs;
  if (state.lastRecheckAt === undefined) return recordsAt;
  const created = Date.parse(hostname.created_at ?? '');
  const createdRecordsAt = created + POLL_DEFAULTS.certificateLagMs;
  return state.lastRecheckAt < createdRecordsAt ? createdRecordsAt : state.scheduleStart;
}

/** Automatic rechecks are on, not used up, and Cloudflare's own next check is more than 30 s away. */
function recheckCouldHelp(state: PollState, now: number): boolean {
  if (state.recheck !== 'auto' || state.rechecks >= POLL_DEFAULTS.recheckMax) return false;
  return state.nextCheckAt == null || state.nextCheckAt - now > POLL_DEFAULTS.recheckLeadMs;
}

function diagnoseWorthIt(state: PollState, now: number): boolean {
  if (!recheckCouldHelp(state, now)) return false;
  return state.lastDiagnoseAt === undefined || now - state.lastDiagnoseAt >= diagnoseInterval(state);
}

function diagnoseInterval(state: PollState): number {
  return state.diagnoseIntervalMs ?? POLL_DEFAULTS.diagnoseIntervalMs;
}

function recheckAllowed(state: PollState, now: number): boolean {
  if (!recheckCouldHelp(state, now)) return false;
  const gap = POLL_DEFAULTS.recheckIntervalMs * 2 ** state.rechecks;
  return state.lastRecheckAt === undefined || now - state.lastRecheckAt >= gap;
}

/**
 * When Cloudflare's schedule started, as far as a wait started at `startedAt` can tell: at
 * creation, unless that schedule had run out before the wait began. A hostname still waiting
 * then had its schedule restarted by a PATCH the wait did not see (a recheck, a new CA): it is
 * counted from the wait's start, not given up on at once. (One Cloudflare has given up on
 * shows it: `moved`, or a timed-out certificate, which end the wait as failed.)
 */
function scheduleStartFrom(createdAt: number, startedAt: number): number {
  return scheduleEnd(createdAt) > startedAt ? createdAt : startedAt;
}

/** When Cloudflare gives up on a never-validated hostname (it becomes `moved`). */
function scheduleEnd(start: number): number {
  return hostnameRetirement(start).movedAt;
}
