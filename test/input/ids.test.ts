import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { checkHostnameId, zoneIdProblem } from '../../src/input/ids.js';
import { inputError } from './helpers.js';

const ID_SHAPE = 'must be a custom hostname id: a UUID (8-4-4-4-12 hexadecimal digits) or 32 hexadecimal digits';

describe('checkHostnameId', () => {
  it('accepts UUIDs and 32-hex ids, lower-cased', () => {
    expect(checkHostnameId('0d89c70d-ad9f-4843-b99f-6cc0252067e9')).toBe('0d89c70d-ad9f-4843-b99f-6cc0252067e9');
    expect(checkHostnameId('0D89C70D-AD9F-4843-B99F-6CC0252067E9')).toBe('0d89c70d-ad9f-4843-b99f-6cc0252067e9');
    expect(checkHostnameId('023E105F4ECEF8AD9CA31A8372D0C353')).toBe('023e105f4ecef8ad9ca31a8372d0c353');
  });

  it.each([
    ['../quota', 'must not contain "/" (it would change the request path)'],
    [
      '0d89c70d-ad9f-4843-b99f-6cc0252067e9/certificate_pack',
      'must not contain "/" (it would change the request path)',
    ],
    ['0d89c70d?x=1', 'must not contain "?" (it would change the request path)'],
    ['0d89c70d#frag', 'must not contain "#" (it would change the request path)'],
    ['%2e%2e', 'must not contain "%" (it would change the request path)'],
    ['..', 'must not contain ".." (it would change the request path)'],
    ['a\\b', 'must not contain "\\" (it would change the request path)'],
    [' 0d89c70d-ad9f-4843-b99f-6cc0252067e9', 'must not contain whitespace'],
    ['', 'must not be empty'],
    ['quota', ID_SHAPE],
    ['0d89c70d-ad9f-4843-b99f-6cc0252067e', ID_SHAPE],
    ['0d89c70dad9f4843b99f6cc0252067e9ff', ID_SHAPE],
    ['g023e105f4ecef8ad9ca31a8372d0c35', ID_SHAPE],
    [
      'app.customer-one.com',
      `${ID_SHAPE}; this looks like a hostname: pass the id that create() returned (findByHostname() looks it up)`,
    ],
  ])('rejects %j', (value, reason) => {
    const error = inputError(() => checkHostnameId(value), 'id', reason);
    expect(error.value).toBe(value);
  });

  it('rejects non-strings and names the given field', () => {
    inputError(
      () => checkHostnameId(42, 'custom_hostname_id'),
      'custom_hostname_id',
      'must be a string (got a number)',
    );
    inputError(() => checkHostnameId(undefined), 'id', 'must be a string (got undefined)');
  });

  it('accepts every UUID, in either case (2,000 cases)', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.boolean(), (uuid, upper) => {
        expect(checkHostnameId(upper ? uuid.toUpperCase() : uuid)).toBe(uuid.toLowerCase());
      }),
      { numRuns: 2000 },
    );
  });

  it('returns a path-safe id or throws InputError on arbitrary input (5,000 cases)', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF-/.%?#'), maxLength: 40 }),
      fc.anything(),
    );
    fc.assert(
      fc.property(value, (input) => {
        try {
          const id = checkHostnameId(input);
          expect(id).toMatch(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/);
          expect(checkHostnameId(id)).toBe(id);
          expect(encodeURIComponent(id)).toBe(id);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).field).toBe('id');
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('zoneIdProblem', () => {
  it('accepts exactly 32 hexadecimal characters', () => {
    expect(zoneIdProblem('023e105f4ecef8ad9ca31a8372d0c353')).toBeUndefined();
    expect(zoneIdProblem('023E105F4ECEF8AD9CA31A8372D0C353')).toBeUndefined();
  });

  it.each([
    [undefined, "is required: the 32-character hexadecimal Zone ID from the zone's Overview page"],
    ['', "is required: the 32-character hexadecimal Zone ID from the zone's Overview page"],
    [42, "must be a string: the 32-character hexadecimal Zone ID from the zone's Overview page (got a number)"],
    [' 023e105f4ecef8ad9ca31a8372d0c353', 'must not have surrounding whitespace'],
    ['023e105f4ecef8ad9ca31a8372d0c35', 'must be the 32-character hexadecimal Zone ID (got 31 characters)'],
    ['customer-one.com', 'must be the 32-character hexadecimal Zone ID (got 16 characters), not the domain name'],
    ['023e105f4ecef8ad9ca31a8372d0c35z', 'must contain only hexadecimal characters (0-9, a-f)'],
  ])('%j → %s', (value, reason) => {
    expect(zoneIdProblem(value)).toBe(reason);
  });

  it('never repeats the value it was given (2,000 cases)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6, maxLength: 60 }).map((s) => `SECRET${s}`),
        (value) => {
          const problem = zoneIdProblem(value);
          if (problem !== undefined) expect(problem).not.toContain('SECRET');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
