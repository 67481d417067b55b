import type { Clock } from '../core/clock.js';
import { sleepOrAbort } from '../core/clock.js';
import { PollTimeoutError, ValidationFailedError } from '../core/errors.js';
import { isTransient, waitRetryDelayMs } from '../core/retry.js';
import type { FallbackOrigin } from '../schemas/index.js';

const FAILED = new Set(['deployment_timed_out', 'deletion_timed_out']);

/** What waiting for the fallback origin needs. @example `{ get: (o) => saas.fallbackOrigin.get(o) }` */
export interface FallbackOriginReader {
  /** One read; the wait passes `maxRetries: 0` and retries transient failures itself. */
  get(options?: { signal?: AbortSignal; maxRetries?: number }): Promise<FallbackOrigin>;
}

/** Options of `fallbackOrigin.waitUntilActive`. @example `{ deadline: Date.now() + 600_000, intervalMs: 10_000 }` */
export interface WaitForFallbackOriginOptions {
  signal?: AbortSignal | undefined;
  /** Epoch ms (default: 30 minutes from now on the client's clock). */
  deadline?: number | undefined;
  /** Ms between reads (default 15,000; at least 1,000). */
  intervalMs?: number | undefined;
}

/**
 * Polls the fallback origin every `intervalMs` (default 15 s) until it is `active`.
 * Transient failures (408, 429 honouring `Retry-After`, 5xx, connection errors, timeouts)
 * are retried after 1 s, 2 s, 4 s… (at most 60 s) and never end the wait; no wait runs past
 * the deadline, where it rejects with `PollTimeoutError`. Any other error ends it as it is.
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
  const { signal } = options;
  let last: FallbackOrigin | null = null;
  // A deadline already past ends the wait before any request, as a hostname wait's does.
  if (clock.now() >= deadline) throw new PollTimeoutError(deadline, null, describe(null));
  for (;;) {
    const origin = await readUntil(reader, clock, deadline, signal, describe(last));
    if (!origin) throw new PollTimeoutError(deadline, last, describe(last));
    last = origin;
    if (origin.status === 'active') return origin;
    const what = describe(origin);
    if (origin.status && FAILED.has(origin.status)) {
      throw new ValidationFailedError(
        { reason: `${origin.status}: ${origin.errors?.join('; ') || 'no detail'}` },
        origin,
        what,
      );
    }
    const left = deadline - clock.now();
    if (left <= 0) throw new PollTimeoutError(deadline, origin, what);
    await sleepOrAbort(clock, Math.min(interval, left), signal, `waiting for ${what}`);
  }
}

/** Names the fallback origin in errors: by its origin once a read came in. */
function describe(origin: FallbackOrigin | null): string {
  return origin ? `fallback origin ${origin.origin}` : 'fallback origin';
}

/**
 * One read sent without the client's retries: a transient failure is retried here until the
 * deadline, each wait cut short at it. `undefined` when the deadline came first.
 */
async function readUntil(
  reader: FallbackOriginReader,
  clock: Clock,
  deadline: number,
  signal: AbortSignal | undefined,
  what: string,
): Promise<FallbackOrigin | undefined> {
  for (let failures = 0; ; failures++) {
    try {
      return await reader.get(signal ? { signal, maxRetries: 0 } : { maxRetries: 0 });
    } catch (error) {
      if (!isTransient(error)) throw error;
      const delay = waitRetryDelayMs(error, failures);
      const left = deadline - clock.now();
      await sleepOrAbort(clock, Math.min(delay, Math.max(0, left)), signal, `waiting for ${what}`);
      if (delay >= left) return undefined;
    }
  }
}
