import { InputError } from '../core/errors.js';
import { kindOf } from './fields.js';
import { domainToASCII, type IdnaResult } from './idna.js';

/**
 * Hostname checks: what Cloudflare accepts as a custom hostname (or as a custom origin,
 * SNI or fallback origin), checked before any request, with the reason Cloudflare would
 * give (codes 1407–1411) but without spending a call on it.
 *
 * Decisions where the API reference is silent:
 * - Surrounding whitespace is trimmed (a pasted `"app.customer.com\n"` is what was meant);
 *   whitespace inside is rejected.
 * - One trailing dot (the DNS root) is removed; the name is lower-cased; internationalised
 *   names are converted to Punycode ({@link toASCII}).
 * - Length limits apply to the ASCII form: labels 1–63, the whole name at most 255.
 * - A name whose labels are all numbers (`10.0.0.1`, `0x7f.1`) is an IPv4 address, as
 *   browsers read it; a name ending in a numeric label cannot have a registrable domain.
 *
 * @example
 * ```ts
 * normalizeHostname(' Bücher.Customer-One.com. '); // 'xn--bcher-kva.customer-one.com'
 * ```
 * @module
 */

const MAX_HOSTNAME_LENGTH = 255;
const MAX_LABEL_LENGTH = 63;
const RESERVED_TLDS = ['test', 'example', 'invalid', 'localhost'];
const DOCUMENTATION_DOMAINS = ['example.com', 'example.net', 'example.org'];
const WILDCARD_PREFIX = '*.';
const NUMERIC_LABEL = /^(0x[0-9a-f]*|[0-9]+)$/;
const IPV6_LIKE = /^[0-9a-f:.]+$/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Options of {@link normalizeHostname}. @example `{ wildcard: false }` */
export interface NormalizeHostnameOptions {
  /** Allow a single leading `*.` (a wildcard custom hostname). Default `true`. */
  wildcard?: boolean | undefined;
}

function fail(reason: string): IdnaResult {
  return { ok: false, reason };
}

function isIPv6Literal(text: string): boolean {
  if (text.startsWith('[') && text.endsWith(']')) return true;
  return IPV6_LIKE.test(text) && text.split(':').length > 2;
}

/** The shape problems found before any character is converted: IPv6, URLs, ports, stars. */
function shapeProblem(text: string, wildcard: boolean): string | undefined {
  if (text === '') return 'must not be empty';
  if (isIPv6Literal(text)) return 'an IP address is not a hostname';
  const scheme = SCHEME.exec(text);
  if (scheme) return `give the hostname alone, without "${scheme[0]}"`;
  if (text.includes('/')) return '"/" is not allowed in a hostname (give the hostname alone, without a path)';
  if (text.includes(':')) return '":" is not allowed in a hostname (give the hostname alone, without a port)';
  if (text.startsWith(WILDCARD_PREFIX) && !wildcard) return 'a wildcard ("*.") is not allowed here';
  const rest = text.startsWith(WILDCARD_PREFIX) ? text.slice(WILDCARD_PREFIX.length) : text;
  if (rest.includes('*')) {
    return wildcard
      ? '"*" is only allowed as the whole first label, as in "*.customer-one.com"'
      : '"*" is not allowed here (no wildcard)';
  }
  return undefined;
}

