import { AbortError } from './errors.js';
import { checkSignal } from './request-options.js';

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

/** The longest delay `setTimeout` takes as it is: past it, a timer fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
        const step = Math.min(left, MAX_TIMER_MS);
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
