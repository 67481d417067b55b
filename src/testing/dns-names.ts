/**
 * Canonical form of a DNS name: lower case, no trailing dot.
 *
 * @example
 * ```ts
 * normalizeName('App.Customer-One.com.'); // 'app.customer-one.com'
 * ```
 */
export function normalizeName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

const LABEL = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)$/;

/**
 * Whether `label` is one label of a host name: 1 to 63 letters, digits and hyphens, neither
 * first nor last a hyphen (case-insensitive).
 *
 * @example
 * ```ts
 * isDnsLabel('customer-one'); // true
 * isDnsLabel('fall back!!'); // false
 * ```
 */
export function isDnsLabel(label: string): boolean {
  return LABEL.test(label.toLowerCase());
}

/**
 * Whether `name` is a host name that a DNS record can have: labels as {@link isDnsLabel}
 * says, at most 253 characters (a trailing dot aside).
 *
 * @example
 * ```ts
 * isDnsName('fallback.saasprovider.com'); // true
 * isDnsName('fall back!!.saasprovider.com'); // false
 * ```
 */
export function isDnsName(name: string): boolean {
  const n = normalizeName(name);
  return n.length > 0 && n.length <= 253 && n.split('.').every(isDnsLabel);
}

/**
 * Whether `name` is `zone` itself or a name under it.
 *
 * @example
 * ```ts
 * isWithinZone('customers.saasprovider.com', 'saasprovider.com'); // true
 * ```
 */
export function isWithinZone(name: string, zone: string): boolean {
  const n = normalizeName(name);
  const z = normalizeName(zone);
  return n === z || n.endsWith(`.${z}`);
}

/**
 * The name and each parent below the top-level domain, nearest first (the CAA lookup walk).
 *
 * @example
 * ```ts
 * namesUpToApex('a.b.customer.com'); // ['a.b.customer.com', 'b.customer.com', 'customer.com']
 * ```
 */
export function namesUpToApex(name: string): string[] {
  const labels = normalizeName(name).split('.');
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join('.'));
  return out;
}

/**
 * The canonical form of a URL for the customer's web server: host lower-cased, default port dropped.
 *
 * @example
 * ```ts
 * normalizeUrl('http://App.Customer-One.com/.well-known/x'); // 'http://app.customer-one.com/.well-known/x'
 * ```
 */
export function normalizeUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host.toLowerCase()}${u.pathname}${u.search}`;
}
