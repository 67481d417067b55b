/**
 * Checks of the options of the waiting calls (`fallbackOrigin.waitUntilActive`,
 * `validation.migrate`, `validation.waitUntilActive`, `validation.watch`): a deadline is a
 * time, an interval is at least a second, so that no wait polls the API in a tight loop or
 * never ends.
 *
 * @example
 * ```ts
 * checkWaitOptions({ deadline: Date.now() + 600_000, intervalMs: 10_000 });
 * checkWaitOptions({ intervalMs: 0 }); // InputError: intervalMs 0: must be a finite number ≥ 1000
 * ```
 * @module
 */
import { InputError } from '../core/errors.js';
import { checkSignal } from '../core/request-options.js';
import type { CreateCustomHostnameParams } from '../custom-hostnames/params.js';
import { checkCreateParams } from './custom-hostname-params.js';
import { isHttpUrl, kindOf, requirePlainObject } from './fields.js';

/** The shortest interval a wait may poll at, ms. */
export const MIN_INTERVAL_MS = 1_000;

/**
 * Throws `InputError(field, value, …)` unless the value is undefined or a finite number ≥ `min`.
 *
 * @example
 * ```ts
 * checkAtLeast(2_000, 'marginMs', 0); // ok
 * checkAtLeast(Number.NaN, 'marginMs', 0); // InputError: marginMs NaN: must be a finite number ≥ 0
 * ```
 */
export function checkAtLeast(value: unknown, field: string, min: number): void {
  if (value === undefined || (typeof value === 'number' && Number.isFinite(value) && value >= min)) return;
  throw new InputError(field, value, `must be a finite number ≥ ${min}`);
}

/**
 * Checks a waiting call's options object, if given: an object; `signal` an AbortSignal;
 * `deadline` a time in epoch ms; `intervalMs` at least {@link MIN_INTERVAL_MS}; `onProgress`
 * a function; `confirmSwitch` a boolean.
 *
 * @example
 * ```ts
 * checkWaitOptions(options); // before the first request of fallbackOrigin.waitUntilActive(options)
 * ```
 */
export function checkWaitOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InputError(
      'options',
      options,
      `must be an object such as { deadline, intervalMs } (got ${kindOf(options)})`,
    );
  }
  const { signal, deadline, intervalMs, onProgress, confirmSwitch } = options as Record<string, unknown>;
  checkSignal(signal);
  if (deadline !== undefined && !(typeof deadline === 'number' && Number.isFinite(deadline))) {
    throw new InputError('deadline', deadline, 'must be a time in epoch milliseconds, e.g. Date.now() + 3_600_000');
  }
  checkAtLeast(intervalMs, 'intervalMs', MIN_INTERVAL_MS);
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new InputError('onProgress', onProgress, `must be a function (got ${kindOf(onProgress)})`);
  }
  if (confirmSwitch !== undefined && typeof confirmSwitch !== 'boolean') {
    throw new InputError('confirmSwitch', confirmSwitch, 'must be true or false');
  }
}

/**
 * Checks the options of `validation.waitUntilActive` (and of the poll loop under it), if
 * given: as {@link checkWaitOptions} for `signal`, `deadline` (also a valid `Date`) and
 * `onProgress`; `marginMs` ≥ 0; `diagnoseIntervalMs` at least {@link MIN_INTERVAL_MS};
 * `recheck` `'auto'` or `'never'`; `until` `'serving'` or `'ownership'`; `resolver` an
 * http(s) URL; `resumeFrom` an object (its fields are checked against the hostname later).
 *
 * @example
 * ```ts
 * checkPollOptions({ recheck: 'auto', marginMs: 12_000 });
 * checkPollOptions({ recheck: 'always' }); // InputError: recheck "always": must be 'auto' or 'never'
 * ```
 */
export function checkPollOptions(options: unknown): void {
  if (options === undefined) return;
  const { deadline, marginMs, diagnoseIntervalMs, recheck, until, resolver, resumeFrom, ...rest } = requirePlainObject(
    options,
    'options',
  );
  checkWaitOptions({ ...rest, deadline: deadline instanceof Date ? deadline.getTime() : deadline });
  checkAtLeast(marginMs, 'marginMs', 0);
  checkAtLeast(diagnoseIntervalMs, 'diagnoseIntervalMs', MIN_INTERVAL_MS);
  if (recheck !== undefined && recheck !== 'auto' && recheck !== 'never') {
    throw new InputError('recheck', recheck, "must be 'auto' or 'never'");
  }
  if (until !== undefined && until !== 'serving' && until !== 'ownership') {
    throw new InputError('until', until, "must be 'serving' or 'ownership'");
  }
  checkResolver(resolver);
  if (resumeFrom !== undefined && (typeof resumeFrom !== 'object' || resumeFrom === null)) {
    throw new InputError('resumeFrom', resumeFrom, 'must be a PollState saved from onProgress');
  }
}

/**
 * Throws `InputError('resolver', …)` unless the value is undefined or an http(s) URL (a
 * DNS-over-HTTPS JSON endpoint).
 *
 * @example
 * ```ts
 * checkResolver('https://cloudflare-dns.com/dns-query'); // ok
 * ```
 */
export function checkResolver(value: unknown): void {
  if (value === undefined || isHttpUrl(value)) return;
  throw new InputError('resolver', value, 'must be an http(s) URL of a DNS-over-HTTPS endpoint');
}

/**
 * Checks `validation.migrate(params, options)` before anything is sent: `params` as for a
 * create with `ssl.method` `http` and `ssl.type` `dv` (what the migration creates), `options`
 * as {@link checkWaitOptions}. Returns the parameters of that create.
 *
 * @example
 * ```ts
 * checkMigrationArgs({ hostname: 'Shop.Customer.com' }, { intervalMs: 30_000 });
 * // { hostname: 'shop.customer.com', ssl: { method: 'http', type: 'dv' } }
 * checkMigrationArgs({ hostname: '10.0.0.1' }, {}); // InputError: hostname "10.0.0.1": …
 * ```
 */
export function checkMigrationArgs(params: unknown, options: unknown): CreateCustomHostnameParams {
  const input = requirePlainObject(params, 'params');
  const ssl = input.ssl === undefined ? {} : requirePlainObject(input.ssl, 'ssl');
  // What migrate sets itself: a value that says otherwise is a mistake, not something to overwrite.
  for (const [key, only] of [
    ['method', 'http'],
    ['type', 'dv'],
    ['wildcard', false],
  ] as const) {
    if (ssl[key] !== undefined && ssl[key] !== only) {
      const why = `migrate validates the certificate by an HTTP token on the current origin: leave it out (it is ${only})`;
      throw new InputError(`ssl.${key}`, ssl[key], why);
    }
  }
  const create = checkCreateParams({ ...input, ssl: { ...ssl, method: 'http', type: 'dv' } });
  if (create.hostname.startsWith('*.')) {
    // §7.1 1448 and §6.3: no Cloudflare-issued certificate for a wildcard hostname, and no HTTP DCV for one.
    throw new InputError(
      'hostname',
      input.hostname,
      'a wildcard hostname cannot be migrated: its certificate cannot be validated by an HTTP token',
    );
  }
  checkWaitOptions(options);
  return create;
}
