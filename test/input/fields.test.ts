import { describe, expect, it } from 'vitest';
import { closestName, fieldPath, isPlainObject, kindOf } from '../../src/input/fields.js';

describe('fields helpers', () => {
  it('builds field paths', () => {
    expect(fieldPath(undefined, 'hostname')).toBe('hostname');
    expect(fieldPath('ssl', 'method')).toBe('ssl.method');
    expect(fieldPath('custom_metadata', 'plan-id')).toBe('custom_metadata.plan-id');
    expect(fieldPath('custom_metadata', 'two words')).toBe('custom_metadata["two words"]');
    expect(fieldPath(undefined, '')).toBe('[""]');
    expect(fieldPath(undefined, 'hostname.contain')).toBe('hostname.contain');
    expect(fieldPath('custom_metadata', 'a.b')).toBe('custom_metadata["a.b"]');
  });

  it('recognises plain objects only', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(new Date())).toBe(false);
    expect(isPlainObject(new Map())).toBe(false);
    expect(isPlainObject(new (class Params {})())).toBe(false);
    expect(isPlainObject(null)).toBe(false);
  });

  it('names kinds of values', () => {
    expect([null, undefined, [], {}, 1, 'a', true].map(kindOf)).toStrictEqual([
      'null',
      'undefined',
      'an array',
      'an object',
      'a number',
      'a string',
      'a boolean',
    ]);
  });

  it('suggests the closest known name only when it is close', () => {
    expect(closestName('methd', ['method', 'type'])).toBe('method');
    expect(closestName('METHOD', ['method'])).toBe('method');
    expect(closestName('custm_metadata', ['hostname', 'custom_metadata'])).toBe('custom_metadata');
    expect(closestName('ov', ['dv'])).toBeUndefined();
    expect(closestName('sll', ['ssl'])).toBe('ssl');
    expect(closestName('1.4', ['1.0', '1.3'])).toBeUndefined();
    expect(closestName('min_tls', ['min_tls_version'])).toBe('min_tls_version');
    expect(closestName('zzz', ['method', 'type'])).toBeUndefined();
  });
});
