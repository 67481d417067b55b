/**
 * Arbitrary inputs for the end-to-end input property: near-valid parameters (so that many
 * are accepted and sent), the same with one value anywhere replaced by junk, an unknown key
 * added or a key removed, and plain junk in place of the whole argument.
 */
import fc from 'fast-check';
import { HOSTNAME_STATUSES, SSL_STATUSES } from '../../src/schemas/enums.js';
import { asciiHostname, idnDomain } from '../input/helpers.js';

/** Values no parameter should hold, and the shapes that break naive code. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom<unknown>(
    null,
    undefined,
    '',
    ' ',
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    true,
    [],
    {},
    10n,
    Symbol('s'),
    () => 'x',
    new Date(0),
    '../quota',
    'a/b',
    '%2F..',
    '?page=2',
    '#x',
    'a b',
    '\u0000',
    '\u202e',
    'x'.repeat(300),
    '-----BEGIN CERTIFICATE-----',
    '-----BEGIN PRIVATE KEY-----',
  ),
);

/** Hostnames as users type them: valid, shouted, dotted, IDN, wildcard, IP, reserved, broken. */
export const hostnameLike: fc.Arbitrary<unknown> = fc.oneof(
  asciiHostname,
  asciiHostname.map((h) => h.toUpperCase()),
  asciiHostname.map((h) => `${h}.`),
  asciiHostname.map((h) => `*.${h}`),
  idnDomain,
  fc.ipV4(),
  fc.ipV6(),
  fc.constantFrom(
    'app.customer-one.com',
    'APP.Customer-One.COM.',
    'bücher.customer-one.com',
    'xn--bcher-kva.customer-one.com',
    'xn--zz.customer-one.com',
    'app..customer-one.com',
    '-app.customer-one.com',
    'app_1.customer-one.com',
    ' app.customer-one.com',
    'app.customer-one.com/path',
    'https://app.customer-one.com',
    'shop.example.com',
    'shop.test',
    'localhost',
    `${'a'.repeat(64)}.customer-one.com`,
    `${'abcdefghi.'.repeat(26)}com`,
  ),
  junk,
);

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);

/** Custom hostname ids: from `pool` (in any case), well-formed unknown ones, path tricks, hostnames, junk. */
export function idLike(pool: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: fc.constantFrom(...pool).map((id) => id.toUpperCase()) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: hex32 },
    { weight: 1, arbitrary: fc.constantFrom(...pool).map((id) => `${id}/../quota`) },
    { weight: 1, arbitrary: fc.constantFrom(...pool).map((id) => ` ${id}`) },
    { weight: 1, arbitrary: hostnameLike },
    { weight: 2, arbitrary: junk },
  );
}

const onOff = fc.constantFrom('on', 'off');

/** Coherent certificate options (Cloudflare would accept them), varied in every field it allows. */
export const sslLike = fc
  .record(
    {
      method: fc.constantFrom('http', 'txt'),
      bundle_method: fc.constantFrom('ubiquitous', 'optimal', 'force'),
      wildcard: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 4, arbitrary: fc.constant(false) }),
      certificate_authority: fc.constantFrom('google', 'lets_encrypt', 'ssl_com', ''),
      cloudflare_branding: fc.boolean(),
      settings: fc.record(
        {
          min_tls_version: fc.constantFrom('1.0', '1.1', '1.2'),
          http2: onOff,
          tls_1_3: onOff,
          early_hints: onOff,
          ciphers: fc.subarray(['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-SHA', 'ECDHE-ECDSA-CHACHA20-POLY1305'], {
            minLength: 1,
          }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['method'] },
  )
  .map(({ settings, ...ssl }) =>
    // A wildcard certificate needs TXT validation and takes no TLS settings.
    ssl.wildcard ? { ...ssl, type: 'dv', method: 'txt' } : { ...ssl, type: 'dv', ...(settings ? { settings } : {}) },
  );

const metadata = fc.dictionary(fc.stringMatching(/^[a-z_]{1,12}$/), fc.string({ maxLength: 24 }), { maxKeys: 3 });

/** A name in the simulator's SaaS zone, as a custom origin must be. */
const inZone = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).map((label) => `${label}.saasprovider.com`);

const sharedFields = {
  ssl: sslLike,
  custom_metadata: metadata,
  custom_origin_server: fc.oneof({ weight: 4, arbitrary: inZone }, { weight: 1, arbitrary: asciiHostname }),
  custom_origin_sni: fc.oneof(asciiHostname, fc.constant(':request_host_header:')),
};

export const createLike = fc.record(
  {
    hostname: fc.oneof(
      asciiHostname,
      idnDomain,
      asciiHostname.map((h) => `${h.toUpperCase()}.`),
    ),
    ...sharedFields,
  },
  { requiredKeys: ['hostname'] },
);

export const editLike = fc.record(sharedFields, { requiredKeys: [] });

const listFilters = {
  page: fc.integer({ min: 1, max: 4 }),
  per_page: fc.integer({ min: 5, max: 1000 }),
  order: fc.constantFrom('ssl', 'ssl_status'),
  direction: fc.constantFrom('asc', 'desc'),
  ssl_status: fc.constantFrom(...SSL_STATUSES),
  hostname_status: fc.constantFrom(...HOSTNAME_STATUSES),
  certificate_authority: fc.constantFrom('google', 'lets_encrypt', 'ssl_com'),
  wildcard: fc.boolean(),
  custom_origin_server: asciiHostname,
  ssl: fc.constantFrom(0, 1),
};

