import type { Clock } from '../core/clock.js';

interface Sleeper {
  at: number;
  seq: number;
  resolve(): void;
  cancel(): void;
}

const DEFAULT_START = Date.parse('2026-01-05T09:00:00Z');

/** Each clock's way to hold its auto-advance: returns the function that lets it go. */
const holds = new WeakMap<VirtualClock, () => () => void>();

/** One real macrotask, so that in-flight promise chains (in-process requests) settle. */
function macrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Virtual time for tests: a week-long validation schedule takes no real time.
 *
 * - Manual mode (`autoAdvance: false`, the default for `new VirtualClock()`): time moves only
 *   through {@link VirtualClock.advance}, which wakes due sleepers in time order.
 * - Auto mode (the simulator's default): whenever sleepers are pending, the clock yields one
 *   real macrotask, jumps to the earliest sleeper's time and wakes it, one sleeper at a time;
 *   never while a request sent over loopback with `listen()`'s `clientOptions().fetch` is
 *   under way.
 *
 * An aborted sleep rejects with the signal's reason at once and leaves nothing behind.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock({ start: Date.parse('2026-01-05T09:00:00Z') });
 * const done = clock.sleep(60_000);
 * await clock.advance(60_000); // `done` is resolved, clock.now() moved one minute
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;
  #auto: boolean;
  #seq = 0;
  #sleepers: Sleeper[] = [];
  #tick: ReturnType<typeof setTimeout> | undefined;
  /** Work outside the process under way (requests over loopback): auto mode does not move time meanwhile. */
  #held = 0;

  constructor(options: { start?: number | undefined; autoAdvance?: boolean | undefined } = {}) {
    this.#now = options.start ?? DEFAULT_START;
    this.#auto = options.autoAdvance ?? false;
    holds.set(this, () => {
      this.#held += 1;
      return () => {
        this.#held -= 1;
        this.#scheduleTick();
      };
    });
  }

  /** Current virtual time, epoch ms. @example `new Date(clock.now()).toISOString()` */
  now(): number {
    return this.#now;
  }

  /** Whether sleepers wake on their own. @example `clock.autoAdvance = false` */
  get autoAdvance(): boolean {
    return this.#auto;
  }

  set autoAdvance(value: boolean) {
    this.#auto = value;
    if (value) this.#scheduleTick();
    else this.#cancelTick();
  }

  /** Sleepers waiting to wake. @example `expect(clock.pendingSleepers).toBe(0)` */
  get pendingSleepers(): number {
    return this.#sleepers.length;
  }

  /**
   * Resolves once virtual time reaches now + `ms` (at once for `ms <= 0`); rejects with
   * `signal.reason` as soon as the signal aborts.
   *
   * @example
   * ```ts
   * await clock.sleep(4 * 3600_000, AbortSignal.timeout(5_000));
   * ```
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      if (!(ms > 0)) {
        resolve();
        return;
      }
      const onAbort = () => {
        this.#remove(sleeper);
        reject(signal?.reason);
      };
      const sleeper: Sleeper = {
        at: this.#now + ms,
        seq: this.#seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        cancel: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#insert(sleeper);
      this.#scheduleTick();
    });
  }

  /**
   * Moves time forward by `ms`, waking due sleepers in time order with one real macrotask
   * after each, so the code they release runs before the next one wakes.
   *
   * @example
   * ```ts
   * await clock.advance(3 * 3600_000);
   * ```
   */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`advance needs a duration ≥ 0, got ${ms}`);
    const target = this.#now + ms;
    for (let next = this.#sleepers[0]; next !== undefined && next.at <= target; next = this.#sleepers[0]) {
      this.#sleepers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.resolve();
      await macrotask();
    }
    this.#now = Math.max(this.#now, target);
    await macrotask();
  }

  #insert(sleeper: Sleeper): void {
    let lo = 0;
    let hi = this.#sleepers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const other = this.#sleepers[mid] as Sleeper;
      if (other.at < sleeper.at || (other.at === sleeper.at && other.seq < sleeper.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#sleepers.splice(lo, 0, sleeper);
  }

  #remove(sleeper: Sleeper): void {
    const index = this.#sleepers.indexOf(sleeper);
    if (index >= 0) this.#sleepers.splice(index, 1);
    sleeper.cancel();
    if (this.#sleepers.length === 0) this.#cancelTick();
  }

  #scheduleTick(): void {
    if (!this.#auto || this.#tick !== undefined || this.#sleepers.length === 0 || this.#held > 0) return;
    this.#tick = setTimeout(() => {
      this.#tick = undefined;
      // Held since the tick was planned: the release plans the next one.
      if (!this.#auto || this.#held > 0) return;
      const next = this.#sleepers.shift();
      if (next) {
        this.#now = Math.max(this.#now, next.at);
        next.resolve();
      }
      this.#scheduleTick();
    }, 0);
  }

  #cancelTick(): void {
    if (this.#tick === undefined) return;
    clearTimeout(this.#tick);
    this.#tick = undefined;
  }
}

/**
 * Runs `work` with the clock's auto-advance held: time does not jump to the next sleeper
 * before it settles. For work the one macrotask auto mode lets pass does not cover, such as
 * a request over loopback HTTP, which the simulator must answer at the time it was sent.
 * Manual `advance()` is not held.
 *
 * @example
 * ```ts
 * const response = await holdingClock(sim.clock, () => fetch(`${server.baseUrl}/zones/${sim.zoneId}/custom_hostnames`));
 * ```
 */
export async function holdingClock<T>(clock: VirtualClock, work: () => Promise<T>): Promise<T> {
  const release = holds.get(clock)?.();
  try {
    return await work();
  } finally {
    release?.();
  }
}
