import { InputError } from './errors.js';
import type { RequestOptions } from './http.js';

/** The per-request timeout when the client sets none, ms. @example `DEFAULT_TIMEOUT_MS // 30000` */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The longest timer the runtimes support (2^31 − 1 ms, about 24.8 days). @example `MAX_TIMEOUT_MS // 2147483647` */
export const MAX_TIMEOUT_MS = 2_147_483_647;
const MAX_RETRIES = 10;
const SHOWN_HEADER = '[not shown]';

/**
 * Checks an `AbortSignal` argument; `undefined` means none.
 *
 * @throws InputError naming `field` when it is anything else
 *
 * @example
 * ```ts
 * checkSignal(AbortSignal.timeout(5_000)); // ok
 * checkSignal('stop'); // InputError: options.signal "stop": must be an AbortSignal …
 * ```
 */
export function checkSignal(value: unknown, field = 'options.signal'): void {
  if (value === undefined || value instanceof AbortSignal) return;
  throw new InputError(field, value, 'must be an AbortSignal (from an AbortController or AbortSignal.timeout())');
}

/**
 * Checks the per-call options every method takes last, before anything is sent: `signal`
 * an AbortSignal, `timeout` ms from 1 to 2^31 − 1, `maxRetries` a whole number from 0 to
 * 10, `headers` an object of string values that are valid HTTP headers. Other keys are
 * left to the method that defines them. Header values are never shown in the error, as
 * they may hold credentials.
 *
 * @throws InputError naming `options` or `options.<name>`
 *
 * @example
 * ```ts
 * checkRequestOptions({ timeout: 5_000, maxRetries: 0 }); // ok
 * checkRequestOptions({ maxRetries: Infinity }); // InputError: options.maxRetries Infinity: must be a whole number from 0 to 10
 * ```
 */
export function checkRequestOptions(options: unknown): asserts options is RequestOptions | undefined {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InputError('options', options, 'must be an object such as { signal, timeout, maxRetries, headers }');
  }
  const { signal, timeout, maxRetries, headers } = options as Record<string, unknown>;
  checkSignal(signal);
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 1 && timeout <= MAX_TIMEOUT_MS)) {
    throw new InputError('options.timeout', timeout, `must be a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  }
  const retries = maxRetries as number;
  if (maxRetries !== undefined && !(Number.isInteger(retries) && retries >= 0 && retries <= MAX_RETRIES)) {
    throw new InputError('options.maxRetries', maxRetries, `must be a whole number from 0 to ${MAX_RETRIES}`);
  }
  if (headers !== undefined) checkHeaders(headers);
}

function checkHeaders(headers: unknown): void {
  const proto = typeof headers === 'object' && headers !== null ? Object.getPrototypeOf(headers) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new InputError('options.headers', SHOWN_HEADER, 'must be an object of header names to string values');
  }
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    const field = /^[A-Za-z0-9-]+$/.test(name) ? `options.headers.${name}` : `options.headers[${JSON.stringify(name)}]`;
    if (typeof value !== 'string') throw new InputError(field, SHOWN_HEADER, 'must be a string');
    try {
      new Headers([[name, value]]);
    } catch {
      throw new InputError(field, SHOWN_HEADER, 'is not a valid HTTP header (name a token, value without line breaks)');
    }
  }
}
