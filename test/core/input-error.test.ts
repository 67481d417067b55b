import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CloudflareSaaS, InputError } from '../../src/index.js';
import { HOST_ID, scriptedFetch, TOKEN, ZONE } from '../helpers/scripted-fetch.js';

const SECRET = 'KEY-MATERIAL-91c2';
const KEY = `-----BEGIN PRIVATE KEY-----\nMIIEvQ${SECRET}\n-----END PRIVATE KEY-----\n`;
const CERT = `-----BEGIN CERTIFICATE-----\nMIIB${SECRET}\n-----END CERTIFICATE-----\n`;

/** Every way an error reaches a log: message, JSON, inspect, the value itself. */
function expectNoSecret(error: InputError): void {
  expect(error.message).not.toContain(SECRET);
  expect(JSON.stringify(error)).not.toContain(SECRET);
  expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
  expect(JSON.stringify(error.value ?? null)).not.toContain(SECRET);
}

describe('InputError: the value it shows', () => {
  it('redacts key and certificate text at any depth and keeps the rest', () => {
    const error = new InputError('ssl', { a: [KEY, 'txt'], b: { c: CERT, n: 3 } }, 'is wrong');
    expect(error.value).toStrictEqual({ a: ['[redacted]', 'txt'], b: { c: '[redacted]', n: 3 } });
    expect(error.message).toBe('ssl {"a":["[redacted]","txt"],"b":{"c":"[redacted]","n":3}}: is wrong');
    expectNoSecret(error);
  });

  it('cuts long text to 100 characters, in the value as in the message', () => {
    const long = `${'a'.repeat(150)}.com`;
    const error = new InputError('hostname', long, 'is too long');
    expect(error.value).toBe(`${'a'.repeat(99)}…`);
    expect(String(error.value)).toHaveLength(100);
    expect(error.message).toBe(`hostname "${'a'.repeat(96)}…: is too long`);
  });

  it('elides nesting below 3 levels, which also ends a cycle', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    const error = new InputError('params', cyclic, 'is wrong');
    expect(error.value).toStrictEqual({ name: 'x', self: { name: 'x', self: { name: 'x', self: '{…}' } } });
    expect(new InputError('a', [[[[KEY]]]], 'x').value).toStrictEqual([[['[…]']]]);
  });

  it('turns into JSON with a bigint in its value, written as 5n, the value itself kept as given', () => {
    const error = new InputError('custom_metadata', { plan: 5n, seats: [1n] }, 'must hold strings');
    expect(error.value).toStrictEqual({ plan: 5n, seats: [1n] });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'InputError',
      field: 'custom_metadata',
      value: { plan: '5n', seats: ['1n'] },
    });
    expect(JSON.parse(JSON.stringify(new InputError('timeout', 7n, 'must be a number'))).value).toBe('7n');
  });

  it('shows nothing for a value not given: the field, then why', () => {
    expect(new InputError('hostname', undefined, 'is required').message).toBe('hostname: is required');
    expect(new InputError('hostname', null, 'is required').message).toBe('hostname null: is required');
    const saas = new CloudflareSaaS({ apiToken: 'tok_abcdefghijklmnop', zoneId: '023e105f4ecef8ad9ca31a8372d0c353' });
    expect(() => saas.validation.migrate({ hostname: 'www.customer-one.com' })).toThrow(
      /^cnameTarget: is required here: pass cnameTarget/,
    );
  });

  it('keeps numbers, booleans, null, undefined and class instances as given', () => {
    const date = new Date(0);
    for (const value of [42, Number.NaN, true, null, undefined, date]) {
      expect(new InputError('f', value, 'x').value).toBe(value);
    }
  });
});

describe('InputError: a private key given in the wrong place is never shown, and nothing is sent', () => {
  const { fetch, requests } = scriptedFetch();
  const saas = new CloudflareSaaS({ apiToken: TOKEN, zoneId: ZONE, fetch, rateLimit: false });
  const hosts = saas.customHostnames;
  const cases: [string, () => Promise<unknown>, string][] = [
    [
      'a bundle of strings instead of pairs',
      () => hosts.create({ hostname: 'b.customer.com', ssl: { custom_cert_bundle: [KEY, CERT] as never } }),
      'ssl.custom_cert_bundle[0]',
    ],
    ['the key as the ssl object', () => hosts.create({ hostname: 'b.customer.com', ssl: KEY as never }), 'ssl'],
    [
      'a misspelt bundle field',
      () =>
        hosts.create({
          hostname: 'b.customer.com',
          ssl: { custom_cert_bundles: [{ custom_key: KEY, custom_certificate: CERT }] } as never,
        }),
      'ssl.custom_cert_bundles',
    ],
    ['the key as replaceCertificate params', () => hosts.replaceCertificate(KEY as never), 'params'],
    [
      'the key as an edit',
      () => hosts.edit(HOST_ID, { ssl: { method: 'txt', type: 'dv', settings: KEY as never } }),
      'ssl.settings',
    ],
  ];
  it.each(cases)('%s', async (_, call, field) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe(field);
    expectNoSecret(error as InputError);
    expect(requests).toHaveLength(0);
  });
});
