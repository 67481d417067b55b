/**
 * The retry policy, as pure functions: which calls may be sent again, and how long to wait.
 *
 * - Only GET, PUT, DELETE and HEAD are retried. POST and PATCH are not: a create whose
 *   answer was lost may have been stored, and sending it again would fail with 1406
 *   (use `customHostnames.createOrGet`, which reconciles by lookup).
 * - Retried: network failures, attempt timeouts, 408, 429 and 5xx.
 * - `Retry-After` (seconds or an HTTP date) is honoured; a wait longer than `maxRetryAfterMs`
 *   (default 60 s) is not waited out: the call fails at once with the `RateLimitError`
 *   carrying `retryAfter`, and the caller decides.
 * - Otherwise exponential backoff with jitter: 0.5 s, 1 s, 2 s, … capped at 8 s, minus up to 25 %.
 * - The waits (for a hostname, the fallback origin, a watch's sweeps) read again after a
 *   transient failure on their own schedule: 1 s, 2 s, 4 s… at most 60 s, or a longer `Retry-After`.
 *
 * @example
 * ```ts
 * retryDelayMs({ attempt: 0, retryAfter: undefined, maxRetryAfterMs: 60_000, random: () => 0 }); // 500
 * ```
 * @module
 */
import { APIError, ConnectionError, RateLimitError, TimeoutError } from './errors.js';

const RETRYABLE_METHODS = new Set(['GET', 'PUT', 'DELETE', 'HEAD']);
const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const WAIT_RETRY_BASE_MS = 1_000;
const WAIT_RETRY_CAP_MS = 60_000;

/** Default retries after the first attempt. @example `DEFAULT_MAX_RETRIES // 2` */
export const DEFAULT_MAX_RETRIES = 2;
/** Default longest `Retry-After` the client will wait out, ms. @example `DEFAULT_MAX_RETRY_AFTER_MS // 60000` */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether a failed attempt may be sent again: a safe method and a transient failure.
 *
 * @example
 * ```ts
 * isRetryable('GET', new ConnectionError('GET', '/x')); // true
 * isRetryable('POST', new ConnectionError('POST', '/x')); // false
 * ```
 */
export function isRetryable(method: string, error: unknown): boolean {
  return RETRYABLE_METHODS.has(method) && isTransient(error);
}

/**
 * Reads `Retry-After` as seconds from now: a number of seconds, or an HTTP date.
 *
 * @example
 * ```ts
 * parseRetryAfter('120', 0); // 120
 * parseRetryAfter('Thu, 01 Jan 1970 00:00:30 GMT', 0); // 30
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/**
 * How long to wait before retry number `attempt` (0-based), or `null` when the server asked
 * for a wait longer than the cap (do not retry: fail with the error).
 *
 * @example
 * ```ts
 * retryDelayMs({ attempt: 1, retryAfter: undefined, maxRetryAfterMs: 60_000, random: () => 0 }); // 1000
 * retryDelayMs({ attempt: 0, retryAfter: 5, maxRetryAfterMs: 60_000, random: Math.random }); // 5000
 * retryDelayMs({ attempt: 0, retryAfter: 3600, maxRetryAfterMs: 60_000, random: Math.random }); // null
 * ```
 */
export function retryDelayMs(input: {
  attempt: number;
  retryAfter: number | undefined;
  maxRetryAfterMs: number;
  random: () => number;
}): number | null {
  if (input.retryAfter !== undefined) {
    const ms = input.retryAfter * 1000;
    return ms > input.maxRetryAfterMs ? null : ms;
  }
  const backoff = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** input.attempt);
  return Math.round(backoff * (1 - input.random() * 0.25));
}

/**
 * Whether a failed read is worth making again, whatever its method: a 408, 429 or 5xx answer,
 * a network failure or an attempt timeout.
 *
 * @example
 * ```ts
 * isTransient(new ConnectionError('GET', '/x')); // true
 * ```
 */
export function isTransient(error: unknown): boolean {
  // `retryable` is 408, 429 or 5xx: never a 200 whose envelope said `success: false`.
  return (
    (error instanceof APIError && error.retryable) || error instanceof ConnectionError || error instanceof TimeoutError
  );
}

/**
 * How long a wait (for a hostname, the fallback origin, a watch's sweep) pauses after the
 * failed read that follows `failures` others: 1 s, 2 s, 4 s… at most 60 s, or the
 * `Retry-After` of a 429 when that is longer.
 *
 * @example
 * ```ts
 * waitRetryDelayMs(new ConnectionError('GET', '/x'), 2); // 4000
 * ```
 */
export function waitRetryDelayMs(error: unknown, failures: number): number {
  const asked = error instanceof RateLimitError && error.retryAfter !== undefined ? error.retryAfter * 1000 : 0;
  return Math.max(asked, Math.min(WAIT_RETRY_BASE_MS * 2 ** failures, WAIT_RETRY_CAP_MS));
}
