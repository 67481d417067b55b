import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { checkCreateParams, checkEditParams } from '../../src/input/custom-hostname-params.js';
import { isValidHostname } from '../../src/input/hostname.js';
import { asciiHostname, deepFreeze, idnDomain, inputError } from './helpers.js';

const TOP_LEVEL = /^(params|hostname|ssl|custom_metadata|custom_origin_server|custom_origin_sni)($|\.|\[)/;

describe('checkCreateParams', () => {
  it('returns a normalised copy and leaves the argument alone', () => {
    const input = deepFreeze({
      hostname: ' Bücher.Customer-One.com. ',
      ssl: { method: 'txt', type: 'dv', settings: { min_tls_version: '1.2' } },
      custom_metadata: { customer_id: '42' },
      custom_origin_server: 'Origin.SaaS-Provider.com',
      custom_origin_sni: 'SNI.saas-provider.com.',
    } as const);
    const snapshot = structuredClone(input);
    const out = checkCreateParams(input);
    expect(out).toStrictEqual({
      hostname: 'xn--bcher-kva.customer-one.com',
      ssl: { method: 'txt', type: 'dv', settings: { min_tls_version: '1.2' } },
      custom_metadata: { customer_id: '42' },
      custom_origin_server: 'origin.saas-provider.com',
      custom_origin_sni: 'sni.saas-provider.com',
    });
    expect(input).toStrictEqual(snapshot);
    expect(out.ssl).not.toBe(input.ssl);
    expect(out.custom_metadata).not.toBe(input.custom_metadata);
  });

  it('accepts the request-host-header SNI and drops undefined fields', () => {
    expect(
      checkCreateParams({
        hostname: 'app.customer-one.com',
        custom_origin_sni: ':request_host_header:',
        ssl: undefined,
      }),
    ).toStrictEqual({ hostname: 'app.customer-one.com', custom_origin_sni: ':request_host_header:' });
  });

  it.each([
    [undefined, 'params', 'must be a plain object (got undefined)'],
    ['app.customer-one.com', 'params', 'must be a plain object (got a string)'],
    [{}, 'hostname', 'is required: the customer hostname, as in "app.customer-one.com"'],
    [{ hostname: 42 }, 'hostname', 'must be a string (got a number)'],
    [{ hostname: 'app.example.com' }, 'hostname', /Cloudflare code 1411/],
    [
      { hostname: 'app.customer-one.com', custm_metadata: {} },
      'custm_metadata',
      'unknown field; did you mean "custom_metadata"? (allowed: hostname, ssl, custom_metadata, custom_origin_server, custom_origin_sni)',
    ],
    [{ hostname: 'app.customer-one.com', method: 'txt' }, 'method', /^unknown field \(allowed: hostname, ssl, /],
    [{ hostname: 'app.customer-one.com', ssl: { method: 'dns' } }, 'ssl.method', 'must be one of http, txt, email'],
    [
      { hostname: 'app.customer-one.com', custom_metadata: { beta: true } },
      'custom_metadata.beta',
      /^must be a string, not a boolean/,
    ],
    [
      { hostname: '*.customer-one.com', custom_metadata: { plan: 'pro' } },
      'custom_metadata',
      'is not supported on a wildcard hostname (Cloudflare code 1412)',
    ],
    [
      { hostname: 'app.customer-one.com', custom_origin_server: '*.saas-provider.com' },
      'custom_origin_server',
      'a wildcard ("*.") is not allowed here',
    ],
    [
      { hostname: 'app.customer-one.com', custom_origin_server: '192.0.2.1' },
      'custom_origin_server',
      'an IP address is not a hostname',
    ],
    [
      { hostname: 'app.customer-one.com', custom_origin_server: 'origin.test' },
      'custom_origin_server',
      /Cloudflare code 1409/,
    ],
    [
      { hostname: 'app.customer-one.com', custom_origin_sni: 'request_host_header' },
      'custom_origin_sni',
      /^"_" is not allowed/,
    ],
    [{ hostname: 'app.customer-one.com', custom_origin_sni: 'sni' }, 'custom_origin_sni', /Cloudflare code 1410/],
    [
      { hostname: 'app.customer-one.com', custom_origin_sni: ':request_host:' },
      'custom_origin_sni',
      /":" is not allowed/,
    ],
  ])('%j → %s', (params, field, reason) => {
    inputError(() => checkCreateParams(params), field, reason);
  });

  it('accepts generated hostnames, ASCII and international (2,000 cases)', () => {
    fc.assert(
      fc.property(fc.oneof(asciiHostname, idnDomain.filter(isValidHostname)), (hostname) => {
        const out = checkCreateParams({ hostname, ssl: { method: 'http', type: 'dv' } });
        expect(isValidHostname(out.hostname)).toBe(true);
        expect(out.hostname).toMatch(/^[a-z0-9.-]+$/);
        expect(checkCreateParams(out)).toStrictEqual(out);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns a copy that checks to itself or throws InputError on a top-level field (3,000 cases)', () => {
    const params = fc.record(
      {
        hostname: fc.oneof(
          asciiHostname,
          idnDomain,
          fc.constantFrom('*.customer-one.com', 'bad_host.com', '10.0.0.1', 'x.test'),
          fc.anything(),
        ),
        ssl: fc.oneof(fc.constant({ method: 'txt', type: 'dv' }), fc.constant({ methd: 'txt' }), fc.anything()),
        custom_metadata: fc.oneof(
          fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 4 }),
          fc.anything(),
        ),
        custom_origin_server: fc.oneof(asciiHostname, fc.string()),
        custom_origin_sni: fc.oneof(fc.constant(':request_host_header:'), asciiHostname, fc.string()),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(params, fc.anything()), (value) => {
        const input = deepFreeze(value);
        try {
          const out = checkCreateParams(input);
          expect(isValidHostname(out.hostname)).toBe(true);
          expect(checkCreateParams(out)).toStrictEqual(out);
          if (out.hostname.startsWith('*.')) expect(out.custom_metadata).toBeUndefined();
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          const field = (error as InputError).field;
          expect(
            TOP_LEVEL.test(field) ||
              field.startsWith('[') ||
              (typeof value === 'object' && value !== null && Object.hasOwn(value, field)),
          ).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('checkEditParams', () => {
  it('allows an empty object and no argument', () => {
    expect(checkEditParams({})).toStrictEqual({});
    expect(checkEditParams(undefined)).toStrictEqual({});
  });

  it('returns a normalised copy', () => {
    const input = deepFreeze({
      ssl: { method: 'txt', type: 'dv' },
      custom_origin_server: 'ORIGIN.saas-provider.com',
    } as const);
    expect(checkEditParams(input)).toStrictEqual({
      ssl: { method: 'txt', type: 'dv' },
      custom_origin_server: 'origin.saas-provider.com',
    });
  });

  it('allows custom metadata (the hostname, and so whether it is a wildcard, is not known here)', () => {
    expect(checkEditParams({ custom_metadata: { plan: 'pro' } })).toStrictEqual({ custom_metadata: { plan: 'pro' } });
  });

  it.each([
    [
      { hostname: 'new.customer-one.com' },
      'hostname',
      'cannot be changed (Cloudflare code 1439): delete the custom hostname and create the new one',
    ],
    [{ hostname: undefined, ssl: { method: 'txt' } }, 'hostname', /Cloudflare code 1439/],
    [
      { sll: { method: 'txt' } },
      'sll',
      'unknown field; did you mean "ssl"? (allowed: ssl, custom_metadata, custom_origin_server, custom_origin_sni)',
    ],
    [null, 'params', 'must be a plain object (got null)'],
    [
      {
        ssl: {
          method: 'txt',
          type: 'dv',
          certificate_authority: 'google',
          wildcard: true,
          settings: { ciphers: ['A', 'A'] },
        },
      },
      'ssl.settings.ciphers[1]',
      'is listed twice (ciphers must be unique)',
    ],
  ])('%j → %s', (params, field, reason) => {
    inputError(() => checkEditParams(params), field, reason);
  });
});
