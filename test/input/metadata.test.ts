import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { CUSTOM_METADATA_MAX_BYTES, checkCustomMetadata } from '../../src/input/metadata.js';
import { deepFreeze, inputError } from './helpers.js';

describe('checkCustomMetadata', () => {
  it('returns a copy of a string map, without undefined entries', () => {
    const input = deepFreeze({ customer_id: '42', plan: 'pro', gone: undefined });
    const out = checkCustomMetadata(input);
    expect(out).toStrictEqual({ customer_id: '42', plan: 'pro' });
    expect(out).not.toBe(input);
    expect(checkCustomMetadata({})).toStrictEqual({});
  });

  it('keeps a "__proto__" key as data, not as a prototype', () => {
    const input = JSON.parse('{"__proto__":"x","a":"b"}') as Record<string, unknown>;
    const out = checkCustomMetadata(input);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toStrictEqual(['__proto__', 'a']);
    expect(JSON.stringify(out)).toBe('{"__proto__":"x","a":"b"}');
  });

  it('rejects non-string values with a reason saying the API takes strings', () => {
    const error = inputError(() => checkCustomMetadata({ beta: true }), 'custom_metadata.beta');
    expect(error.value).toBe(true);
    expect(error.reason).toBe(
      'must be a string, not a boolean (the API takes string values only; convert with String() or JSON.stringify())',
    );
    inputError(() => checkCustomMetadata({ n: 1 }), 'custom_metadata.n', /^must be a string, not a number/);
    inputError(() => checkCustomMetadata({ n: null }), 'custom_metadata.n', /^must be a string, not null/);
    inputError(
      () => checkCustomMetadata({ 'two words': {} }),
      'custom_metadata["two words"]',
      /^must be a string, not an object/,
    );
  });

  it('rejects anything but a plain object', () => {
    inputError(() => checkCustomMetadata([]), 'custom_metadata', 'must be a plain object (got an array)');
    inputError(() => checkCustomMetadata('plan=pro'), 'custom_metadata', 'must be a plain object (got a string)');
    inputError(() => checkCustomMetadata(new Map()), 'custom_metadata', 'must be a plain object (got an object)');
    inputError(() => checkCustomMetadata(null), 'custom_metadata', 'must be a plain object (got null)');
  });

  it('allows 4096 bytes of JSON and rejects 4097, counting UTF-8 bytes', () => {
    const overhead = JSON.stringify({ k: '' }).length; // {"k":""} = 8
    const exact = { k: 'a'.repeat(CUSTOM_METADATA_MAX_BYTES - overhead) };
    expect(checkCustomMetadata(exact)).toStrictEqual(exact);
    inputError(
      () => checkCustomMetadata({ k: 'a'.repeat(CUSTOM_METADATA_MAX_BYTES - overhead + 1) }),
      'custom_metadata',
      'is 4097 bytes as JSON; Cloudflare stores at most 4096 bytes per hostname',
    );
    // "é" is 2 bytes in UTF-8: 2,044 of them fit in 4096 - 8 bytes, 2,045 do not
    expect(() => checkCustomMetadata({ k: 'é'.repeat(2044) })).not.toThrow();
    inputError(() => checkCustomMetadata({ k: 'é'.repeat(2045) }), 'custom_metadata', /^is 4098 bytes as JSON/);
  });

  it('returns a copy that checks to itself, or throws InputError under custom_metadata (2,000 cases)', () => {
    const metadata = fc.oneof(
      fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 300 }), { maxKeys: 20 }),
      fc.dictionary(
        fc.string({ maxLength: 12 }),
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(undefined)),
        { maxKeys: 6 },
      ),
      fc.anything(),
    );
    fc.assert(
      fc.property(metadata, (value) => {
        const frozen = deepFreeze(value);
        try {
          const out = checkCustomMetadata(frozen);
          expect(Object.values(out).every((v) => typeof v === 'string')).toBe(true);
          expect(new TextEncoder().encode(JSON.stringify(out)).length).toBeLessThanOrEqual(4096);
          expect(checkCustomMetadata(out)).toStrictEqual(out);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).field.startsWith('custom_metadata')).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
