import { InputError } from '../core/errors.js';
import type { ListCustomHostnamesParams } from '../custom-hostnames/params.js';
import { HOSTNAME_STATUSES, SSL_STATUSES } from '../schemas/enums.js';
import {
  definedEntries,
  kindOf,
  rejectUnknownKeys,
  requireBoolean,
  requireInteger,
  requireOneOf,
  requirePlainObject,
} from './fields.js';
import { normalizeHostname } from './hostname.js';
import { domainToASCII } from './idna.js';
import { checkHostnameId } from './ids.js';

/**
 * The query of a custom hostname list (spec §2.1): ranges, known values, and the filter
 * combinations Cloudflare refuses (code 1438).
 *
 * @example
 * ```ts
 * checkListParams({ hostname: 'App.Customer-One.com', per_page: 50 }); // { hostname: 'app.customer-one.com', per_page: 50 }
 * ```
 * @module
 */

const HOSTNAME_FILTERS = ['hostname', 'hostname.exact', 'hostname.startsWith', 'hostname.contain'] as const;
const OTHER_FILTERS = [
  'ssl_status',
  'hostname_status',
  'certificate_authority',
  'wildcard',
  'custom_origin_server',
  'ssl',
];
const PAGING = ['page', 'per_page', 'order', 'direction'];
// Spread in functions marked pure: a bundle that checks no list parameters leaves them out.
const LIST_FIELDS = /* @__PURE__ */ (() => [...HOSTNAME_FILTERS, 'id', ...PAGING, ...OTHER_FILTERS])();
/** The list parameters that filter by what a hostname is (not `id`, not paging). @example `LIST_FILTERS.includes('ssl_status') // true` */
export const LIST_FILTERS: readonly string[] = /* @__PURE__ */ (() => [...HOSTNAME_FILTERS, ...OTHER_FILTERS])();
const LIST_AUTHORITIES = ['google', 'lets_encrypt', 'ssl_com'] as const;
const MAX_FILTER_LENGTH = 255;
const ID_FILTER_LENGTH = 36;

/**
 * `hostname.startsWith` / `hostname.contain`: part of a name as Cloudflare stores names, in
 * lower-case ASCII. ASCII parts pass as they are (`xn--` included, and `*` of wildcard names);
 * a whole international label is converted to its punycode, but part of one cannot be (its
 * punycode is not part of the label's), so it is refused with the way out.
 */
function checkHostnameFragment(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InputError(field, value, `must be a string (got ${kindOf(value)})`);
  if (value === '') throw new InputError(field, value, 'must not be empty');
  const contain = field === 'hostname.contain';
  const labels = value.split('.');
  const out = labels
    .map((label, i) => {
      if (!/[^\0-\x7f]/.test(label)) return label.toLowerCase();
      // Cut at the end, and at the start too for a substring: the label may go on.
      if (i === labels.length - 1 || (contain && i === 0)) {
        throw new InputError(
          field,
          value,
          `"${label}" may be cut short: international labels match only whole, as punycode (xn--…); ${contain ? 'put it between dots' : 'end it with "."'} or give the punycode`,
        );
      }
      const converted = domainToASCII(label);
      if (!converted.ok) throw new InputError(field, value, converted.reason);
      return converted.value;
    })
    .join('.');
  const bad = /[^a-z0-9.*-]/.exec(out);
  if (bad)
    throw new InputError(field, value, `"${bad[0]}" is not allowed in a hostname (letters, digits and hyphens only)`);
  if (out.length > MAX_FILTER_LENGTH) {
    throw new InputError(field, value, `must be at most ${MAX_FILTER_LENGTH} characters long`);
  }
  return out;
}

function checkIdFilter(value: unknown): string {
  const id = checkHostnameId(value, 'id');
  if (id.length !== ID_FILTER_LENGTH) {
    throw new InputError('id', value, 'must be the 36-character id (8-4-4-4-12) to filter on');
  }
  return id;
}

function checkSslFilter(value: unknown): 0 | 1 {
  if (value === 0 || value === 1) return value;
  const hint = typeof value === 'boolean' ? ` (use ${value ? 1 : 0} for ${value})` : '';
  throw new InputError('ssl', value, `must be 0 or 1${hint}`);
}

function checkEntry(key: string, value: unknown): unknown {
  switch (key) {
    case 'hostname':
    case 'hostname.exact':
      return normalizeHostname(value, key);
    case 'hostname.startsWith':
    case 'hostname.contain':
      return checkHostnameFragment(value, key);
    case 'id':
      return checkIdFilter(value);
    case 'page':
      return requireInteger(value, key, 1, Number.MAX_SAFE_INTEGER);
    case 'per_page':
      return requireInteger(value, key, 5, 1000);
    case 'order':
      return requireOneOf(value, ['ssl', 'ssl_status'], key);
    case 'direction':
      return requireOneOf(value, ['asc', 'desc'], key);
    case 'ssl_status':
      return requireOneOf(value, SSL_STATUSES, key);
    case 'hostname_status':
      return requireOneOf(value, HOSTNAME_STATUSES, key);
    case 'certificate_authority':
      return requireOneOf(value, LIST_AUTHORITIES, key);
    case 'wildcard':
      return requireBoolean(value, key);
    case 'custom_origin_server':
      return normalizeHostname(value, key, { wildcard: false });
    default:
      return checkSslFilter(value);
  }
}

/** At most one hostname filter; `id` alone with paging only (code 1438). */
function checkCombinations(out: Record<string, unknown>): void {
  const hostnameFilters = HOSTNAME_FILTERS.filter((key) => key in out);
  if (hostnameFilters.length > 1) {
    const [first, second] = hostnameFilters as [string, string];
    throw new InputError(second, out[second], `cannot be combined with "${first}": use one hostname filter`);
  }
  if ('id' in out) {
    const others = [...HOSTNAME_FILTERS, ...OTHER_FILTERS].filter((key) => key in out);
    if (others.length > 0) {
      throw new InputError(
        'id',
        out.id,
        `cannot be combined with other filters (${others.join(', ')}; Cloudflare code 1438)`,
      );
    }
  }
}

/**
 * Checks a list query and returns a normalised copy: `page` ≥ 1, `per_page` 5–1000,
 * statuses and enums from the known lists, `ssl` 0 or 1, `hostname`/`hostname.exact`
 * normalised like a hostname, `hostname.startsWith`/`hostname.contain` lower-cased (and
 * Punycode for international labels), `id` the 36-character id. No argument means no
 * filter.
 *
 * @throws InputError naming the parameter at fault
 *
 * @example
 * ```ts
 * checkListParams({ 'hostname.contain': 'Shop', ssl_status: 'pending_validation' });
 * // { 'hostname.contain': 'shop', ssl_status: 'pending_validation' }
 * checkListParams({ per_page: 2 }); // InputError: per_page 2: must be an integer from 5 to 1000
 * ```
 */
export function checkListParams(params: unknown): ListCustomHostnamesParams {
  const input = params === undefined ? {} : requirePlainObject(params, 'params');
  rejectUnknownKeys(input, LIST_FIELDS);
  const out: Record<string, unknown> = {};
  for (const [key, value] of definedEntries(input)) out[key] = checkEntry(key, value);
  checkCombinations(out);
  return out as ListCustomHostnamesParams;
}
