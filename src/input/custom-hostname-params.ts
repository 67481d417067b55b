import { InputError } from '../core/errors.js';
import type { CreateCustomHostnameParams, EditCustomHostnameParams } from '../custom-hostnames/params.js';
import { rejectUnknownKeys, requirePlainObject } from './fields.js';
import { normalizeHostname } from './hostname.js';
import { checkCustomMetadata } from './metadata.js';
import { checkSslInput } from './ssl.js';

/**
 * Create and edit bodies of a custom hostname. Each check returns a normalised copy
 * (hostnames in ASCII lower case, fields holding `undefined` dropped) and never changes
 * its argument.
 *
 * @example
 * ```ts
 * checkCreateParams({ hostname: 'App.Customer-One.com.' }); // { hostname: 'app.customer-one.com' }
 * ```
 * @module
 */

const EDIT_FIELDS = ['ssl', 'custom_metadata', 'custom_origin_server', 'custom_origin_sni'] as const;
// Spread in a function marked pure: a bundle that checks no create parameters leaves it out.
const CREATE_FIELDS = /* @__PURE__ */ (() => ['hostname', ...EDIT_FIELDS] as const)();
/** The `custom_origin_sni` value that sends the request's own Host header as SNI. */
const REQUEST_HOST_HEADER = ':request_host_header:';

/** The fields create and edit share, checked and copied. */
function checkSharedFields(input: Record<string, unknown>): EditCustomHostnameParams {
  const out: EditCustomHostnameParams = {};
  if (input.ssl !== undefined) out.ssl = checkSslInput(input.ssl, 'ssl');
  if (input.custom_metadata !== undefined) out.custom_metadata = checkCustomMetadata(input.custom_metadata);
  if (input.custom_origin_server !== undefined) {
    out.custom_origin_server = normalizeHostname(input.custom_origin_server, 'custom_origin_server', {
      wildcard: false,
    });
  }
  if (input.custom_origin_sni !== undefined) {
    out.custom_origin_sni =
      input.custom_origin_sni === REQUEST_HOST_HEADER
        ? REQUEST_HOST_HEADER
        : normalizeHostname(input.custom_origin_sni, 'custom_origin_sni', { wildcard: false });
  }
  return out;
}

/**
 * Checks the body of a create and returns a normalised copy. `hostname` is required;
 * unknown fields are rejected with the list of allowed ones; custom metadata on a
 * wildcard hostname is rejected (Cloudflare code 1412).
 *
 * @throws InputError naming the field at fault
 *
 * @example
 * ```ts
 * checkCreateParams({ hostname: 'Bücher.Customer-One.com', ssl: { method: 'txt', type: 'dv' } });
 * // { hostname: 'xn--bcher-kva.customer-one.com', ssl: { method: 'txt', type: 'dv' } }
 * checkCreateParams({ hostname: '*.customer-one.com', custom_metadata: { plan: 'pro' } });
 * // InputError: custom_metadata {"plan":"pro"}: is not supported on a wildcard hostname (Cloudflare code 1412)
 * ```
 */
export function checkCreateParams(params: unknown): CreateCustomHostnameParams {
  const input = requirePlainObject(params, 'params');
  rejectUnknownKeys(input, CREATE_FIELDS);
  if (input.hostname === undefined) {
    throw new InputError('hostname', undefined, 'is required: the customer hostname, as in "app.customer-one.com"');
  }
  const hostname = normalizeHostname(input.hostname, 'hostname');
  const shared = checkSharedFields(input);
  if (hostname.startsWith('*.') && shared.custom_metadata !== undefined) {
    throw new InputError(
      'custom_metadata',
      shared.custom_metadata,
      'is not supported on a wildcard hostname (Cloudflare code 1412)',
    );
  }
  return { hostname, ...shared };
}

/**
 * Checks the body of an edit (PATCH) and returns a normalised copy. An empty object, or
 * no argument, is allowed (the body is then `{}`). A `hostname` field is rejected, even
 * one holding `undefined`: the hostname of a custom hostname cannot change (Cloudflare
 * code 1439).
 *
 * @throws InputError naming the field at fault
 *
 * @example
 * ```ts
 * checkEditParams({ ssl: { method: 'txt', type: 'dv' } }); // { ssl: { method: 'txt', type: 'dv' } }
 * checkEditParams({ hostname: 'new.customer-one.com' });
 * // InputError: hostname "new.customer-one.com": cannot be changed (Cloudflare code 1439): …
 * ```
 */
export function checkEditParams(params: unknown): EditCustomHostnameParams {
  const input = params === undefined ? {} : requirePlainObject(params, 'params');
  if (Object.hasOwn(input, 'hostname')) {
    throw new InputError(
      'hostname',
      input.hostname,
      'cannot be changed (Cloudflare code 1439): delete the custom hostname and create the new one',
    );
  }
  rejectUnknownKeys(input, EDIT_FIELDS);
  return checkSharedFields(input);
}
