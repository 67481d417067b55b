import { AbortError } from './errors.js';
import { checkSignal, MAX_TIMEOUT_MS } from './request-options.js';

/**
 * Time as the client sees it. The default is the system clock; tests and the simulator pass
 * a virtual clock so that retry waits and a 7-day validation schedule take no real time.
 *
 * @example
 * ```ts
 * import { createSimulator } from 'cloudflare-custom-hostnames/testing';
 * const sim = createSimulator();
 * const saas = new CloudflareSaaS({ apiToken: sim.apiToken, zoneId: sim.zoneId, fetch: sim.fetch, clock: sim.clock });
 * ```
 */
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts, leaving no timer. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `Date.now()` and `setTimeout`, cleared on abort. A sleep longer than a timer
 * can take (about 24.8 days) is slept in steps.
 *
 * @example
 * ```ts
 * await systemClock.sleep(100, AbortSignal.timeout(50)); // rejects after 50 ms
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      let left = Math.max(0, ms);
      const arm = (): ReturnType<typeof setTimeout> => {
        // Past the longest timer, setTimeout would fire at once.
        const step = Math.min(left, MAX_TIMEOUT_MS);
        left -= step;
        return setTimeout(() => {
          if (left > 0) {
            timer = arm();
            return;
          }
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, step);
      };
      let timer = arm();
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

/**
 * Waits on the clock, turning an abort into {@link AbortError}.
 *
 * @example
 * ```ts
 * await sleepOrAbort(clock, 1000, signal, 'waiting for a retry');
 * ```
 */
export async function sleepOrAbort(
  clock: Clock,
  ms: number,
  signal: AbortSignal | undefined,
  what: string,
): Promise<void> {
  checkSignal(signal);
  try {
    await clock.sleep(ms, signal);
  } catch (reason) {
    throw new AbortError(what, { cause: reason });
  }
}

/**
 * Sleeps on a clock that news can cut short: {@link WakeableSleep.wake} ends the sleep
 * under way, or the next one at once when none is, so a loop asleep until its next planned
 * step takes in what changed meanwhile. An abort rejects with {@link AbortError}, as
 * {@link sleepOrAbort} does.
 *
 * @example
 * ```ts
 * const sleeper = new WakeableSleep(clock);
 * onNews(() => sleeper.wake());
 * const woken = await sleeper.sleepUntil(nextStepAt, signal, 'waiting for the next check');
 * ```
 */
export class WakeableSleep {
  readonly #clock: Clock;
  #woken = false;
  #cut: (() => void) | undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Ends the sleep under way, or the next one at once. @example `sleeper.wake()` */
  wake(): void {
    this.#woken = true;
    this.#cut?.();
  }

  /**
   * Sleeps until `until` (clock ms). Resolves `true` when woken (during it, or since the last
   * sleep), `false` when the time came.
   *
   * @example
   * ```ts
   * if (await sleeper.sleepUntil(clock.now() + 60_000, signal, 'watch')) replan();
   * ```
   */
  async sleepUntil(until: number, signal: AbortSignal | undefined, what: string): Promise<boolean> {
    if (!this.#woken) {
      const timer = new AbortController();
      const onAbort = () => timer.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#cut = () => timer.abort();
      try {
        if (signal?.aborted) throw signal.reason;
        await this.#clock.sleep(Math.max(0, until - this.#clock.now()), timer.signal);
      } catch (reason) {
        if (!this.#woken || signal?.aborted) throw new AbortError(what, { cause: signal?.reason ?? reason });
      } finally {
        this.#cut = undefined;
        signal?.removeEventListener('abort', onAbort);
      }
    }
    const woken = this.#woken;
    this.#woken = false;
    return woken;
  }
}
