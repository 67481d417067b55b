/**
 * A client-side rate governor: requests wait for budget instead of collecting 429s.
 *
 * Cloudflare allows 1,200 API requests per 5 minutes per credential and issues at most 15
 * certificates per minute per zone. The governor keeps a sliding log of the last sends and
 * lets a request go only while fewer than the budget were sent in the trailing window. A
 * sliding log (rather than a refilling bucket) never puts more than the budget in any
 * window, whichever way the server aligns its windows, and still uses the whole budget.
 *
 * One governor serves one client and every client derived from it; pass the same instance
 * to several clients that share a credential.
 *
 * @example
 * ```ts
 * const governor = new RateGovernor({ requests: 1200, windowMs: 300_000 });
 * const a = new CloudflareSaaS({ apiToken, zoneId: zoneA, rateLimit: governor });
 * const b = new CloudflareSaaS({ apiToken, zoneId: zoneB, rateLimit: governor });
 * ```
 * @module
 */

import { kindOf } from '../input/fields.js';
import { type Clock, systemClock } from './clock.js';
import { ConfigError } from './errors.js';

/** Budget settings. @example `{ requests: 1200, windowMs: 300_000, issuances: 15, issuanceWindowMs: 60_000 }` */
export interface RateGovernorOptions {
  /** Requests per window (default 1,200). */
  requests?: number;
  /** Window length, ms (default 300,000). */
  windowMs?: number;
  /** Certificate issuances (creates) per issuance window (default 15). */
  issuances?: number;
  /** Issuance window, ms (default 60,000). */
  issuanceWindowMs?: number;
  /** Clock to wait on (default the system clock; the simulator's virtual clock in tests). */
  clock?: Clock;
}

/** The option's value when it is a whole number ≥ 1 (or its default when not given), else a `ConfigError`. */
function wholeAtLeastOne(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  throw new ConfigError(
    `rateLimit.${option}`,
    `must be a whole number ≥ 1 (got ${typeof value === 'number' ? String(value) : kindOf(value)})`,
  );
}

class SlidingLog {
  readonly #times: number[] = [];
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}
  /** Ms until one more send fits (0 = now). */
  waitMs(now: number): number {
    while (this.#times.length > 0 && (this.#times[0] as number) <= now - this.windowMs) this.#times.shift();
    if (this.#times.length < this.limit) return 0;
    return (this.#times[0] as number) + this.windowMs - now;
  }
  record(now: number): void {
    this.#times.push(now);
  }
  used(now: number): number {
    this.waitMs(now);
    return this.#times.length;
  }
}

/**
 * Sliding-window budget for API requests and certificate issuances.
 *
 * @example
 * ```ts
 * const governor = new RateGovernor();
 * await governor.acquire({ issuance: false });
 * ```
 */
export class RateGovernor {
  readonly #requests: SlidingLog;
  readonly #issuances: SlidingLog;
  readonly #clock: Clock;
  #tail: Promise<void> = Promise.resolve();
  #waited = 0;
  #heldUntil = 0;

  /**
   * Checks the budget before anything waits on it: a count of 0, a negative window or a
   * NaN would otherwise stall every request or switch the budget off without a word.
   *
   * @throws ConfigError naming `rateLimit.<option>`
   */
  constructor(options: RateGovernorOptions = {}) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new ConfigError('rateLimit', 'must be a RateGovernor, an object such as { requests: 600 }, or false');
    }
    this.#requests = new SlidingLog(
      wholeAtLeastOne(options.requests, 'requests', 1200),
      wholeAtLeastOne(options.windowMs, 'windowMs', 300_000),
    );
    this.#issuances = new SlidingLog(
      wholeAtLeastOne(options.issuances, 'issuances', 15),
      wholeAtLeastOne(options.issuanceWindowMs, 'issuanceWindowMs', 60_000),
    );
    const { clock } = options;
    if (clock !== undefined && (typeof clock?.now !== 'function' || typeof clock?.sleep !== 'function')) {
      throw new ConfigError('rateLimit.clock', 'must have now() and sleep(ms, signal)');
    }
    this.#clock = clock ?? systemClock;
  }

  /**
   * Waits (first come, first served) until one request, and one issuance if asked, fit the
   * budget, then books them. Rejects with the signal's reason on abort.
   *
   * @example
   * ```ts
   * await governor.acquire({ issuance: true, signal });
   * ```
   */
  acquire(input: { issuance?: boolean; signal?: AbortSignal | undefined } = {}): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    const turn = async () => {
      await abortable(previous, input.signal);
      for (;;) {
        const now = this.#clock.now();
        const wait = Math.max(
          this.#requests.waitMs(now),
          input.issuance ? this.#issuances.waitMs(now) : 0,
          this.#heldUntil - now,
        );
        if (wait <= 0) break;
        this.#waited += wait;
        await this.#clock.sleep(wait, input.signal);
      }
      const now = this.#clock.now();
      this.#requests.record(now);
      if (input.issuance) this.#issuances.record(now);
    };
    const done = turn();
    // The next caller may go once this one has booked, or once the one before it has finished (on abort).
    done.then(release, () => previous.then(release));
    return done;
  }

  /**
   * Holds every request until `time` (epoch ms): Cloudflare answered 429 and blocks this
   * credential until then, whatever this governor counted (another process, another tool
   * may share the credential). Requests waiting in {@link RateGovernor.acquire} wait on
   * instead of each collecting a 429. A client calls this itself on a 429 with `Retry-After`;
   * a later time extends the hold, an earlier one changes nothing.
   *
   * @example
   * ```ts
   * governor.holdUntil(Date.now() + 300_000); // the five-minute block after going over the budget
   * ```
   */
  holdUntil(time: number): void {
    if (Number.isFinite(time)) this.#heldUntil = Math.max(this.#heldUntil, time);
  }

  /**
   * Current use of the budget.
   *
   * @example
   * ```ts
   * governor.stats(); // { requestsInWindow: 37, requestLimit: 1200, issuancesInWindow: 2, issuanceLimit: 15, waitedMs: 0, heldUntil: 0 }
   * ```
   */
  stats(): {
    requestsInWindow: number;
    requestLimit: number;
    issuancesInWindow: number;
    issuanceLimit: number;
    waitedMs: number;
    /** Epoch ms until which a 429 holds every request (0 or a past time: no hold). */
    heldUntil: number;
  } {
    const now = this.#clock.now();
    return {
      requestsInWindow: this.#requests.used(now),
      requestLimit: this.#requests.limit,
      issuancesInWindow: this.#issuances.used(now),
      issuanceLimit: this.#issuances.limit,
      waitedMs: this.#waited,
      heldUntil: this.#heldUntil,
    };
  }
}

function abortable(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
