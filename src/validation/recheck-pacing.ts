/**
 * The pacing of rechecks: at most one per minute per hostname, calls made together a minute
 * apart, and the time of each hostname's last recheck for {@link nextCheckAt} and for the
 * waits running on it (`onRecheck`). One pacing
 * belongs to a client's validation module, and a client made from it by `withOptions` shares
 * it, so two handles on one account never recheck a hostname twice in a minute.
 *
 * @example
 * ```ts
 * const pacing = new RecheckPacing();
 * const body = await pacing.turn(hostId, clock, signal, (sending) => patchWithCurrentSsl(hostId, sending));
 * pacing.lastRecheckAt(hostId, clock.now()); // clock.now() of that turn
 * ```
 * @module
 */
import { type Clock, sleepOrAbort } from '../core/clock.js';
import { APIError } from '../core/errors.js';
import { TurnQueue } from '../core/queue.js';
import { HOSTNAME_SCHEDULE_END_S } from './schedule.js';

/** The least time between two rechecks of one hostname, ms. @example `RECHECK_MIN_INTERVAL_MS // 60000` */
export const RECHECK_MIN_INTERVAL_MS = 60_000;

/**
 * Per-hostname turns for rechecks, a minute apart.
 *
 * @example
 * ```ts
 * const pacing = new RecheckPacing();
 * await Promise.all([pacing.turn(id, clock, undefined, read), pacing.turn(id, clock, undefined, read)]); // a minute apart
 * ```
 */
export class RecheckPacing {
  readonly #lastAt = new Map<string, number>();
  /**
   * Per hostname, a PATCH sent whose answer never came (a lost connection, a timeout): it may
   * have reached Cloudflare, so the next recheck waits its minute, but no schedule counts from it.
   */
  readonly #maybeAt = new Map<string, number>();
  /** Per hostname with rechecks waiting or running, their line. */
  readonly #lines = new Map<string, TurnQueue>();
  /** What to tell of each recheck: the waits and watches running on this client. */
  readonly #listeners = new Set<(hostId: string, at: number) => void>();

  /**
   * Calls `listener` with the hostname and time of each recheck made through this pacing
   * from now on, until the function it returns is called.
   *
   * @example
   * ```ts
   * const stop = pacing.onRecheck((hostId, at) => replan(hostId, at));
   * stop();
   * ```
   */
  onRecheck(listener: (hostId: string, at: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * When this hostname was last rechecked through this pacing (clock ms), if the schedule that
   * recheck started has not run out by `now`: an older one says nothing about Cloudflare's checks.
   *
   * @example `pacing.lastRecheckAt(id, clock.now())`
   */
  lastRecheckAt(hostId: string, now: number): number | undefined {
    const at = this.#lastAt.get(hostId);
    return at !== undefined && !scheduleRanOut(at, now) ? at : undefined;
  }

  /**
   * Runs `recheck` (the read and the PATCH) in the hostname's turn, a minute or more after its
   * last recheck, and notes the recheck as made when it succeeds. `recheck` calls `sending`
   * just before the PATCH goes out. A turn aborted while it waits, or whose `recheck` fails
   * before the PATCH or with Cloudflare's refusal (an `APIError`), notes nothing and hands on
   * to the next at once. A PATCH with no answer (a lost connection, a timeout, an abort) may have
   * reached Cloudflare: the next turn still waits a minute from it, though no listener hears of
   * it and {@link lastRecheckAt} does not count from it. The place in line is taken when this is
   * called, before any await.
   *
   * @example
   * ```ts
   * const host = await pacing.turn(id, clock, signal, async (sending) => {
   *   const body = recheckBody(await hosts.get(id));
   *   sending();
   *   return patch(id, body);
   * });
   * ```
   */
  async turn<T>(
    hostId: string,
    clock: Clock,
    signal: AbortSignal | undefined,
    recheck: (sending: () => void) => Promise<T>,
  ): Promise<T> {
    let result: T | undefined;
    await this.#line(hostId).turn(signal, async () => {
      const last = this.#lastSentAt(hostId);
      if (clock.now() - last < RECHECK_MIN_INTERVAL_MS) {
        await sleepOrAbort(clock, last + RECHECK_MIN_INTERVAL_MS - clock.now(), signal, `recheck ${hostId}`);
      }
      let sentAt: number | undefined;
      try {
        result = await recheck(() => {
          sentAt = clock.now();
        });
      } catch (error) {
        if (sentAt !== undefined && !(error instanceof APIError)) this.#maybe(hostId, sentAt);
        throw error;
      }
      const at = clock.now();
      this.#remember(hostId, at);
      for (const listener of this.#listeners) listener(hostId, at);
    });
    return result as T;
  }

  /**
   * Whether a recheck of this hostname asked for at `now` goes out at once: none waiting or
   * running, and none sent (or maybe sent) in the last minute.
   *
   * @example `if (pacing.isFree(id, clock.now())) await pacing.turn(id, clock, signal, send)`
   */
  isFree(hostId: string, now: number): boolean {
    return !this.#lines.has(hostId) && now - this.#lastSentAt(hostId) >= RECHECK_MIN_INTERVAL_MS;
  }

  /** The last PATCH sent for this hostname, answered or not (clock ms; `-Infinity`: none known). */
  #lastSentAt(hostId: string): number {
    return Math.max(this.#lastAt.get(hostId) ?? -Infinity, this.#maybeAt.get(hostId) ?? -Infinity);
  }

  /** The hostname's line of rechecks, kept while any is waiting or running. */
  #line(hostId: string): TurnQueue {
    const known = this.#lines.get(hostId);
    if (known) return known;
    const line: TurnQueue = new TurnQueue(() => {
      if (this.#lines.get(hostId) === line) this.#lines.delete(hostId);
    });
    this.#lines.set(hostId, line);
    return line;
  }

  /**
   * Notes a recheck, and forgets those whose schedule has run out, so a long-lived client over
   * a large fleet does not keep one per hostname for ever.
   */
  #remember(hostId: string, now: number): void {
    for (const [id, at] of this.#lastAt) {
      if (scheduleRanOut(at, now)) this.#lastAt.delete(id);
    }
    this.#forgetMaybes(now);
    this.#lastAt.set(hostId, now);
  }

  /** Notes a PATCH that may have landed, and forgets those over a minute old. */
  #maybe(hostId: string, at: number): void {
    this.#forgetMaybes(at);
    this.#maybeAt.set(hostId, at);
  }

  #forgetMaybes(now: number): void {
    for (const [id, at] of this.#maybeAt) {
      if (now - at >= RECHECK_MIN_INTERVAL_MS) this.#maybeAt.delete(id);
    }
  }
}

/** Whether the hostname schedule a recheck at `at` started has run out by `now`. */
function scheduleRanOut(at: number, now: number): boolean {
  return now - at >= HOSTNAME_SCHEDULE_END_S * 1000;
}
