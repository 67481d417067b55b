import { InputError } from '../core/errors.js';

/**
 * Small checks shared by every parameter check: plain objects, unknown keys, strings,
 * booleans, integers and enum values, each throwing {@link InputError} with the field path.
 *
 * @example
 * ```ts
 * const ssl = requirePlainObject(params.ssl, 'ssl');
 * rejectUnknownKeys(ssl, ['method', 'type'], 'ssl');
 * ```
 * @module
 */

/** What an error shows instead of a secret (a private key, a certificate). @example `new InputError('ssl.custom_key', REDACTED, 'must be a PEM string')` */
export const REDACTED = '[redacted]';

/**
 * The path of a key below a parent: `ssl.method`, `custom_metadata.plan`, or
 * `custom_metadata["two words"]` when the key is not a plain name. Top-level names may
 * hold dots (`hostname.contain` is one list parameter).
 *
 * @example
 * ```ts
 * fieldPath('ssl', 'method'); // 'ssl.method'
 * fieldPath('custom_metadata', 'a b'); // 'custom_metadata["a b"]'
 * fieldPath(undefined, 'hostname.contain'); // 'hostname.contain'
 * ```
 */
export function fieldPath(parent: string | undefined, key: string): string {
  if (parent === undefined) return /^[A-Za-z0-9_$.-]+$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  return /^[A-Za-z0-9_$-]+$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Whether a value is a plain object (a literal or `Object.create(null)`), from any realm.
 *
 * @example
 * ```ts
 * isPlainObject({ a: 1 }); // true
 * isPlainObject(new Map()); // false
 * ```
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype && Object.getPrototypeOf(proto) !== null) return false;
  return !(Symbol.toStringTag in value) && !(Symbol.iterator in value);
}

/**
 * Whether the value is an http(s) URL with no whitespace: the shape of `baseUrl`,
 * `dohResolver` and a DoH `resolver`.
 *
 * @example
 * ```ts
 * isHttpUrl('https://cloudflare-dns.com/dns-query'); // true
 * isHttpUrl('cloudflare-dns.com'); // false
 * ```
 */
export function isHttpUrl(value: unknown): value is string {
  return typeof value === 'string' && /^https?:\/\/[^\s]+$/.test(value);
}

/**
 * Returns the value as a plain object, or throws `InputError(field, value, 'must be an object …')`.
 *
 * @example
 * ```ts
 * const ssl = requirePlainObject(params.ssl, 'ssl');
 * ```
 */
export function requirePlainObject(value: unknown, field: string): Record<string, unknown> {
  if (isPlainObject(value)) return value;
  throw new InputError(field, value, `must be a plain object (got ${kindOf(value)})`);
}

/**
 * Names the kind of a value for an error message.
 *
 * @example
 * ```ts
 * kindOf([]); // 'an array'
 * kindOf(null); // 'null'
 * kindOf(42); // 'a number'
 * ```
 */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * The entries of an object whose values are not `undefined` (an `undefined` field is an
 * absent one, as in JSON).
 *
 * @example
 * ```ts
 * definedEntries({ a: 1, b: undefined }); // [['a', 1]]
 * ```
 */
export function definedEntries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

/** Edit distance where swapping two neighbouring letters counts as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The known name closest to a mistyped one, if any: the same letters in another case, a
 * known name the given one starts (a cut-off name), or, for words, a name of three or
 * more characters at most a third of its length in edits away (a swap of two letters is
 * one edit).
 *
 * @example
 * ```ts
 * closestName('methd', ['method', 'type']); // 'method'
 * closestName('sll', ['ssl', 'hostname']); // 'ssl'
 * closestName('min_tls', ['min_tls_version', 'ciphers']); // 'min_tls_version'
 * closestName('zzz', ['method', 'type']); // undefined
 * ```
 */
