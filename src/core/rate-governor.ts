/**
 * A client-side rate governor: requests wait for budget instead of collecting 429s.
 *
 * Cloudflare allows 1,200 API requests per 5 minutes per credential (and 200 a second per IP
 * address) and issues at most 15 certificates per minute per zone. The governor keeps a sliding log of the last sends and
 * lets a request go only while fewer than the budget were sent in the trailing window. A
 * sliding log (rather than a refilling bucket) never puts more than the budget in any
 * window, whichever way the server aligns its windows, and still uses the whole budget.
 *
 * One governor serves one client and every client derived from it; pass the same instance
 * to several clients that share a credential. The request budget is the credential's, shared
 * by all of them; the issuance budget is each zone's own.
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
import { ConfigError, RateLimitError } from './errors.js';
import { TurnQueue } from './queue.js';

/** Budget settings. @example `{ requests: 1200, windowMs: 300_000, issuances: 15, issuanceWindowMs: 60_000 }` */
export interface RateGovernorOptions {
  /** Requests per window, for the credential (default 1,200). */
  requests?: number | undefined;
  /** Window length, ms (default 300,000). */
  windowMs?: number | undefined;
  /** Requests in any one second (default 200, Cloudflare's limit per IP address): a burst of calls is spread out. */
  requestsPerSecond?: number | undefined;
  /** Certificate issuances (creates) per issuance window, for each zone (default 15). */
  issuances?: number | undefined;
  /** Issuance window, ms (default 60,000). */
  issuanceWindowMs?: number | undefined;
  /** Clock to wait on (default the system clock; the simulator's virtual clock in tests). */
  clock?: Clock | undefined;
}

/** How long Cloudflare refuses a credential that went over its budget (§1.5). */
const CLOUDFLARE_BLOCK_MS = 300_000;

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

/** One zone's issuance budget and the creates queued for it. */
interface ZoneIssuances {
  log: SlidingLog;
  queue: TurnQueue;
}

/** What one {@link RateGovernor.acquire} asks for. @example `await governor.acquire({ issuance: true, zone: zoneId, signal })` */
export interface RateGovernorAcquireInput {
  /** Also one certificate issuance of `zone`. */
  issuance?: boolean | undefined;
  /** The zone id the issuance is for (one budget per zone; default: one shared budget). */
  zone?: string | undefined;
  signal?: AbortSignal | undefined;
  /**
   * The longest hold after a 429 to wait out, ms (default: any). A longer one, there when the
   * call comes or begun while it waits its turn, rejects it with a `RateLimitError`, not sent,
   * whose `retryAfter` is the seconds left of the hold.
   */
  maxHoldMs?: number | undefined;
  /** The request asking, named in that error (default: `acquire (rate governor)`). */
  request?: { method: string; path: string } | undefined;
}

/**
 * Sliding-window budget for API requests (per credential) and certificate issuances (per zone).
 *
 * @example
 * ```ts
 * const governor = new RateGovernor();
 * await governor.acquire({ issuance: false });
 * ```
 */
export class RateGovernor {
  readonly #requests: SlidingLog;
  readonly #perSecond: SlidingLog;
  readonly #issuanceLimit: number;
  readonly #issuanceWindowMs: number;
  /** Each zone's issuances, queued in order before each joins the request queue. */
  readonly #zones = new Map<string, ZoneIssuances>();
  readonly #clock: Clock;
  /** Every request, in order. */
  readonly #requestQueue = new TurnQueue();
  #waited = 0;
  #heldUntil = 0;

