import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { checkFallbackOriginParams } from '../../src/input/fallback-origin-params.js';
import { asciiHostname, inputError } from './helpers.js';

describe('checkFallbackOriginParams', () => {
  it('returns the origin normalised', () => {
    expect(checkFallbackOriginParams({ origin: 'Fallback.SaaS-Provider.com.' })).toStrictEqual({
      origin: 'fallback.saas-provider.com',
    });
  });

  it.each([
    [{}, 'origin', 'is required: a proxied DNS record of the SaaS zone, as in "fallback.saas-provider.com"'],
    [{ origin: '203.0.113.7' }, 'origin', 'an IP address is not a hostname'],
    [{ origin: '*.saas-provider.com' }, 'origin', 'a wildcard ("*.") is not allowed here'],
    [{ origin: 'https://fallback.saas-provider.com' }, 'origin', 'give the hostname alone, without "https://"'],
    [
      { origin: 'fallback.saas-provider.com', orgin: 'x' },
      'orgin',
      'unknown field; did you mean "origin"? (allowed: origin)',
    ],
    ['fallback.saas-provider.com', 'params', 'must be a plain object (got a string)'],
  ])('%j → %s', (params, field, reason) => {
    inputError(() => checkFallbackOriginParams(params), field, reason);
  });

  it('accepts generated hostnames and rejects anything else with InputError (2,000 cases)', () => {
    fc.assert(
      fc.property(fc.oneof(asciiHostname, fc.anything()), (origin) => {
        try {
          const out = checkFallbackOriginParams({ origin });
          expect(checkFallbackOriginParams(out)).toStrictEqual(out);
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as InputError).field).toBe('origin');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
