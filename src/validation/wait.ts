import { type Clock, WakeableSleep } from '../core/clock.js';
import {
  AbortError,
  APIError,
  InputError,
  NotFoundError,
  PollTimeoutError,
  ValidationFailedError,
} from '../core/errors.js';
import { abortable } from '../core/queue.js';
import { isTransient, waitRetryDelayMs } from '../core/retry.js';
import { checkPollOptions, MIN_INTERVAL_MS } from '../input/index.js';
import type { CustomHostname, ServingCustomHostname } from '../schemas/index.js';
import type { Diagnosis } from './diagnose.js';
import {
  afterRecheck,
  initialPollState,
  POLL_DEFAULTS,
  type PollEvent,
  type PollState,
  resumedPollState,
  step,
  type WaitTarget,
} from './poll.js';
import { classify, DELETED_VERDICT, type Verdict } from './verdict.js';

/**
 * What {@link waitUntilActive} needs: read a hostname, send the no-change PATCH, optionally
 * diagnose the customer's DNS (needed for `recheck: 'auto'`), and a clock for every wait.
 *
 * @example
 * ```ts
 * const driver: PollDriver = { get: (id, o) => saas.customHostnames.get(id, o), recheck: (id, o) => saas.validation.recheck(id, o), clock: systemClock };
 * ```
 */
export interface PollDriver {
  get(id: string, options?: { signal?: AbortSignal }): Promise<CustomHostname>;
  /** The no-change PATCH (with whatever it takes to send it: `recheckCalls`). */
  recheck(id: string, options?: { signal?: AbortSignal }): Promise<CustomHostname>;
  /** API calls one `recheck` makes, for `apiCalls` (default 1; `validation.recheck` reads the hostname first: 2). */
  recheckCalls?: number | undefined;
  /**
   * The recheck sent from `hostname`, the wait's own read of moments before (at most
   * `POLL_DEFAULTS.freshReadMs` old): its ssl values go back without being read again, one
   * call. Resolves `undefined`, sending nothing, when the recheck cannot go out at once (one
   * of the hostname's was sent elsewhere within the minute, or is waiting): the wait then
   * calls `recheck`. Optional: without it every recheck is a `recheck`.
   */
  recheckFrom?(hostname: CustomHostname, options?: { signal?: AbortSignal }): Promise<CustomHostname | undefined>;
  /** Must end on its own (the client's gives each query and fetch its `timeout`): the wait awaits it. */
  diagnose?(hostname: CustomHostname, options?: { signal?: AbortSignal }): Promise<Diagnosis>;
  /** When the hostname was last rechecked before the wait (clock ms), if known: the schedule counts from it. */
  lastRecheckAt?(id: string): number | undefined;
  /**
   * Tells `listener` of each recheck made while the wait runs (hostname id, clock ms), until
   * the returned function is called: a wait asleep until Cloudflare's next check reads at once
   * after a recheck of its hostname sent elsewhere.
   */
  onRecheck?(listener: (hostId: string, at: number) => void): () => void;
  clock: Clock;
}

/**
 * Sent after every snapshot: the verdict, Cloudflare's next check, the calls made so far,
 * and the `state` to resume from.
 *
 * @example
 * ```ts
 * onProgress: (e) => db.put(id, JSON.stringify(e.state))
 * ```
 */
export interface ProgressEvent {
  attempt: number;
  verdict: Verdict;
  hostname: CustomHostname;
  nextCheckAt: number | null;
  apiCalls: number;
  state: PollState;
}

