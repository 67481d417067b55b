/**
 * What a {@link RequestBudget} says about one request: whether it may go, the values of the
 * `x-ratelimit-*` headers, and (when refused) when capacity returns.
 *
 * @example
 * ```ts
 * const verdict: BudgetVerdict = { allowed: true, limit: 1200, remaining: 1199, retryAfterS: 0, resetAt: now + 300_000 };
 * ```
 */
export interface BudgetVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds, rounded up, until capacity returns; `0` when allowed. */
  retryAfterS: number;
  /** Epoch ms when capacity returns: the end of the block when refused. */
  resetAt: number;
}

interface UserBudget {
  /** Arrival times of the accepted requests, oldest first; `times[head]` is the oldest in the window. */
  times: number[];
  head: number;
  /** Epoch ms until which every request is refused (`-Infinity`: not blocked). */
  blockedUntil: number;
}

/**
 * A user's request budget (§1.5): at most `limit` requests in any `windowMs` (a sliding
 * window). The request that would exceed it is refused and starts a block: every request in
 * the next `blockMs` is refused too, and none of the refused ones counts.
 *
 * The reference does not say how the window counts once a block is over; here it starts
 * afresh: the requests accepted before the block are forgotten, so the whole `limit` is
 * available again at the end of the block.
 *
 * @example
 * ```ts
 * const limiter = new RequestBudget(1200, 300_000, 300_000);
 * limiter.take('user:owner@saasprovider.com', now); // { allowed: true, limit: 1200, remaining: 1199, … }
 * ```
 */
export class RequestBudget {
  #users = new Map<string, UserBudget>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    readonly blockMs: number = windowMs,
  ) {}

  /** Spends one request of `key`'s budget at `now`, unless it is used up or blocked. @example `limiter.take('user:owner@saasprovider.com', now)` */
  take(key: string, now: number): BudgetVerdict {
    const user = this.#user(key);
    if (now < user.blockedUntil) return this.#refusal(user, now);
    const inWindow = forgetUpTo(user, now - this.windowMs);
    if (inWindow >= this.limit) {
      user.blockedUntil = now + this.blockMs;
      user.times = [];
      user.head = 0;
      return this.#refusal(user, now);
    }
    const oldest = user.times[user.head] ?? now;
    user.times.push(now);
    return {
      allowed: true,
      limit: this.limit,
      remaining: this.limit - inWindow - 1,
      retryAfterS: 0,
      resetAt: oldest + this.windowMs,
    };
  }

  #user(key: string): UserBudget {
    let user = this.#users.get(key);
    if (!user) {
      user = { times: [], head: 0, blockedUntil: Number.NEGATIVE_INFINITY };
      this.#users.set(key, user);
    }
    return user;
  }

  #refusal(user: UserBudget, now: number): BudgetVerdict {
    return {
      allowed: false,
      limit: this.limit,
      remaining: 0,
      retryAfterS: Math.ceil((user.blockedUntil - now) / 1000),
      resetAt: user.blockedUntil,
    };
  }
}

/**
 * The rate-limit headers of an answer (§1.5): `x-ratelimit-limit` and `x-ratelimit-remaining`
 * always; on a refusal also `retry-after` and `x-ratelimit-reset`, both rounded up to the
 * second so that neither points before the end of the block.
 *
 * @example
 * ```ts
 * rateLimitHeaders(limiter.take(key, now))['x-ratelimit-remaining']; // '1199'
 * ```
 */
export function rateLimitHeaders(verdict: BudgetVerdict): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(verdict.limit),
    'x-ratelimit-remaining': String(verdict.remaining),
  };
  if (!verdict.allowed) {
    headers['retry-after'] = String(verdict.retryAfterS);
    headers['x-ratelimit-reset'] = new Date(Math.ceil(verdict.resetAt / 1000) * 1000).toUTCString();
  }
  return headers;
}

/** Drops the requests at or before `cutoff` from the window; returns how many are left in it. */
function forgetUpTo(user: UserBudget, cutoff: number): number {
  while (user.head < user.times.length && (user.times[user.head] as number) <= cutoff) user.head++;
  if (user.head > 1024 && user.head * 2 > user.times.length) {
    user.times = user.times.slice(user.head);
    user.head = 0;
  }
  return user.times.length - user.head;
}

/**
 * The zone's certificate issuance budget (§8.4): at most `perMinute` successful submissions (a
 * create answered 200, or an edit that re-issues) in any 60 s. The submission that goes over
 * blocks new issuance for `blockMs` (30 s): it is still accepted, but its certificate, and the
 * certificate of every submission made during the block, cannot be issued before the block
 * ends. Certificates submitted before it are not held back. Every submission counts, the ones
 * made during a block too, so a zone still over the limit when a block ends is blocked again
 * by its next submission.
 *
 * @example
 * ```ts
 * const issuance = new IssuanceBudget(15);
 * issuance.submit(now); // `now` for the first 15 within a minute; then `now + 30_000`, the end of the block
 * ```
 */
export class IssuanceBudget {
  #submitted: number[] = [];
  #head = 0;
  #blockedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    readonly perMinute: number,
    readonly blockMs = 30_000,
    readonly windowMs = 60_000,
  ) {}

  /**
   * Counts a submission at `at` (times never go back) and says when its certificate may be
   * issued at the earliest: `at`, or the end of the block it falls in (or starts).
   *
   * @example `issuance.submit(now)`
   */
  submit(at: number): number {
    let head = this.#head;
    while (head < this.#submitted.length && (this.#submitted[head] as number) <= at - this.windowMs) head++;
    if (head > 1024 && head * 2 > this.#submitted.length) {
      this.#submitted = this.#submitted.slice(head);
      head = 0;
    }
    this.#head = head;
    this.#submitted.push(at);
    if (this.#submitted.length - head > this.perMinute && at >= this.#blockedUntil) {
      this.#blockedUntil = at + this.blockMs;
    }
    return Math.max(at, this.#blockedUntil);
  }
}
