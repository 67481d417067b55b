/**
 * A sliding-window request budget per credential (§1.5).
 *
 * @example
 * ```ts
 * const limiter = new RequestBudget(1200, 300_000);
 * limiter.take('token', now); // { allowed: true, limit: 1200, remaining: 1199, retryAfterS: 0 }
 * ```
 */
export class RequestBudget {
  #used = new Map<string, { times: number[]; head: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Spends one request of `key`'s budget at `now`, unless it is used up. @example `limiter.take('key:owner@saasprovider.com', now)` */
  take(
    key: string,
    now: number,
  ): { allowed: boolean; limit: number; remaining: number; retryAfterS: number; resetAt: number } {
    let entry = this.#used.get(key);
    if (!entry) {
      entry = { times: [], head: 0 };
      this.#used.set(key, entry);
    }
    while (entry.head < entry.times.length && (entry.times[entry.head] as number) <= now - this.windowMs) entry.head++;
    if (entry.head > 1024 && entry.head * 2 > entry.times.length) {
      entry.times = entry.times.slice(entry.head);
      entry.head = 0;
    }
    const inWindow = entry.times.length - entry.head;
    const oldest = entry.times[entry.head];
    const resetAt = oldest === undefined ? now + this.windowMs : oldest + this.windowMs;
    if (inWindow >= this.limit) {
      return {
        allowed: false,
        limit: this.limit,
        remaining: 0,
        retryAfterS: Math.ceil((resetAt - now) / 1000),
        resetAt,
      };
    }
    entry.times.push(now);
    return { allowed: true, limit: this.limit, remaining: this.limit - inWindow - 1, retryAfterS: 0, resetAt };
  }
}

/**
 * The zone's certificate issuance budget (§8.4): at most `perMinute` successful submissions in
 * any 60 s; a refused submission is tried again later.
 *
 * @example
 * ```ts
 * const issuance = new IssuanceBudget(15);
 * issuance.trySubmit(now); // true for the first 15 within a minute
 * ```
 */
export class IssuanceBudget {
  #submitted: number[] = [];

  constructor(readonly perMinute: number) {}

  /** Counts a submission at `at` if the budget allows it. @example `issuance.trySubmit(now)` */
  trySubmit(at: number): boolean {
    const recent = this.#submitted.filter((t) => t > at - 60_000);
    this.#submitted = recent;
    if (recent.length >= this.perMinute) return false;
    recent.push(at);
    return true;
  }
}
