import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { checkListParams } from '../../src/input/list-params.js';
import { HOSTNAME_STATUSES, SSL_STATUSES } from '../../src/schemas/enums.js';
import { asciiHostname, deepFreeze, inputError } from './helpers.js';

const ID = '0d89c70d-ad9f-4843-b99f-6cc0252067e9';
const HOSTNAME_FILTERS = ['hostname', 'hostname.exact', 'hostname.startsWith', 'hostname.contain'];

describe('checkListParams', () => {
  it('returns a normalised copy', () => {
    const input = deepFreeze({
      hostname: 'Bücher.Customer-One.com.',
      page: 2,
      per_page: 1000,
      order: 'ssl_status',
      direction: 'desc',
      ssl_status: 'pending_validation',
      hostname_status: 'pending',
      certificate_authority: 'google',
      wildcard: false,
      custom_origin_server: 'Origin.SaaS-Provider.com',
      ssl: 1,
      id: undefined,
    } as const);
    expect(checkListParams(input)).toStrictEqual({
      hostname: 'xn--bcher-kva.customer-one.com',
      page: 2,
      per_page: 1000,
      order: 'ssl_status',
      direction: 'desc',
      ssl_status: 'pending_validation',
      hostname_status: 'pending',
      certificate_authority: 'google',
      wildcard: false,
      custom_origin_server: 'origin.saas-provider.com',
      ssl: 1,
    });
  });

  it('means no filter when called without an argument or with {}', () => {
    expect(checkListParams(undefined)).toStrictEqual({});
    expect(checkListParams({})).toStrictEqual({});
  });

  it('passes ASCII fragments as they are: punycode prefixes and the * of wildcard names included', () => {
    expect(checkListParams({ 'hostname.startsWith': 'XN--' })).toStrictEqual({ 'hostname.startsWith': 'xn--' });
    expect(checkListParams({ 'hostname.contain': 'xn--bcher' })).toStrictEqual({ 'hostname.contain': 'xn--bcher' });
    expect(checkListParams({ 'hostname.contain': '*' })).toStrictEqual({ 'hostname.contain': '*' });
    expect(checkListParams({ 'hostname.contain': '.Bücher.' })).toStrictEqual({
      'hostname.contain': '.xn--bcher-kva.',
    });
  });

  it("refuses part of an international label, whose punycode is no part of the label's", () => {
    inputError(
      () => checkListParams({ 'hostname.contain': 'büch' }),
      'hostname.contain',
      '"büch" may be cut short: international labels match only whole, as punycode (xn--…); put it between dots or give the punycode',
    );
    inputError(
      () => checkListParams({ 'hostname.contain': 'bücher.com' }),
      'hostname.contain',
      /^"bücher" may be cut short/,
    );
    inputError(
      () => checkListParams({ 'hostname.startsWith': 'shop.bücher' }),
      'hostname.startsWith',
      /^"bücher" may be cut short: .*; end it with "\." or give the punycode$/,
    );
  });

  it('normalises the partial hostname filters to lower-case ASCII', () => {
    expect(checkListParams({ 'hostname.contain': 'Shop' })).toStrictEqual({ 'hostname.contain': 'shop' });
    expect(checkListParams({ 'hostname.startsWith': 'Bücher.' })).toStrictEqual({
      'hostname.startsWith': 'xn--bcher-kva.',
    });
    expect(checkListParams({ 'hostname.contain': '.customer-one' })).toStrictEqual({
      'hostname.contain': '.customer-one',
    });
    expect(checkListParams({ 'hostname.exact': '*.Customer-One.com' })).toStrictEqual({
      'hostname.exact': '*.customer-one.com',
    });
  });

  it('takes id with paging only', () => {
    expect(
      checkListParams({ id: ID.toUpperCase(), page: 1, per_page: 5, order: 'ssl', direction: 'asc' }),
    ).toStrictEqual({
      id: ID,
      page: 1,
      per_page: 5,
      order: 'ssl',
      direction: 'asc',
    });
  });

  it.each([
    [{ page: 0 }, 'page', 'must be an integer of at least 1'],
    [{ page: 1.5 }, 'page', 'must be an integer of at least 1'],
    [{ page: '2' }, 'page', 'must be an integer of at least 1 (a number, not a string)'],
    [{ per_page: 4 }, 'per_page', 'must be an integer from 5 to 1000'],
    [{ per_page: 1001 }, 'per_page', 'must be an integer from 5 to 1000'],
    [{ per_page: Number.NaN }, 'per_page', 'must be an integer from 5 to 1000'],
    [{ order: 'hostname' }, 'order', 'must be one of ssl, ssl_status'],
    [{ direction: 'DESC' }, 'direction', 'must be one of asc, desc (did you mean "desc"?)'],
    [{ ssl_status: 'timed_out' }, 'ssl_status', /^must be one of initializing, pending_validation, /],
    [{ hostname_status: 'activ' }, 'hostname_status', /\(did you mean "active"\?\)$/],
    [{ certificate_authority: 'digicert' }, 'certificate_authority', 'must be one of google, lets_encrypt, ssl_com'],
    [{ wildcard: 'false' }, 'wildcard', 'must be true or false (a boolean, not a string)'],
    [{ ssl: true }, 'ssl', 'must be 0 or 1 (use 1 for true)'],
    [{ ssl: '0' }, 'ssl', 'must be 0 or 1'],
    [{ hostname: 'customer' }, 'hostname', /Cloudflare code 1410/],
    [{ 'hostname.contain': '' }, 'hostname.contain', 'must not be empty'],
    [
      { 'hostname.contain': 'a_b' },
      'hostname.contain',
      '"_" is not allowed in a hostname (letters, digits and hyphens only)',
    ],
    [{ 'hostname.startsWith': 'a'.repeat(256) }, 'hostname.startsWith', 'must be at most 255 characters long'],
    [{ 'hostname.contains': 'shop' }, 'hostname.contains', /^unknown field; did you mean "hostname.contain"\?/],
    [{ custom_origin_server: '*.saas-provider.com' }, 'custom_origin_server', 'a wildcard ("*.") is not allowed here'],
    [{ id: '023e105f4ecef8ad9ca31a8372d0c353' }, 'id', 'must be the 36-character id (8-4-4-4-12) to filter on'],
    [{ id: '../x' }, 'id', 'must not contain "/" (it would change the request path)'],
    [
      { id: ID, hostname: 'app.customer-one.com' },
      'id',
      'cannot be combined with other filters (hostname; Cloudflare code 1438)',
    ],
    [
      { id: ID, ssl_status: 'active', wildcard: true },
      'id',
      'cannot be combined with other filters (ssl_status, wildcard; Cloudflare code 1438)',
    ],
    [
      { hostname: 'app.customer-one.com', 'hostname.contain': 'app' },
      'hostname.contain',
      'cannot be combined with "hostname": use one hostname filter',
    ],
    [[], 'params', 'must be a plain object (got an array)'],
  ])('%j → %s', (params, field, reason) => {
    inputError(() => checkListParams(params), field, reason);
  });

  it('returns a copy that checks to itself and keeps every rule, or throws InputError on a known parameter (3,000 cases)', () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
    const query = fc.record(
      {
        hostname: maybe(fc.oneof(asciiHostname, fc.constant('x.test'))),
        'hostname.exact': maybe(asciiHostname),
        'hostname.startsWith': maybe(fc.string({ maxLength: 10 })),
        'hostname.contain': maybe(fc.string({ unit: fc.constantFrom(...'abcü.-_'), maxLength: 10 })),
        id: maybe(fc.oneof(fc.uuid(), fc.string())),
        page: maybe(fc.oneof(fc.integer({ min: -2, max: 50 }), fc.double())),
        per_page: maybe(fc.integer({ min: 0, max: 1100 })),
        order: maybe(fc.constantFrom('ssl', 'ssl_status', 'name')),
        direction: maybe(fc.constantFrom('asc', 'desc', 'up')),
        ssl_status: maybe(fc.constantFrom(...SSL_STATUSES, 'timed_out')),
        hostname_status: maybe(fc.constantFrom(...HOSTNAME_STATUSES, 'gone')),
        certificate_authority: maybe(fc.constantFrom('google', 'lets_encrypt', 'ssl_com', 'digicert')),
        wildcard: maybe(fc.oneof(fc.boolean(), fc.constant('true'))),
        custom_origin_server: maybe(fc.oneof(asciiHostname, fc.string())),
        ssl: maybe(fc.constantFrom(0, 1, 2, true)),
      },
      { requiredKeys: [] },
    );
    const known = new Set([
      'params',
      ...HOSTNAME_FILTERS,
      'id',
      'page',
      'per_page',
      'order',
      'direction',
      'ssl_status',
      'hostname_status',
      'certificate_authority',
      'wildcard',
      'custom_origin_server',
      'ssl',
    ]);
    fc.assert(
      fc.property(fc.oneof(query, fc.anything()), (value) => {
        const input = deepFreeze(value);
        try {
          const out = checkListParams(input);
          expect(checkListParams(out)).toStrictEqual(out);
          expect(HOSTNAME_FILTERS.filter((key) => key in out).length).toBeLessThanOrEqual(1);
          if (out.id !== undefined) expect(out.id).toHaveLength(36);
          if (out.per_page !== undefined) expect(out.per_page >= 5 && out.per_page <= 1000).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          const field = (error as InputError).field;
          expect(
            known.has(field) ||
              (typeof value === 'object' && value !== null && Object.hasOwn(value, field)) ||
              field.startsWith('['),
          ).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