/** Options of {@link waitUntilActive}. @example `{ deadline: Date.now() + 3_600_000, recheck: 'never' }` */
export interface WaitOptions {
  signal?: AbortSignal | undefined;
  /**
   * Give up then. Default: the end of Cloudflare's hostname schedule (`created_at` + ~7.2 days),
   * counted from the wait's start instead when it had run out before (the schedule was restarted).
   */
  deadline?: number | Date | undefined;
  /** `auto` (default, needs `driver.diagnose`): recheck as soon as the customer's DNS is right. */
  recheck?: 'auto' | 'never' | undefined;
  onProgress?: ((event: ProgressEvent) => void) | undefined;
  /** Carry on from a saved {@link ProgressEvent.state}. */
  resumeFrom?: PollState | undefined;
  /** How long after each Cloudflare check to look. Default 2000 ms. */
  marginMs?: number | undefined;
  /**
   * With `recheck: 'auto'`: how often to look at the customer's DNS while they are the one to
   * act, for the whole wait, ms (at least 1,000). Default 30,000: Cloudflare's passing check
   * comes at most this plus 30 s after the DNS change, usually within this. That
   * is up to 2,880 diagnoses a day, each about 5 DoH queries and 2 HTTP fetches of the token
   * URLs (docs/validation.md); raise it for large fleets.
   */
  diagnoseIntervalMs?: number | undefined;
  /** `serving` (default): hostname and certificate active. `ownership`: the hostname is active, the certificate may not be yet (pre-validation). */
  until?: WaitTarget | undefined;
}

/**
 * Wait options whose wait ends with the hostname serving: `until` is `'serving'`, or left out
 * on a fresh wait (a resumed one keeps the target it saved).
 *
 * @example
 * ```ts
 * const options: UntilServing<WaitOptions> = { deadline: Date.now() + 3_600_000 };
 * ```
 */
export type UntilServing<O extends WaitOptions> = O &
  ({ until?: 'serving'; resumeFrom?: undefined } | { until: 'serving' });

class DeadlineReached extends Error {}

/**
 * Waits until the hostname serves (hostname and certificate active) and returns it. It
 * reads the hostname right after each of Cloudflare's checks (see {@link step}), so a
 * change is seen about 2 s after it can happen, with no call in between. Transient
 * failures (408, 429 honouring `Retry-After`, 5xx, connection errors, timeouts) are
 * retried after 1 s, 2 s, 4 s… (at most 60 s) on the driver's clock and never end the
 * wait; a `ResponseValidationError` is not retried (the API changed shape: waiting will
 * not help). Rejects with:
 * - `ValidationFailedError(verdict, snapshot)` when the verdict is `failed`, or the
 *   hostname was deleted (404: verdict reason `deleted`, fix `recreate`);
 * - `PollTimeoutError(deadline, lastSnapshot)` at the deadline;
 * - `AbortError` as soon as `signal` aborts, leaving no timer behind;
 * - any other error of the driver as it is.
 *
 * @example
 * ```ts
 * const host = await waitUntilActive(driver, id, { signal, onProgress: (e) => console.log(e.verdict.state) });
 * ```
 */
export function waitUntilActive(
  driver: PollDriver,
  id: string,
  options?: UntilServing<WaitOptions>,
): Promise<ServingCustomHostname>;
/**
 * Waits for ownership alone (`until: 'ownership'`), or resumes a saved wait toward its saved
 * target: the hostname it resolves with may not serve yet.
 *
 * @example
 * ```ts
 * const host = await waitUntilActive(driver, id, { until: 'ownership' });
 * ```
 */
