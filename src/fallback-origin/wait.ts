import type { Clock } from '../core/clock.js';
import { sleepOrAbort } from '../core/clock.js';
import { PollTimeoutError, ValidationFailedError } from '../core/errors.js';
import type { FallbackOrigin } from '../schemas/index.js';

const FAILED = new Set(['deployment_timed_out', 'deletion_timed_out']);

/** What waiting for the fallback origin needs. @example `{ get: () => saas.fallbackOrigin.get() }` */
export interface FallbackOriginReader {
  get(options?: { signal?: AbortSignal }): Promise<FallbackOrigin>;
}

/** Options of `fallbackOrigin.waitUntilActive`. @example `{ deadline: Date.now() + 600_000, intervalMs: 10_000 }` */
export interface WaitForFallbackOriginOptions {
  signal?: AbortSignal;
  /** Epoch ms (default: 30 minutes from now on the client's clock). */
  deadline?: number;
  /** Ms between reads (default 15,000; at least 1,000). */
  intervalMs?: number;
}

/**
 * Polls the fallback origin every `intervalMs` (default 15 s) until it is `active`.
 *
 * @example
 * ```ts
 * await waitForFallbackOrigin(reader, systemClock, { deadline: Date.now() + 600_000 });
 * ```
 */
export async function waitForFallbackOrigin(
  reader: FallbackOriginReader,
  clock: Clock,
  options: WaitForFallbackOriginOptions,
): Promise<FallbackOrigin> {
  const deadline = options.deadline ?? clock.now() + 30 * 60_000;
  const interval = options.intervalMs ?? 15_000;
  for (;;) {
    const origin = await reader.get(options.signal ? { signal: options.signal } : {});
    if (origin.status === 'active') return origin;
    const what = `fallback origin ${origin.origin}`;
    if (origin.status && FAILED.has(origin.status)) {
      throw new ValidationFailedError(
        { reason: `${origin.status}: ${origin.errors?.join('; ') || 'no detail'}` },
        origin,
        what,
      );
    }
    const left = deadline - clock.now();
    if (left <= 0) throw new PollTimeoutError(deadline, origin, what);
    await sleepOrAbort(clock, Math.min(interval, left), options.signal, `waiting for ${what}`);
  }
}