export function closestName(given: string, known: readonly string[]): string | undefined {
  const lower = given.toLowerCase();
  const isWord = /[a-z]/.test(lower);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const candidate = name.toLowerCase();
    if (candidate === lower) return name;
    if (lower.length >= 3 && candidate.startsWith(lower)) return name;
    if (!isWord || name.length < 3) continue;
    const limit = Math.max(1, Math.floor(name.length / 3));
    // The lengths' difference is a floor of the distance: a long string costs no edit table.
    if (Math.abs(lower.length - candidate.length) > limit) continue;
    const d = distance(lower, candidate);
    if (d <= limit && d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Throws `InputError` for the first key not in `allowed` (typo protection: a misspelt
 * field would otherwise be dropped by Cloudflare without a word). Keys holding
 * `undefined` count too.
 *
 * @example
 * ```ts
 * rejectUnknownKeys({ methd: 'txt' }, ['method', 'type'], 'ssl');
 * // InputError: ssl.methd "txt": unknown field; did you mean "method"? (allowed: method, type)
 * ```
 */
export function rejectUnknownKeys(value: Record<string, unknown>, allowed: readonly string[], parent?: string): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const guess = closestName(key, allowed);
    const hint = guess ? `; did you mean "${guess}"?` : '';
    throw new InputError(fieldPath(parent, key), value[key], `unknown field${hint} (allowed: ${allowed.join(', ')})`);
  }
}

/**
 * Returns the value when it is one of `allowed`, else throws `InputError` listing them
 * (and the close match, if the value looks like a typo).
 *
 * @example
 * ```ts
 * requireOneOf('txt', ['http', 'txt', 'email'], 'ssl.method'); // 'txt'
 * requireOneOf('dns', ['http', 'txt', 'email'], 'ssl.method');
 * // InputError: ssl.method "dns": must be one of http, txt, email
 * ```
 */
export function requireOneOf<const T extends string | number>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  shown: string = allowed.join(', '),
): T {
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  const asText = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  const textual = allowed.map(String);
  let hint = '';
  if (typeof asText === 'string' && asText !== value && textual.includes(asText)) {
    hint = ` (use the string "${asText}")`;
  } else if (typeof value === 'string') {
    const guess = closestName(value, textual);
    hint = guess ? ` (did you mean "${guess}"?)` : '';
  }
  throw new InputError(field, value, `must be one of ${shown}${hint}`);
}

/**
 * Returns the value when it is a boolean, else throws `InputError`.
 *
 * @example
 * ```ts
 * requireBoolean(true, 'ssl.wildcard'); // true
 * requireBoolean('true', 'ssl.wildcard'); // InputError: ssl.wildcard "true": must be true or false (a boolean, not a string)
 * ```
 */
export function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  const hint = value === 'true' || value === 'false' ? ' (a boolean, not a string)' : '';
  throw new InputError(field, value, `must be true or false${hint}`);
}

/**
 * Returns the value when it is a whole number within `[min, max]`, else throws `InputError`.
 *
 * @example
 * ```ts
 * requireInteger(50, 'per_page', 5, 1000); // 50
 * requireInteger(2000, 'per_page', 5, 1000); // InputError: per_page 2000: must be an integer from 5 to 1000
 * ```
 */
export function requireInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  const hint = typeof value === 'string' && /^\d+$/.test(value) ? ' (a number, not a string)' : '';
  throw new InputError(field, value, `must be an integer ${range}${hint}`);
}

/**
 * Returns the value when it is a string with something besides whitespace in it, else
 * throws `InputError` (showing `[redacted]` instead of the value when `secret`).
 *
 * @example
 * ```ts
 * requireText('7b163417', 'ssl.custom_csr_id'); // '7b163417'
 * requireText('', 'ssl.custom_csr_id'); // InputError: ssl.custom_csr_id "": must not be empty
 * ```
 */
export function requireText(value: unknown, field: string, secret = false): string {
  const shown = secret ? REDACTED : value;
  if (typeof value !== 'string') throw new InputError(field, shown, `must be a string (got ${kindOf(value)})`);
  if (value.trim() === '') throw new InputError(field, shown, 'must not be empty');
  return value;
}