  /**
   * Checks the budget before anything waits on it: a count of 0, a negative window or a
   * NaN would otherwise stall every request or switch the budget off without a word.
   *
   * @throws ConfigError naming `rateLimit.<option>`
   *
   * @example
   * ```ts
   * const governor = new RateGovernor({ requests: 600 }); // half the credential's budget for this process
   * ```
   */
  constructor(options: RateGovernorOptions = {}) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new ConfigError('rateLimit', 'must be a RateGovernor, an object such as { requests: 600 }, or false');
    }
    this.#requests = new SlidingLog(
      wholeAtLeastOne(options.requests, 'requests', 1200),
      wholeAtLeastOne(options.windowMs, 'windowMs', 300_000),
    );
    this.#perSecond = new SlidingLog(wholeAtLeastOne(options.requestsPerSecond, 'requestsPerSecond', 200), 1000);
    this.#issuanceLimit = wholeAtLeastOne(options.issuances, 'issuances', 15);
    this.#issuanceWindowMs = wholeAtLeastOne(options.issuanceWindowMs, 'issuanceWindowMs', 60_000);
    const { clock } = options;
    if (clock !== undefined && (typeof clock?.now !== 'function' || typeof clock?.sleep !== 'function')) {
      throw new ConfigError('rateLimit.clock', 'must have now() and sleep(ms, signal)');
    }
    this.#clock = clock ?? systemClock;
  }

  /**
   * Waits (first come, first served) until one request, and one issuance of `zone` if asked,
   * fit the budget, then books them. Issuances first queue among themselves for their zone's
   * issuance budget, so creates waiting out the 15-a-minute limit hold up no other request
   * (nor another zone's creates); then, one at a time, they take their turn for the request
   * budget. Rejects with the signal's reason on abort, and with a `RateLimitError` for a hold
   * after a 429 longer than `maxHoldMs`.
   *
   * @example
   * ```ts
   * await governor.acquire({ issuance: true, zone: zoneId, signal });
   * ```
   */
  acquire(input: RateGovernorAcquireInput = {}): Promise<void> {
    const held = this.heldForMs();
    if (held > (input.maxHoldMs ?? Number.POSITIVE_INFINITY)) return Promise.reject(notSentForHold(input, held));
    const zone = input.issuance ? this.#zone(input.zone) : undefined;
    const book = () => this.#requestQueue.turn(input.signal, () => this.#waitFor(input, zone, true));
    if (!zone) return book();
    return zone.queue.turn(input.signal, async () => {
      await this.#waitFor(input, zone, false);
      await book();
    });
  }

  /** A zone id as the budget keys it: in lower case, as Cloudflare reads it. */
  #zone(zoneId = ''): ZoneIssuances {
    const id = zoneId.toLowerCase();
    let zone = this.#zones.get(id);
    if (!zone) {
      zone = { log: new SlidingLog(this.#issuanceLimit, this.#issuanceWindowMs), queue: new TurnQueue() };
      this.#zones.set(id, zone);
    }
    return zone;
  }

  /**
   * Sleeps until the budgets allow a request (when `book`) and an issuance of `zone` (when
   * given), and a hold after a 429 is over; then, when `book`, books the request and the issuance.
   */
  async #waitFor(input: RateGovernorAcquireInput, zone: ZoneIssuances | undefined, book: boolean): Promise<void> {
    const { signal, maxHoldMs = Number.POSITIVE_INFINITY } = input;
    for (;;) {
      const now = this.#clock.now();
      const held = this.#heldUntil - now;
      if (held > maxHoldMs) throw notSentForHold(input, held);
      const wait = Math.max(
        book ? Math.max(this.#requests.waitMs(now), this.#perSecond.waitMs(now)) : 0,
        zone ? zone.log.waitMs(now) : 0,
        held,
      );
      if (wait <= 0) break;
      try {
        await this.#clock.sleep(wait, signal);
      } finally {
        // The time waited, not the time planned: an abort can cut the sleep short.
        this.#waited += this.#clock.now() - now;
      }
    }
    if (!book) return;
    const now = this.#clock.now();
    this.#requests.record(now);
    this.#perSecond.record(now);
    zone?.log.record(now);
  }

  /**
   * Holds every request for `ms` from now: Cloudflare answered 429 and refuses this credential
   * for that long, whatever this governor counted (another process or tool may share the
   * credential). A client calls this itself on a 429 with `Retry-After`, and a new call that
   * would wait longer than its `maxRetryAfter` fails at once with `RateLimitError` instead of
   * waiting (see {@link RateGovernor.heldForMs}). A longer hold extends the current one, a
   * shorter one changes nothing; a hold lasts at most Cloudflare's 5-minute block (or this
   * governor's window when that is longer), whatever a broken `Retry-After` says.
   *
   * @example
   * ```ts
   * governor.holdFor(300_000); // the five-minute block after going over the budget
   * ```
   */
  holdFor(ms: number): void {
    if (!(ms > 0)) return;
    const until = this.#clock.now() + Math.min(ms, Math.max(this.#requests.windowMs, CLOUDFLARE_BLOCK_MS));
    this.#heldUntil = Math.max(this.#heldUntil, until);
  }

  /**
   * Ms left of the current hold (0 when there is none).
   *
   * @example
   * ```ts
   * if (governor.heldForMs() > 60_000) console.log('the credential is blocked for over a minute');
   * ```
   */
  heldForMs(): number {
    return Math.max(0, this.#heldUntil - this.#clock.now());
  }

  /**
   * Current use of the budget: the credential's requests, and the issuances of `zone` (without
   * one: of the zone that used most, which for a single zone is its own).
   *
   * @example
   * ```ts
   * governor.stats(); // { requestsInWindow: 37, requestLimit: 1200, issuancesInWindow: 2, issuanceLimit: 15, waitedMs: 0, heldForMs: 0 }
   * governor.stats(zoneId).issuancesInWindow; // that zone's issuances in the last minute
   * ```
   */
  stats(zone?: string): {
    requestsInWindow: number;
    requestLimit: number;
    issuancesInWindow: number;
    issuanceLimit: number;
    waitedMs: number;
    /** Ms left of a hold after a 429 (0: none). */
    heldForMs: number;
  } {
    const now = this.#clock.now();
    const zones = zone === undefined ? [...this.#zones.values()] : [this.#zones.get(zone.toLowerCase())];
    return {
      requestsInWindow: this.#requests.used(now),
      requestLimit: this.#requests.limit,
      issuancesInWindow: Math.max(0, ...zones.map((z) => z?.log.used(now) ?? 0)),
      issuanceLimit: this.#issuanceLimit,
      waitedMs: this.#waited,
      heldForMs: this.heldForMs(),
    };
  }
}

/**
 * The `RateLimitError` of a request the governor did not send: a 429 holds the credential for
 * longer than the caller waits, so it fails now, with `retryAfter` the seconds left of the hold.
 */
function notSentForHold(input: RateGovernorAcquireInput, heldForMs: number): RateLimitError {
  const retryAfter = Math.ceil(heldForMs / 1000);
  const message = `not sent: after a 429 every request waits ${retryAfter} s more, longer than maxRetryAfter`;
  const { method, path } = input.request ?? { method: 'acquire', path: '(rate governor)' };
  return new RateLimitError({ status: 429, method, path, errors: [message], retryAfter });
}
