import { isDnsLabel } from './dns-names.js';
import type { ApiFailure } from './envelopes.js';
import { failure } from './envelopes.js';

const RESERVED_TLDS = new Set(['test', 'example', 'invalid', 'localhost']);
const RESERVED_DOMAINS = ['example.com', 'example.net', 'example.org'];
// Enough of the public suffix list to reject the usual bare suffixes (error 1410).
const MULTI_LABEL_SUFFIXES = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'me.uk',
  'com.au',
  'net.au',
  'org.au',
  'co.nz',
  'co.jp',
  'ne.jp',
  'co.in',
  'com.br',
  'com.cn',
  'com.mx',
  'co.za',
  'com.tr',
  'github.io',
  'pages.dev',
  'workers.dev',
  'herokuapp.com',
  'vercel.app',
  'netlify.app',
]);
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const WILDCARD_PREFIX = '*.';

/**
 * Whether a custom hostname is a wildcard custom hostname (a leading `*.` label, §8.3).
 *
 * @example
 * ```ts
 * isWildcardHostname('*.customer-one.com'); // true
 * isWildcardHostname('app.customer-one.com'); // false
 * ```
 */
export function isWildcardHostname(hostname: string): boolean {
  return hostname.startsWith(WILDCARD_PREFIX);
}

/**
 * The 14xx error Cloudflare answers for a hostname it will not accept, or `null`. `base` is
 * 1407 for a custom hostname and 1415 for `custom_origin_server` (the same checks, §7.1). A
 * custom hostname may start with one `*.` label (a wildcard custom hostname, §8.3): the rest
 * is checked as any hostname, so `*.com` is 1410 like `com`. Anywhere else `*` is 1407/1415.
 *
 * @example
 * ```ts
 * hostnameProblem('app.example.com', 1407)?.code; // 1411
 * hostnameProblem('app.customer-one.com', 1407); // null
 * hostnameProblem('*.customer-one.com', 1407); // null
 * ```
 */
export function hostnameProblem(value: unknown, base: 1407 | 1415): ApiFailure | null {
  const what = base === 1407 ? 'custom hostname' : 'custom origin server';
  const invalid = (code: number, message: string) => failure(400, code, message);
  if (typeof value !== 'string' || value.length === 0) return invalid(base, `The ${what} is required.`);
  if (value.length >= 256) return invalid(base, `The ${what} must be smaller than 256 characters.`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
  if (/[^\x00-\x7f]/.test(value)) return invalid(base + 1, `Non-ASCII ${what}s are not supported.`);
  const full = value.toLowerCase().replace(/\.$/, '');
  const name = base === 1407 && isWildcardHostname(full) ? full.slice(WILDCARD_PREFIX.length) : full;
  if (IPV4.test(name) || name.includes(':') || name.startsWith('[')) {
    return invalid(base, `The ${what} cannot be an IP address.`);
  }
  const labels = name.split('.');
  if (!labels.every(isDnsLabel)) {
    return invalid(base, `The ${what} contains invalid characters.`);
  }
  const tld = labels.at(-1) as string;
  if (RESERVED_TLDS.has(tld)) return invalid(base + 2, `The ${what} uses a reserved top-level domain.`);
  if (labels.length < 2 || !/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld) || MULTI_LABEL_SUFFIXES.has(name)) {
    return invalid(base + 3, `The ${what} could not be parsed: it has no registrable domain.`);
  }
  if (RESERVED_DOMAINS.some((d) => name === d || name.endsWith(`.${d}`))) {
    return invalid(base + 4, `The ${what} cannot end in example.com, example.net or example.org.`);
  }
  return null;
}
