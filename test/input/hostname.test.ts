import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { hostnameToASCII, isValidHostname, normalizeHostname } from '../../src/input/hostname.js';
import { asciiHostname, idnDomain, inputError } from './helpers.js';

describe('normalizeHostname: accepted names', () => {
  it.each([
    ['app.customer-one.com', 'app.customer-one.com'],
    ['App.Customer-One.COM', 'app.customer-one.com'],
    ['app.customer-one.com.', 'app.customer-one.com'],
    ['  app.customer-one.com\n', 'app.customer-one.com'],
    ['bücher.customer-one.de', 'xn--bcher-kva.customer-one.de'],
    ['例え.jp', 'xn--r8jz45g.jp'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['*.customer-one.com', '*.customer-one.com'],
    ['*.Bücher.de.', '*.xn--bcher-kva.de'],
    ['1.customer-one.com', '1.customer-one.com'],
    ['a-b.c-d.io', 'a-b.c-d.io'],
    ['example.co', 'example.co'],
    ['notexample.com', 'notexample.com'],
    ['test.customer-one.com', 'test.customer-one.com'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
    ['نامه\u200Cای.ir', 'xn--mgba3gch31f060k.ir'],
    ['*.ශ්\u200Dරී.lk', '*.xn--10cl1a0b660p.lk'],
    ['葛\u{E0100}飾.jp', 'xn--pt1aq63b.jp'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeHostname(input)).toBe(expected);
    expect(isValidHostname(input)).toBe(true);
  });

  it('accepts a name of exactly 255 characters and rejects 256', () => {
    const label = 'a'.repeat(63);
    const name255 = `${label}.${label}.${label}.${'b'.repeat(59)}.com`;
    expect(name255).toHaveLength(255);
    expect(normalizeHostname(name255)).toBe(name255);
    const tooLong = `${label}.${label}.${label}.${'b'.repeat(60)}.com`;
    expect(tooLong).toHaveLength(256);
    inputError(
      () => normalizeHostname(tooLong),
      'hostname',
      'is 256 characters long in ASCII form; at most 255 are allowed',
    );
  });

  it('counts the length after conversion to Punycode', () => {
    const label = Array.from({ length: 30 }, (_, i) => String.fromCodePoint(0x4e00 + i * 397)).join('');
    expect(label).toHaveLength(30);
    inputError(
      () => normalizeHostname(`${label}.com`),
      'hostname',
      /^label "xn--.*…" is \d+ characters long; at most 63 are allowed$/,
    );
  });
});

describe('normalizeHostname: rejected names', () => {
  it.each([
    ['', 'must not be empty'],
    ['   ', 'must not be empty'],
    ['.', 'must not be empty'],
    ['bad_host.com', '"_" is not allowed in a hostname (letters, digits and hyphens only)'],
    ['a b.com', '" " (a space) is not allowed in a hostname (letters, digits and hyphens only)'],
    ['10.0.0.1', 'an IP address is not a hostname'],
    ['10.0.0.1.', 'an IP address is not a hostname'],
    ['0x7f.1', 'an IP address is not a hostname'],
    ['2130706433', 'an IP address is not a hostname'],
    ['１０.０.０.１', 'an IP address is not a hostname'],
    ['[::1]', 'an IP address is not a hostname'],
    ['::1', 'an IP address is not a hostname'],
    ['2001:db8::1', 'an IP address is not a hostname'],
    ['[2001:db8::1]', 'an IP address is not a hostname'],
    ['a.b.123', 'the top-level domain "123" cannot be numeric'],
    [
      'customer',
      'needs at least two labels, as in "app.customer-one.com" (a single label has no registrable domain; Cloudflare code 1410)',
    ],
    ['app.test', '".test" is a reserved top-level domain (Cloudflare code 1409)'],
    ['app.EXAMPLE', '".example" is a reserved top-level domain (Cloudflare code 1409)'],
    ['app.invalid', '".invalid" is a reserved top-level domain (Cloudflare code 1409)'],
    ['localhost', '".localhost" is a reserved top-level domain (Cloudflare code 1409)'],
    ['app.localhost.', '".localhost" is a reserved top-level domain (Cloudflare code 1409)'],
    ['example.com', '"example.com" and the names under it are reserved for documentation (Cloudflare code 1411)'],
    ['app.example.net', '"example.net" and the names under it are reserved for documentation (Cloudflare code 1411)'],
    ['a.b.Example.Org.', '"example.org" and the names under it are reserved for documentation (Cloudflare code 1411)'],
    ['.customer-one.com', 'must not start with "."'],
    ['app..customer-one.com', 'has an empty label ("..")'],
    ['app.customer-one.com..', 'has an empty label ("..")'],
    ['-app.customer-one.com', 'label "-app" starts or ends with a hyphen'],
    ['app-.customer-one.com', 'label "app-" starts or ends with a hyphen'],
    [`${'a'.repeat(64)}.com`, `label "${'a'.repeat(20)}…" is 64 characters long; at most 63 are allowed`],
    ['https://app.customer-one.com', 'give the hostname alone, without "https://"'],
    ['app.customer-one.com/path', '"/" is not allowed in a hostname (give the hostname alone, without a path)'],
    ['app.customer-one.com:8443', '":" is not allowed in a hostname (give the hostname alone, without a port)'],
    ['app.*.customer-one.com', '"*" is only allowed as the whole first label, as in "*.customer-one.com"'],
    ['*app.customer-one.com', '"*" is only allowed as the whole first label, as in "*.customer-one.com"'],
    ['*.*.customer-one.com', '"*" is only allowed as the whole first label, as in "*.customer-one.com"'],
    [
      '*.com',
      'needs at least two labels, as in "app.customer-one.com" (a single label has no registrable domain; Cloudflare code 1410)',
    ],
    ['xn--abc.com', /^label "xn--abc" is not a valid international label/],
    ['aمثال.com', 'label "aمثال" mixes left-to-right and right-to-left characters (RFC 5893 bidi rule)'],
    [
      'shop\uFE52customer.com',
      '"﹒" (U+FE52) is not allowed in a hostname (it reads as ".", which would split the label)',
    ],
    ['Ⴀbc.ge', '"Ⴀ" (U+10A0) is not allowed in a hostname (IDNA disallows it)'],
    [
      'a\u200Db.com',
      'U+200D (an invisible formatting character) is not allowed in a hostname except after a virama (letters, digits and hyphens only)',
    ],
  ])('%j', (input, reason) => {
    const error = inputError(() => normalizeHostname(input), 'hostname', reason);
    expect(error.value).toBe(input);
    expect(isValidHostname(input)).toBe(false);
  });

  it('rejects a wildcard when not allowed, and names the given field', () => {
    inputError(
      () => normalizeHostname('*.customer-one.com', 'custom_origin_server', { wildcard: false }),
      'custom_origin_server',
      'a wildcard ("*.") is not allowed here',
    );
    inputError(
      () => normalizeHostname('a*.customer-one.com', 'origin', { wildcard: false }),
      'origin',
      '"*" is not allowed here (no wildcard)',
    );
  });

  it('rejects non-strings with InputError', () => {
    for (const value of [undefined, null, 42, {}, ['a.com'], true]) {
      inputError(() => normalizeHostname(value), 'hostname', /^must be a string \(got /);
      expect(isValidHostname(value as string)).toBe(false);
    }
  });

  it('gives the error message format of the docs', () => {
    const error = inputError(() => normalizeHostname('bad_host.com'), 'hostname');
    expect(error.message).toBe(
      'hostname "bad_host.com": "_" is not allowed in a hostname (letters, digits and hyphens only)',
    );
  });
});

describe('normalizeHostname: properties', () => {
  it('accepts every generated ASCII domain, lower-cased (2,000 cases)', () => {
    fc.assert(
      fc.property(asciiHostname, fc.boolean(), (domain, upper) => {
        const input = upper ? domain.toUpperCase() : domain;
        expect(normalizeHostname(input)).toBe(domain.toLowerCase());
        expect(normalizeHostname(`${input}.`)).toBe(domain.toLowerCase());
        expect(normalizeHostname(`*.${input}`)).toBe(`*.${domain.toLowerCase()}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('normalises generated international domains to ASCII that checks again to itself (2,000 cases)', () => {
    fc.assert(
      fc.property(idnDomain, (domain) => {
        const result = hostnameToASCII(domain, true);
        if (!result.ok) {
          // only length limits may reject a generated IDN domain
          expect(result.reason).toMatch(/characters long/);
          return;
        }
        expect(result.value).toMatch(/^[a-z0-9.-]+$/);
        expect(normalizeHostname(result.value)).toBe(result.value);
        expect(isValidHostname(result.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every IPv4 and IPv6 literal (2,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.ipV4(),
          fc.ipV4Extended(),
          fc.ipV6(),
          fc.ipV6().map((ip) => `[${ip}]`),
        ),
        (ip) => {
          inputError(() => normalizeHostname(ip), 'hostname', 'an IP address is not a hostname');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects every name under a reserved top-level domain or documentation domain (2,000 cases)', () => {
    const reserved = fc.constantFrom(
      'test',
      'example',
      'invalid',
      'localhost',
      'example.com',
      'example.net',
      'example.org',
    );
    fc.assert(
      fc.property(fc.option(asciiHostname, { nil: undefined }), reserved, (prefix, suffix) => {
        const name = prefix === undefined ? suffix : `${prefix}.${suffix}`;
        inputError(() => normalizeHostname(name), 'hostname', /Cloudflare code 14(09|10|11)\)$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects labels over 63 characters and names over 255 (2,000 cases)', () => {
    const longLabel = fc.string({ unit: fc.constantFrom(...'abcxyz019'), minLength: 64, maxLength: 100 });
    const manyLabels = fc.array(fc.constant('a'.repeat(50)), { minLength: 6, maxLength: 8 });
    fc.assert(
      fc.property(
        fc.oneof(
          longLabel.map((l) => `${l}.com`),
          manyLabels.map((ls) => `${ls.join('.')}.com`),
        ),
        (name) => {
          inputError(() => normalizeHostname(name), 'hostname', /characters long/);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('returns a valid, idempotent hostname or throws InputError on arbitrary input (5,000 cases)', () => {
    const input = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: fc.constantFrom(...'aZ0-._*:/[] é例'), maxLength: 40 }),
      fc.anything(),
    );
    fc.assert(
      fc.property(input, fc.boolean(), (value, wildcard) => {
        let result: string;
        try {
          result = normalizeHostname(value, 'custom_origin_server', { wildcard });
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).field).toBe('custom_origin_server');
          return;
        }
        expect(isValidHostname(result)).toBe(true);
        expect(normalizeHostname(result, 'x', { wildcard })).toBe(result);
        expect(result).toMatch(/^(\*\.)?[a-z0-9.-]+$/);
        expect(result.length).toBeLessThanOrEqual(255);
      }),
      { numRuns: 5000 },
    );
  });
});