export function waitUntilActive(driver: PollDriver, id: string, options?: WaitOptions): Promise<CustomHostname>;
export async function waitUntilActive(
  driver: PollDriver,
  id: string,
  options: WaitOptions = {},
): Promise<CustomHostname> {
  checkPollOptions(options);
  const { clock } = driver;
  const { signal } = options;
  // Names the hostname in the errors: by its name once a snapshot is in, by id before.
  const what = (host: CustomHostname | null) => `custom hostname ${host?.hostname ?? id}`;
  const aborted = (reason: unknown) =>
    reason instanceof AbortError ? reason : new AbortError(`waiting for custom hostname ${id}`, { cause: reason });
  if (signal?.aborted) throw aborted(signal.reason);
  let state = startState(driver, id, options);
  let last: CustomHostname | null = null;
  let event: PollEvent = { kind: 'start' };
  const call = <T>(work: (o: { signal?: AbortSignal }) => Promise<T>) => retrying(work, clock, state.deadline, signal);
  const sleeper = new RecheckAwareSleep(driver, id);

  try {
    for (;;) {
      const { state: next, action } = step(state, event, clock.now());
      state = next;
      if (event.kind === 'snapshot' || event.kind === 'rechecked') {
        options.onProgress?.({
          attempt: state.attempt,
          verdict: classify(event.hostname),
          hostname: event.hostname,
          nextCheckAt: state.nextCheckAt ?? null,
          apiCalls: state.apiCalls,
          state,
        });
      }
      switch (action.type) {
        case 'done':
          return action.hostname;
        case 'failed':
          throw new ValidationFailedError(action.verdict, action.hostname, what(action.hostname));
        case 'timeout':
          throw new PollTimeoutError(state.deadline, action.hostname ?? last, what(action.hostname ?? last));
        case 'wait': {
          const recheckedAt = await sleeper.sleep(action.until, signal, what(last));
          if (recheckedAt !== undefined) state = afterRecheck(state, recheckedAt, clock.now());
          event = { kind: 'woke' };
          break;
        }
        case 'fetch': {
          const { value, calls } = await call((o) => driver.get(id, o));
          last = value;
          event = { kind: 'snapshot', hostname: value, calls };
          break;
        }
        case 'recheck': {
          const readAgo = clock.now() - (state.lastSnapshotAt ?? Number.NEGATIVE_INFINITY);
          const attempts = recheckAttempts(driver, id, readAgo <= POLL_DEFAULTS.freshReadMs ? last : null);
          const { value } = await call(attempts.send);
          last = value.host;
          const calls = attempts.calls();
          event = value.rechecked
            ? { kind: 'rechecked', hostname: value.host, calls }
            : { kind: 'snapshot', hostname: value.host, calls };
          break;
        }
        case 'diagnose':
          event = { kind: 'diagnosis', diagnosis: await diagnoseQuietly(driver, last, signal) };
          break;
      }
    }
  } catch (error) {
    if (signal?.aborted) throw aborted(signal.reason);
    if (error instanceof DeadlineReached) throw new PollTimeoutError(state.deadline, last, what(last));
    if (error instanceof NotFoundError) throw new ValidationFailedError(DELETED_VERDICT, last, what(last));
    throw error;
  } finally {
    sleeper.close();
  }
}

/**
 * The attempts of the wait's recheck. One that Cloudflare refused (an `APIError`: a 503, a
 * 429) restarted nothing and is sent again. One that failed otherwise (a lost answer, a
 * timeout) may have landed: it is not sent again blind; the attempts after it read the
 * hostname instead (`rechecked: false`), and the step decides from that read, as from any
 * other, whether another recheck is worth it.
 */
function recheckAttempts(driver: PollDriver, id: string, fresh: CustomHostname | null) {
  let unsure = false;
  let calls = 0;
  // The first attempt only: a retry comes seconds later, when the read is no longer fresh.
  let from = driver.recheckFrom && fresh ? fresh : undefined;
  const send = async (o: { signal?: AbortSignal }): Promise<{ host: CustomHostname; rechecked: boolean }> => {
    if (unsure) {
      calls += 1;
      return { host: await driver.get(id, o), rechecked: false };
    }
    const read = from;
    from = undefined;
    try {
      if (read && driver.recheckFrom) {
        calls += 1;
        const host = await driver.recheckFrom(read, o);
        if (host) return { host, rechecked: true };
        calls -= 1; // not sent: the hostname's recheck could not go out at once
      }
      calls += driver.recheckCalls ?? 1;
      return { host: await driver.recheck(id, o), rechecked: true };
    } catch (error) {
      unsure = !(error instanceof APIError);
      throw error;
    }
  };
  /**
   * The API calls the attempts made: 1 for a recheck sent from the wait's fresh read,
   * `recheckCalls` for each other, 1 for each read after one that may have landed.
   */
  return { send, calls: () => calls };
}

/**
 * The wait's sleeps, cut short by a recheck of the hostname sent elsewhere on the client
 * (`driver.onRecheck`): the latest one since the last sleep, taken in when it ends.
 */
class RecheckAwareSleep {
  readonly #sleep: WakeableSleep;
  readonly #stop: (() => void) | undefined;
  #recheckedAt: number | undefined;

  constructor(driver: PollDriver, id: string) {
    this.#sleep = new WakeableSleep(driver.clock);
    this.#stop = driver.onRecheck?.((hostId, at) => {
      if (hostId !== id) return;
      this.#recheckedAt = at;
      this.#sleep.wake();
    });
  }

  /** Sleeps until `until`; the time of a recheck that came meanwhile (or since the last sleep), if any. */
  async sleep(until: number, signal: AbortSignal | undefined, what: string): Promise<number | undefined> {
    await this.#sleep.sleepUntil(until, signal, what);
    const at = this.#recheckedAt;
    this.#recheckedAt = undefined;
    return at;
  }

  close(): void {
    this.#stop?.();
  }
}

