import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import type { SslInput } from '../../src/custom-hostnames/params.js';
import { checkSslInput } from '../../src/input/ssl.js';
import { deepFreeze, inputError } from './helpers.js';

const SECRET = 'SECRET-MATERIAL-7f3a';
const CERT = `-----BEGIN CERTIFICATE-----\nMIIB${SECRET}\n-----END CERTIFICATE-----\n`;
const CERT_2 = `-----BEGIN CERTIFICATE-----\nMIIC${SECRET}\n-----END CERTIFICATE-----\n`;
const KEY = `-----BEGIN RSA PRIVATE KEY-----\nMIIE${SECRET}\n-----END RSA PRIVATE KEY-----\n`;
const EC_KEY = `-----BEGIN EC PRIVATE KEY-----\nMHc${SECRET}\n-----END EC PRIVATE KEY-----\n`;

/** Asserts an InputError on `field` whose message and value show no certificate or key material. */
function redactedError(fn: () => unknown, field: string, reason?: string | RegExp): InputError {
  const error = inputError(fn, field, reason);
  expect(error.message).not.toContain(SECRET);
  expect(JSON.stringify(error.toJSON())).not.toContain(SECRET);
  expect(JSON.stringify(error.value ?? null)).not.toContain(SECRET);
  return error;
}

describe('checkSslInput: accepted', () => {
  it.each<[string, SslInput]>([
    ['a DCV method and type', { method: 'txt', type: 'dv' }],
    ['http DCV', { method: 'http', type: 'dv' }],
    ['deprecated email DCV', { method: 'email', type: 'dv' }],
    ['a CA change with method and type', { method: 'txt', type: 'dv', certificate_authority: 'google' }],
    ['the default CA', { method: 'http', type: 'dv', certificate_authority: '' }],
    ['a wildcard with TXT', { method: 'txt', type: 'dv', wildcard: true }],
    ['a wildcard without a method (the API uses TXT)', { wildcard: true }],
    ['wildcard false with HTTP', { method: 'http', wildcard: false }],
    ['a wildcard with empty TLS settings', { method: 'txt', wildcard: true, settings: {} }],
    ['TLS settings with wildcard false', { method: 'http', wildcard: false, settings: { http2: 'on' } }],
    ['bundle method and branding', { bundle_method: 'force', cloudflare_branding: true }],
    [
      'TLS settings',
      {
        settings: {
          min_tls_version: '1.2',
          tls_1_3: 'on',
          http2: 'off',
          early_hints: 'on',
          ciphers: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-SHA'],
        },
      },
    ],
    ['TLS 1.3 without ciphers', { settings: { min_tls_version: '1.3', ciphers: [] } }],
    ['a custom certificate and key', { custom_certificate: CERT, custom_key: KEY }],
    ['a wildcard upload, which needs no DCV method', { wildcard: true, custom_certificate: CERT, custom_key: KEY }],
    [
      'a custom certificate for a CSR',
      { custom_certificate: CERT, custom_csr_id: '7b163417-1d2b-4c84-a38a-2fb7a0cd7752' },
    ],
    [
      'a bundle of two',
      {
        custom_cert_bundle: [
          { custom_certificate: CERT, custom_key: KEY },
          { custom_certificate: CERT_2, custom_key: EC_KEY },
        ],
      },
    ],
    ['an empty object', {}],
  ])('%s', (_name, ssl) => {
    const input = deepFreeze(structuredClone(ssl));
    const out = checkSslInput(input);
    expect(out).toStrictEqual(ssl);
    expect(out).not.toBe(input);
  });

  it('drops fields holding undefined', () => {
    expect(checkSslInput({ method: 'txt', type: undefined, settings: { http2: undefined } })).toStrictEqual({
      method: 'txt',
      settings: {},
    });
  });
});