/** The problems of a converted (ASCII, lower-case) name split in labels. */
function labelsProblem(labels: readonly string[]): string | undefined {
  if (labels.includes('')) return labels[0] === '' ? 'must not start with "."' : 'has an empty label ("..")';
  if (labels.length <= 4 && labels.every((label) => NUMERIC_LABEL.test(label))) {
    return 'an IP address is not a hostname';
  }
  for (const label of labels) {
    if (label.length > MAX_LABEL_LENGTH) {
      return `label "${label.slice(0, 20)}…" is ${label.length} characters long; at most ${MAX_LABEL_LENGTH} are allowed`;
    }
    if (label.startsWith('-') || label.endsWith('-')) return `label "${label}" starts or ends with a hyphen`;
  }
  const tld = labels[labels.length - 1] as string;
  if (NUMERIC_LABEL.test(tld)) return `the top-level domain "${tld}" cannot be numeric`;
  if (RESERVED_TLDS.includes(tld)) return `".${tld}" is a reserved top-level domain (Cloudflare code 1409)`;
  const registered = labels.slice(-2).join('.');
  if (DOCUMENTATION_DOMAINS.includes(registered)) {
    return `"${registered}" and the names under it are reserved for documentation (Cloudflare code 1411)`;
  }
  if (labels.length < 2) {
    return 'needs at least two labels, as in "app.customer-one.com" (a single label has no registrable domain; Cloudflare code 1410)';
  }
  return undefined;
}

/**
 * Checks and normalises a hostname without throwing: the ASCII form, or why it is not a
 * hostname Cloudflare would accept.
 *
 * @example
 * ```ts
 * hostnameToASCII('App.Customer-One.com.', true); // { ok: true, value: 'app.customer-one.com' }
 * hostnameToASCII('10.0.0.1', true); // { ok: false, reason: 'an IP address is not a hostname' }
 * ```
 */
export function hostnameToASCII(value: string, wildcard: boolean): IdnaResult {
  const text = value.trim();
  const shape = shapeProblem(text, wildcard);
  if (shape) return fail(shape);
  const prefix = text.startsWith(WILDCARD_PREFIX) ? WILDCARD_PREFIX : '';
  const converted = domainToASCII(text.slice(prefix.length));
  if (!converted.ok) return converted;
  const ascii = converted.value.endsWith('.') ? converted.value.slice(0, -1) : converted.value;
  if (ascii === '') return fail('must not be empty');
  const problem = labelsProblem(ascii.split('.'));
  if (problem) return fail(problem);
  const hostname = prefix + ascii;
  if (hostname.length > MAX_HOSTNAME_LENGTH) {
    return fail(`is ${hostname.length} characters long in ASCII form; at most ${MAX_HOSTNAME_LENGTH} are allowed`);
  }
  return { ok: true, value: hostname };
}

/**
 * Checks a hostname and returns its normal form: trimmed, trailing dot removed,
 * lower-case ASCII, internationalised labels in Punycode. Rejects IP addresses, single
 * labels, reserved names (`.test`, `.example`, `.invalid`, `.localhost`, `example.com/.net/.org`),
 * characters other than letters, digits and hyphens, and a wildcard unless allowed (a
 * single leading `*.`, allowed by default).
 *
 * @param field - the field named in the error (default `hostname`)
 * @throws InputError naming `field`, the value given and why it was rejected
 *
 * @example
 * ```ts
 * normalizeHostname('Shop.Bücher-Customer.de.'); // 'shop.xn--bcher-customer-gsb.de'
 * normalizeHostname('*.customer-one.com'); // '*.customer-one.com'
 * normalizeHostname('origin.saas-provider.com', 'custom_origin_server', { wildcard: false });
 * normalizeHostname('bad_host.com');
 * // InputError: hostname "bad_host.com": "_" is not allowed in a hostname (letters, digits and hyphens only)
 * ```
 */
export function normalizeHostname(value: unknown, field = 'hostname', options: NormalizeHostnameOptions = {}): string {
  if (typeof value !== 'string') throw new InputError(field, value, `must be a string (got ${kindOf(value)})`);
  const result = hostnameToASCII(value, options.wildcard ?? true);
  if (!result.ok) throw new InputError(field, value, result.reason);
  return result.value;
}

/**
 * Whether {@link normalizeHostname} would accept the value (wildcards allowed). Never throws.
 *
 * @example
 * ```ts
 * isValidHostname('app.customer-one.com'); // true
 * isValidHostname('localhost'); // false
 * ```
 */
export function isValidHostname(value: string): boolean {
  return typeof value === 'string' && hostnameToASCII(value, true).ok;
}
