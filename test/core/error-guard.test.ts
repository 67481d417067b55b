import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  APIError,
  apiErrorFor,
  type CloudflareSaaSErrorName,
  ConflictError,
  InputError,
  isCloudflareSaaSError,
  PollTimeoutError,
  RateLimitError,
  ResponseValidationError,
} from '../../src/index.js';

/** The error classes of a second copy of the package, as a bundle that inlines its own copy loads them. */
async function otherCopy(): Promise<typeof import('../../src/index.js')> {
  vi.resetModules();
  return import('../../src/index.js');
}

const STATUSES = [400, 401, 403, 404, 409, 422, 429, 500, 503, 418];

describe('isCloudflareSaaSError(value, name)', () => {
  it('narrows an error of another copy, where instanceof fails, to the class named', async () => {
    const other = await otherCopy();
    expect(other.RateLimitError).not.toBe(RateLimitError);
    const error: unknown = new other.RateLimitError({ status: 429, method: 'GET', path: '/zones/z', retryAfter: 30 });

    expect(error instanceof RateLimitError).toBe(false);
    expect(isCloudflareSaaSError(error, 'RateLimitError')).toBe(true);
    if (isCloudflareSaaSError(error, 'RateLimitError')) {
      expectTypeOf(error).toEqualTypeOf<RateLimitError>();
      expect(error.retryAfter).toBe(30);
    }
    expect(isCloudflareSaaSError(error, 'APIError')).toBe(true);
    expect(isCloudflareSaaSError(error, 'CloudflareSaaSError')).toBe(true);
    expect(isCloudflareSaaSError(error, 'ConflictError')).toBe(false);
    expect(isCloudflareSaaSError(error, 'InputError')).toBe(false);
  });

  it("matches every APIError subclass by 'APIError' and by its own name, and no other", () => {
    for (const status of STATUSES) {
      const error = apiErrorFor({ status, method: 'GET', path: '/zones/z' });
      expect(isCloudflareSaaSError(error, 'APIError')).toBe(true);
      expect(isCloudflareSaaSError(error, error.name as CloudflareSaaSErrorName)).toBe(true);
      const others = STATUSES.map((s) => apiErrorFor({ status: s, method: 'GET', path: '/zones/z' }).name);
      for (const name of others.filter((n) => n !== error.name && n !== 'APIError')) {
        expect(isCloudflareSaaSError(error, name as CloudflareSaaSErrorName)).toBe(false);
      }
    }
  });

  it("'APIError' also matches a status subclass this copy does not know (one a newer copy added)", async () => {
    const other = await otherCopy();
    class ServiceUnavailableError extends other.InternalServerError {
      override name = 'ServiceUnavailableError';
    }
    const error: unknown = new ServiceUnavailableError({ status: 503, method: 'GET', path: '/zones/z' });
    expect(isCloudflareSaaSError(error, 'APIError')).toBe(true);
    expect(isCloudflareSaaSError(error, 'InternalServerError')).toBe(false); // a name is matched as it is
  });

  it("an error outside APIError is not an 'APIError'", () => {
    const input = new InputError('hostname', 'x', 'bad');
    const timeout = new PollTimeoutError(0, null);
    const invalid = new ResponseValidationError('GET', '/zones/z', 200, [], '{}');
    expect(isCloudflareSaaSError(invalid, 'ResponseValidationError')).toBe(true);
    expect(isCloudflareSaaSError(invalid, 'APIError')).toBe(false); // a status, but not an API error
    expect(isCloudflareSaaSError(input, 'InputError')).toBe(true);
    expect(isCloudflareSaaSError(input, 'APIError')).toBe(false);
    expect(isCloudflareSaaSError(timeout, 'PollTimeoutError')).toBe(true);
    expect(isCloudflareSaaSError(timeout, 'APIError')).toBe(false);
  });

  it('is false for anything not from this package, whatever its name', () => {
    const lookalike = Object.assign(new Error('x'), { name: 'ConflictError', status: 409 });
    expect(isCloudflareSaaSError(lookalike, 'ConflictError')).toBe(false);
    expect(isCloudflareSaaSError(null, 'APIError')).toBe(false);
    expect(isCloudflareSaaSError('ConflictError', 'ConflictError')).toBe(false);
  });

  it('narrows to the type of the class named', () => {
    const error: unknown = new ConflictError({ status: 409, method: 'POST', path: '/zones/z/custom_hostnames' });
    if (isCloudflareSaaSError(error, 'APIError')) expectTypeOf(error).toEqualTypeOf<APIError>();
    if (isCloudflareSaaSError(error)) expectTypeOf(error.name).toBeString();
  });
});