function startState(driver: PollDriver, id: string, options: WaitOptions): PollState {
  const now = driver.clock.now();
  const deadline = options.deadline instanceof Date ? options.deadline.getTime() : options.deadline;
  const { marginMs, diagnoseIntervalMs, until } = options;
  const recheck = driver.diagnose ? options.recheck : 'never';
  const resume = options.resumeFrom;
  if (!resume) {
    const recheckedAt = driver.lastRecheckAt?.(id);
    return initialPollState({ id, now, deadline, recheck, marginMs, diagnoseIntervalMs, until, recheckedAt });
  }
  checkSavedState(resume, id);
  const saved: PollState = {
    ...resume,
    ...(deadline === undefined ? {} : { deadline, autoDeadline: false }),
    ...(recheck === undefined ? {} : { recheck }),
    ...(marginMs === undefined ? {} : { marginMs }),
    ...(diagnoseIntervalMs === undefined ? {} : { diagnoseIntervalMs }),
    ...(until === undefined ? {} : { until }),
  };
  return resumedPollState(saved, now, driver.lastRecheckAt?.(id));
}

const STATE_COUNTS = ['attempt', 'apiCalls', 'rechecks', 'diagnoses', 'busyPolls'] as const;
const STATE_TIMES = ['startedAt', 'scheduleStart', 'deadline', 'marginMs'] as const;
const STATE_OPTIONAL_TIMES = [
  'lastRecheckAt',
  'lastSnapshotAt',
  'lastDiagnoseAt',
  'lookAt',
  'wakeAt',
  'diagnoseIntervalMs',
] as const;

/**
 * A saved {@link PollState} as `resumeFrom` (read back from storage, so of any shape): the
 * version and id, and every field the step computes with, so that a damaged record is an
 * `InputError` and not a wait that polls in a tight loop or never ends.
 */
function checkSavedState(value: unknown, id: string): asserts value is PollState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('resumeFrom', value, 'must be a PollState saved from onState or a previous wait');
  }
  const state = value as Record<string, unknown>;
  if (state.v !== 1 || state.id !== id) {
    throw new InputError('resumeFrom', state.id, `is not a saved wait of custom hostname ${id}`);
  }
  const bad = (key: string, why: string) => new InputError(`resumeFrom.${key}`, state[key], why);
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  for (const key of STATE_TIMES) if (!finite(state[key])) throw bad(key, 'must be a finite number');
  for (const key of STATE_OPTIONAL_TIMES) {
    if (state[key] !== undefined && !finite(state[key])) throw bad(key, 'must be a finite number');
  }
  if ((state.marginMs as number) < 0) throw bad('marginMs', 'must be ≥ 0');
  if (state.diagnoseIntervalMs !== undefined && (state.diagnoseIntervalMs as number) < MIN_INTERVAL_MS) {
    throw bad('diagnoseIntervalMs', `must be at least ${MIN_INTERVAL_MS}`);
  }
  for (const key of STATE_COUNTS) {
    const n = state[key];
    if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0)) throw bad(key, 'must be a whole number ≥ 0');
  }
  if (state.nextCheckAt !== undefined && state.nextCheckAt !== null && !finite(state.nextCheckAt)) {
    throw bad('nextCheckAt', 'must be a finite number or null');
  }
  if (typeof state.autoDeadline !== 'boolean') throw bad('autoDeadline', 'must be true or false');
  if (state.recheck !== 'auto' && state.recheck !== 'never') throw bad('recheck', "must be 'auto' or 'never'");
  if (state.until !== undefined && state.until !== 'serving' && state.until !== 'ownership') {
    throw bad('until', "must be 'serving' or 'ownership'");
  }
  if (state.wakeFor !== undefined && state.wakeFor !== 'fetch' && state.wakeFor !== 'diagnose') {
    throw bad('wakeFor', "must be 'fetch' or 'diagnose'");
  }
}