/** Coherent list queries: one id alone, or at most one hostname filter with any other filters. */
export const listLike: fc.Arbitrary<object> = fc.oneof(
  fc.record({ id: fc.uuid() }),
  fc
    .tuple(
      fc.record(listFilters, { requiredKeys: [] }),
      fc.option(
        fc.oneof(
          asciiHostname.map((h) => ({ hostname: h })),
          asciiHostname.map((h) => ({ 'hostname.exact': h.toUpperCase() })),
          fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/).map((t) => ({ 'hostname.startsWith': t })),
          fc.stringMatching(/^[A-Za-z0-9.-]{1,12}$/).map((t) => ({ 'hostname.contain': t })),
        ),
        { nil: {} },
      ),
    )
    .map(([filters, name]) => ({ ...filters, ...name })),
);

export const fallbackLike = fc.record({
  origin: fc.oneof(asciiHostname, fc.constant('proxy-fallback.saasprovider.com')),
});

export const CERT_PEM = '-----BEGIN CERTIFICATE-----\nMIIBfakeCertificateBodyForTests\n-----END CERTIFICATE-----\n';
export const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nMIIEfakeKeyBodyForTests\n-----END PRIVATE KEY-----\n';

export function certificateRefLike(pool: readonly string[]) {
  return fc.record({
    id: fc.oneof(fc.constantFrom(...pool), fc.uuid()),
    certificate_pack_id: hex32,
    certificate_id: hex32,
  });
}

export function replaceCertificateLike(pool: readonly string[]) {
  return fc
    .tuple(certificateRefLike(pool), fc.constantFrom(CERT_PEM), fc.constantFrom(KEY_PEM))
    .map(([ref, custom_certificate, custom_key]) => ({ ...ref, custom_certificate, custom_key }));
}

const saneOptions = fc.record(
  {
    timeout: fc.integer({ min: 1, max: 60_000 }),
    maxRetries: fc.integer({ min: 0, max: 3 }),
    headers: fc.oneof(
      fc.dictionary(fc.stringMatching(/^x-[a-z]{1,8}$/), fc.stringMatching(/^[ -~]{0,16}$/), { maxKeys: 2 }),
      fc
        .constantFrom('authorization', 'Authorization', 'AUTHORIZATION', 'X-Auth-Key', 'x-auth-email')
        .map((name) => ({ [name]: 'someone-elses-credential-1234567890' })),
    ),
    signal: fc.constant(new AbortController().signal),
  },
  { requiredKeys: [] },
);

/** Per-call options: mostly absent or sane, sometimes with junk in one of them, sometimes junk as a whole. */
export const requestOptionsLike: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: saneOptions },
  {
    weight: 1,
    arbitrary: fc
      .tuple(saneOptions, fc.constantFrom('timeout', 'maxRetries', 'headers', 'signal'), junk)
      .map(([options, key, value]) => ({ ...options, [key]: value })),
  },
  { weight: 1, arbitrary: junk },
);

type Path = Array<string | number>;

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  }
  return [];
}

function cloneTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneTree) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneTree(v)])) as T;
  }
  return value;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node;
}

/** `valid` as it is, or with one value anywhere replaced, a key added or removed, or junk instead. */
export function mutated(valid: fc.Arbitrary<object>): fc.Arbitrary<unknown> {
  const replaced = fc.tuple(valid, fc.nat(), junk).map(([value, n, replacement]) => {
    const paths = pathsOf(value);
    if (paths.length === 0) return replacement;
    const copy = cloneTree(value);
    const path = paths[n % paths.length] as Path;
    parentOf(copy, path)[path.at(-1) as string] = replacement;
    return copy;
  });
  const added = fc
    .tuple(valid, fc.nat(), fc.string({ minLength: 1, maxLength: 12 }), junk)
    .map(([value, n, key, extra]) => {
      const copy = cloneTree(value) as Record<string, unknown>;
      const objects = [[], ...pathsOf(copy)].filter((p) => {
        const node = p.length === 0 ? copy : parentOf(copy, p)[p.at(-1) as string];
        return typeof node === 'object' && node !== null && !Array.isArray(node);
      });
      const path = objects[n % objects.length] as Path;
      const node = (path.length === 0 ? copy : parentOf(copy, path)[path.at(-1) as string]) as Record<string, unknown>;
      node[key] = extra;
      return copy;
    });
  const removed = fc.tuple(valid, fc.nat()).map(([value, n]) => {
    const paths = pathsOf(value).filter((p) => typeof p.at(-1) === 'string');
    if (paths.length === 0) return value;
    const copy = cloneTree(value);
    const path = paths[n % paths.length] as Path;
    delete parentOf(copy, path)[path.at(-1) as string];
    return copy;
  });
  return fc.oneof(
    { weight: 5, arbitrary: valid },
    { weight: 3, arbitrary: replaced },
    { weight: 1, arbitrary: added },
    { weight: 1, arbitrary: removed },
    { weight: 1, arbitrary: junk },
  );
}
