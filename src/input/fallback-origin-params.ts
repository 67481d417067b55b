import { InputError } from '../core/errors.js';
import type { FallbackOriginParams } from '../custom-hostnames/params.js';
import { rejectUnknownKeys, requirePlainObject } from './fields.js';
import { normalizeHostname } from './hostname.js';

/**
 * Checks the body of a fallback origin update and returns a normalised copy: `origin`
 * is required and must be a hostname (no wildcard), the name of a proxied A/AAAA/CNAME
 * record in the SaaS zone.
 *
 * @throws InputError naming `origin` (or the unknown field)
 *
 * @example
 * ```ts
 * checkFallbackOriginParams({ origin: 'Fallback.SaaS-Provider.com' }); // { origin: 'fallback.saas-provider.com' }
 * checkFallbackOriginParams({ origin: '203.0.113.7' });
 * // InputError: origin "203.0.113.7": an IP address is not a hostname
 * ```
 */
export function checkFallbackOriginParams(params: unknown): FallbackOriginParams {
  const input = requirePlainObject(params, 'params');
  rejectUnknownKeys(input, ['origin']);
  if (input.origin === undefined) {
    throw new InputError(
      'origin',
      undefined,
      'is required: a proxied DNS record of the SaaS zone, as in "fallback.saas-provider.com"',
    );
  }
  return { origin: normalizeHostname(input.origin, 'origin', { wildcard: false }) };
}