/**
 * One read of a hostname, made as a wait makes its reads: transient failures retried (1 s,
 * 2 s, 4 s… at most 60 s) until `deadline`; a 404 is `ValidationFailedError` with reason
 * `deleted`, the deadline `PollTimeoutError`, an abort `AbortError`.
 *
 * @example
 * ```ts
 * host = await readHostname(driver, host, deadline, signal);
 * ```
 */
export function readHostname(
  driver: Pick<PollDriver, 'get' | 'clock'>,
  last: CustomHostname,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<CustomHostname> {
  return asAWait(
    last,
    deadline,
    signal,
    retrying((o) => driver.get(last.id, o), driver.clock, deadline, signal),
  );
}

/**
 * One PATCH of a hostname (`send`), made as a wait makes its reads: transient failures
 * retried (1 s, 2 s, 4 s… at most 60 s, a 429's `Retry-After` honoured) until `deadline`.
 * A failed PATCH may have landed (its answer lost): before sending it again the hostname is
 * read, and when `landed` says the PATCH took effect that snapshot is the answer. A 404 is
 * `ValidationFailedError` with reason `deleted`, the deadline `PollTimeoutError`, an abort
 * `AbortError`.
 *
 * @example
 * ```ts
 * host = await patchHostnameRetrying(driver, host, deadline, signal, (id, o) => saas.validation.recheck(id, o), (h) => h.ssl?.status === 'pending_validation');
 * ```
 */
export function patchHostnameRetrying(
  driver: Pick<PollDriver, 'get' | 'clock'>,
  last: CustomHostname,
  deadline: number,
  signal: AbortSignal | undefined,
  send: (id: string, options: { signal?: AbortSignal }) => Promise<CustomHostname>,
  landed: (host: CustomHostname) => boolean,
): Promise<CustomHostname> {
  let sent = false;
  const work = async (o: { signal?: AbortSignal }) => {
    if (sent) {
      const now = await driver.get(last.id, o);
      if (landed(now)) return now;
    }
    sent = true;
    return send(last.id, o);
  };
  return asAWait(last, deadline, signal, retrying(work, driver.clock, deadline, signal));
}

/** The outcome of a retried call, its errors as a wait's: `AbortError`, `PollTimeoutError`, `deleted`. */
async function asAWait(
  last: CustomHostname,
  deadline: number,
  signal: AbortSignal | undefined,
  call: Promise<{ value: CustomHostname }>,
): Promise<CustomHostname> {
  const what = `custom hostname ${last.hostname}`;
  try {
    return (await call).value;
  } catch (error) {
    if (signal?.aborted) throw error instanceof AbortError ? error : new AbortError(what, { cause: signal.reason });
    if (error instanceof DeadlineReached) throw new PollTimeoutError(deadline, last, what);
    if (error instanceof NotFoundError) throw new ValidationFailedError(DELETED_VERDICT, last, what);
    throw error;
  }
}

/**
 * Runs `work` until it succeeds, retrying transient failures; the waits use the clock and end
 * at the deadline. The n-th retry waits 2^(n-1) s, at most 60 s, or the `Retry-After` of a 429
 * when longer. Any other failure, and the signal's reason once it aborts, end it at once.
 */
async function retrying<T>(
  work: (o: { signal?: AbortSignal }) => Promise<T>,
  clock: Clock,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<{ value: T; calls: number }> {
  for (let calls = 1; ; calls++) {
    signal?.throwIfAborted();
    try {
      const value = await abortable(work(signal ? { signal } : {}), signal);
      signal?.throwIfAborted();
      return { value, calls };
    } catch (error) {
      if (!isTransient(error)) throw error;
      const delay = waitRetryDelayMs(error, calls - 1);
      const left = deadline - clock.now();
      await clock.sleep(Math.min(delay, Math.max(0, left)), signal);
      if (delay >= left) throw new DeadlineReached();
    }
  }
}

/** A diagnosis, or `null` when there is no snapshot yet or it failed (an abort still rejects). */
async function diagnoseQuietly(
  driver: PollDriver,
  hostname: CustomHostname | null,
  signal: AbortSignal | undefined,
): Promise<Diagnosis | null> {
  if (!driver.diagnose || !hostname) return null;
  try {
    return await abortable(driver.diagnose(hostname, signal ? { signal } : {}), signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    return null;
  }
}