describe('checkSslInput: rejected', () => {
  it('rejects unknown keys, suggesting the close one and listing the allowed ones', () => {
    const error = inputError(() => checkSslInput({ methd: 'txt' }), 'ssl.methd');
    expect(error.reason).toBe(
      'unknown field; did you mean "method"? (allowed: method, type, certificate_authority, bundle_method, wildcard, settings, cloudflare_branding, custom_certificate, custom_key, custom_csr_id, custom_cert_bundle)',
    );
    inputError(
      () => checkSslInput({ settings: { min_tls: '1.2' } }),
      'ssl.settings.min_tls',
      /^unknown field; did you mean "min_tls_version"\?/,
    );
    inputError(() => checkSslInput({ zzz: 1 }), 'ssl.zzz', /^unknown field \(allowed: method, /);
  });

  it.each([
    [{ method: 'dns' }, 'ssl.method', 'must be one of http, txt, email'],
    [{ method: 'TXT' }, 'ssl.method', 'must be one of http, txt, email (did you mean "txt"?)'],
    [{ type: 'ov' }, 'ssl.type', 'must be one of dv'],
    [
      { method: 'txt', type: 'dv', certificate_authority: 'letsencrypt' },
      'ssl.certificate_authority',
      'must be one of digicert, google, lets_encrypt, ssl_com or "" (the default CA) (did you mean "lets_encrypt"?)',
    ],
    [{ bundle_method: 'best' }, 'ssl.bundle_method', 'must be one of ubiquitous, optimal, force'],
    [{ wildcard: 'true' }, 'ssl.wildcard', 'must be true or false (a boolean, not a string)'],
    [{ cloudflare_branding: 1 }, 'ssl.cloudflare_branding', 'must be true or false'],
    [
      { settings: { min_tls_version: 1.2 } },
      'ssl.settings.min_tls_version',
      'must be one of 1.0, 1.1, 1.2, 1.3 (use the string "1.2")',
    ],
    [{ settings: { min_tls_version: '1.4' } }, 'ssl.settings.min_tls_version', 'must be one of 1.0, 1.1, 1.2, 1.3'],
    [{ settings: { http2: true } }, 'ssl.settings.http2', 'must be "on" or "off" (a string, not a boolean: use "on")'],
    [{ settings: { tls_1_3: 'yes' } }, 'ssl.settings.tls_1_3', 'must be one of on, off'],
    [
      { settings: { early_hints: false } },
      'ssl.settings.early_hints',
      'must be "on" or "off" (a string, not a boolean: use "off")',
    ],
    [
      { settings: { ciphers: 'AES128-SHA' } },
      'ssl.settings.ciphers',
      'must be an array of cipher names (got a string)',
    ],
    [
      { settings: { ciphers: ['AES128-SHA', ''] } },
      'ssl.settings.ciphers[1]',
      'must be a cipher name in BoringSSL form, like "ECDHE-RSA-AES128-GCM-SHA256"',
    ],
    [
      // A hole in a sparse array: JSON would send it as null.
      { settings: { ciphers: Object.assign(new Array(2), { 1: 'AES128-SHA' }) } },
      'ssl.settings.ciphers[0]',
      'must be a cipher name in BoringSSL form, like "ECDHE-RSA-AES128-GCM-SHA256"',
    ],
    [
      { settings: { ciphers: ['AES128-SHA', 'AES128-SHA'] } },
      'ssl.settings.ciphers[1]',
      'is listed twice (ciphers must be unique)',
    ],
    [
      { settings: { min_tls_version: '1.3', ciphers: ['AES128-SHA'] } },
      'ssl.settings.ciphers',
      'cannot be set with min_tls_version "1.3": TLS 1.3 cipher suites are fixed (Cloudflare code 1443)',
    ],
    [{ settings: [] }, 'ssl.settings', 'must be a plain object (got an array)'],
    [
      { certificate_authority: 'google' },
      'ssl.method',
      'is required with certificate_authority: send method and type together with it (Cloudflare code 1440)',
    ],
    [
      { certificate_authority: 'google', method: 'txt' },
      'ssl.type',
      'is required with certificate_authority: send method and type together with it (Cloudflare code 1440)',
    ],
    [{ certificate_authority: '', type: 'dv' }, 'ssl.method', /Cloudflare code 1440/],
    [
      { wildcard: true, method: 'http', type: 'dv' },
      'ssl.method',
      'must be "txt" for a wildcard certificate (HTTP validation cannot prove control of every subdomain)',
    ],
    [
      { wildcard: true, method: 'txt', type: 'dv', settings: { http2: 'on' } },
      'ssl.settings',
      'cannot be set on a wildcard certificate: its TLS settings are not customisable (Cloudflare code 1434)',
    ],
    [{ custom_csr_id: '', custom_certificate: CERT }, 'ssl.custom_csr_id', 'must not be empty'],
  ])('%j → %s', (ssl, field, reason) => {
    inputError(() => checkSslInput(ssl), field, reason);
  });

  it('rejects a value that is not an object, under the given path', () => {
    inputError(() => checkSslInput('txt'), 'ssl', 'must be a plain object (got a string)');
    inputError(() => checkSslInput(null, 'body.ssl'), 'body.ssl', 'must be a plain object (got null)');
  });
});

describe('checkSslInput: custom certificates never show key or certificate material', () => {
  it.each([
    [
      { custom_certificate: CERT },
      'ssl.custom_key',
      'is required with custom_certificate (or custom_csr_id, when Cloudflare holds the key)',
    ],
    [{ custom_key: KEY }, 'ssl.custom_certificate', 'is required with custom_key'],
    [{ custom_csr_id: 'csr-1' }, 'ssl.custom_certificate', 'is required with custom_csr_id'],
    [
      { custom_certificate: CERT, custom_key: KEY, custom_csr_id: 'csr-1' },
      'ssl.custom_key',
      'cannot be combined with custom_csr_id: the key of a CSR stays with Cloudflare',
    ],
    [
      { custom_certificate: KEY, custom_key: KEY },
      'ssl.custom_certificate',
      'holds a private key: it belongs in custom_key',
    ],
    [
      { custom_certificate: `${CERT}${KEY}`, custom_key: KEY },
      'ssl.custom_certificate',
      'holds a private key: it belongs in custom_key',
    ],
    [
      { custom_certificate: CERT, custom_key: CERT },
      'ssl.custom_key',
      'must be a PEM private key (a "-----BEGIN … PRIVATE KEY-----" block)',
    ],
    [
      { custom_certificate: SECRET, custom_key: KEY },
      'ssl.custom_certificate',
      'must be a PEM certificate (a "-----BEGIN CERTIFICATE-----" block)',
    ],
    [{ custom_certificate: CERT, custom_key: 42 }, 'ssl.custom_key', 'must be a string (got a number)'],
    [{ custom_certificate: CERT, custom_key: '  ' }, 'ssl.custom_key', 'must not be empty'],
    [
      { custom_cert_bundle: [] },
      'ssl.custom_cert_bundle',
      'must hold 1 or 2 certificate/key pairs (one RSA, one ECDSA), not 0',
    ],
    [
      {
        custom_cert_bundle: [
          { custom_certificate: CERT, custom_key: KEY },
          { custom_certificate: CERT_2, custom_key: EC_KEY },
          { custom_certificate: CERT, custom_key: KEY },
        ],
      },
      'ssl.custom_cert_bundle',
      /not 3$/,
    ],
    [
      { custom_cert_bundle: { custom_certificate: CERT, custom_key: KEY } },
      'ssl.custom_cert_bundle',
      'must be an array of pairs (got an object)',
    ],
    [
      { custom_cert_bundle: Object.assign(new Array(2), { 1: { custom_certificate: CERT, custom_key: KEY } }) },
      'ssl.custom_cert_bundle[0]',
      'must be a plain object (got undefined)',
    ],
    [
      { custom_cert_bundle: [{ custom_certificate: CERT }] },
      'ssl.custom_cert_bundle[0].custom_key',
      'must be a string (got undefined)',
    ],
    [
      { custom_cert_bundle: [{ custom_certificate: CERT, custom_key: KEY, custom_kye: KEY }] },
      'ssl.custom_cert_bundle[0].custom_kye',
      /^unknown field; did you mean "custom_key"\?/,
    ],
    [
      {
        custom_cert_bundle: [
          { custom_certificate: CERT, custom_key: KEY },
          { custom_certificate: CERT, custom_key: EC_KEY },
        ],
      },
      'ssl.custom_cert_bundle[1].custom_certificate',
      'repeats the first certificate (bundle one RSA and one ECDSA)',
    ],
    [
      {
        custom_cert_bundle: [{ custom_certificate: CERT, custom_key: KEY }],
        custom_certificate: CERT,
        custom_key: KEY,
      },
      'ssl.custom_cert_bundle',
      'cannot be combined with custom_certificate, custom_key or custom_csr_id: put every pair in the bundle',
    ],
    [{ custom_kye: KEY }, 'ssl.custom_kye', /^unknown field; did you mean "custom_key"\?/],
  ])('%#: %s', (ssl, field, reason) => {
    redactedError(() => checkSslInput(ssl), field, reason);
  });
});

describe('checkSslInput: properties', () => {
  /** Mostly one of the valid values, sometimes a wrong one, sometimes absent. */
  const field = <T, U>(valid: readonly T[], wrong: readonly U[]) =>
    fc.option(
      fc.oneof(
        { arbitrary: fc.constantFrom(...valid), weight: 12 },
        { arbitrary: fc.constantFrom(...wrong), weight: 1 },
      ),
      { nil: undefined, freq: 2 },
    );
  /** Present in about one case out of `oneIn`. */
  const rarely = <T>(arb: fc.Arbitrary<T>, oneIn: number) =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: oneIn - 1 }, { arbitrary: arb, weight: 1 });
  const cipherList = fc.array(
    fc.oneof(
      { arbitrary: fc.constantFrom('AES128-SHA', 'ECDHE-RSA-AES128-GCM-SHA256', 'AES256-SHA'), weight: 20 },
      { arbitrary: fc.constant(''), weight: 1 },
    ),
    { maxLength: 2 },
  );
  const settingsArb = fc.record(
    {
      min_tls_version: field(['1.0', '1.1', '1.2', '1.3'], [1.2]),
      tls_1_3: field(['on', 'off'], [true]),
      http2: field(['on', 'off'], ['ON']),
      early_hints: field(['on', 'off'], [1]),
      ciphers: rarely(cipherList, 3),
    },
    { requiredKeys: [] },
  );
  const pair = fc.record({
    custom_certificate: field([CERT, CERT_2], [KEY]).map((v) => v ?? CERT),
    custom_key: field([KEY, EC_KEY], [SECRET]).map((v) => v ?? KEY),
  });
  const sslArb = fc.record(
    {
      method: field(['http', 'txt', 'email'], ['dns', 'TXT', 1]),
      type: field(['dv'], ['ov', true]),
      certificate_authority: rarely(
        field(['digicert', 'google', 'lets_encrypt', 'ssl_com', ''], ['letsencrypt', null]),
        2,
      ),
      bundle_method: field(['ubiquitous', 'optimal', 'force'], ['best']),
      wildcard: field([true, false], ['true']),
      settings: rarely(settingsArb, 2),
      cloudflare_branding: field([true, false], [0]),
      custom_certificate: rarely(field([CERT], [KEY, SECRET]), 4),
      custom_key: rarely(field([KEY, EC_KEY], [CERT, '']), 4),
      custom_csr_id: rarely(field(['7b163417-1d2b-4c84-a38a-2fb7a0cd7752'], ['']), 6),
      custom_cert_bundle: rarely(fc.array(pair, { minLength: 1, maxLength: 2 }), 4),
    },
    { requiredKeys: [] },
  );
  /** Now and then a misspelt key, which must always be rejected. */
  const withTypo = fc
    .tuple(sslArb, fc.nat(29))
    .map(([ssl, roll]) => (roll === 0 ? { ...ssl, methd: 'txt' } : ssl) as Record<string, unknown>);

  it('returns a copy that checks to itself and keeps every rule, or throws InputError under ssl (3,000 cases)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof({ arbitrary: withTypo, weight: 5 }, { arbitrary: fc.anything(), weight: 1 }), (value) => {
        const input = deepFreeze(value);
        let out: SslInput;
        try {
          out = checkSslInput(input);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          const e = error as InputError;
          expect(e.field).toMatch(/^ssl($|\.|\[)/);
          expect(e.message).not.toContain(SECRET);
          return;
        }
        expect(checkSslInput(out)).toStrictEqual(out);
        if (out.certificate_authority !== undefined) expect(out.method && out.type).toBeTruthy();
        if (out.wildcard === true && out.method !== undefined) expect(out.method).toBe('txt');
        if (out.wildcard === true) expect(Object.keys(out.settings ?? {})).toStrictEqual([]);
        if (out.custom_certificate) expect(out.custom_key ?? out.custom_csr_id).toBeDefined();
        if (out.custom_key) expect(out.custom_certificate).toBeDefined();
        if (out.custom_cert_bundle) expect(out.custom_certificate ?? out.custom_key).toBeUndefined();
        if (out.settings?.min_tls_version === '1.3') expect(out.settings.ciphers ?? []).toStrictEqual([]);
        accepted++;
      }),
      { numRuns: 3000 },
    );
    // the generator must reach the accepting paths, not only the errors
    expect(accepted).toBeGreaterThan(300);
  });
});
