import { describe, expect, test } from 'vitest';
import {
  APIError,
  ConflictError,
  InputError,
  isCloudflareSaaSError,
  NotFoundError,
  RateLimitError,
} from '../../src/index.js';
import { apiCalls, onSimulator } from './setup.js';

const HOST = 'app.customer-one.com';

describe('errors round trip from the API to typed classes', () => {
  test('a duplicate create is a ConflictError 409 / 1406 with a cf-ray', async () => {
    const { sim, saas } = onSimulator();
    await saas.customHostnames.create({ hostname: HOST });

    const error = await saas.customHostnames.create({ hostname: HOST }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toBeInstanceOf(APIError);
    expect(isCloudflareSaaSError(error)).toBe(true);
    const conflict = error as ConflictError;
    expect([conflict.name, conflict.status, conflict.code, conflict.retryable]).toEqual([
      'ConflictError',
      409,
      1406,
      false,
    ]);
    expect(conflict.requestId).toMatch(/-SIM$/);
    expect(JSON.parse(JSON.stringify(conflict))).toMatchObject({ name: 'ConflictError', status: 409, code: 1406 });
    expect(apiCalls(sim)).toEqual(['POST /custom_hostnames', 'POST /custom_hostnames']);
  });

  test('an unknown id is a NotFoundError 404 / 1436', async () => {
    const { saas } = onSimulator();
    const error = await saas.customHostnames.get('0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe(1436);
  });

  test('a 429 whose Retry-After is past maxRetryAfter fails at once as a RateLimitError', async () => {
    const { sim, saas } = onSimulator();
    const created = await saas.customHostnames.create({ hostname: HOST });
    sim.faults.inject({ kind: 'status', status: 429, method: 'GET', headers: { 'retry-after': '120' } });
    const before = sim.clock.now();

    const error = await saas.customHostnames.get(created.id).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitError);
    expect([(error as RateLimitError).retryAfter, (error as RateLimitError).retryable]).toEqual([120, true]);
    expect(sim.clock.now()).toBe(before);
    expect(apiCalls(sim)).toEqual(['POST /custom_hostnames', `GET /custom_hostnames/${created.id}`]);
  });

  test('bad input is an InputError and sends nothing', async () => {
    const { sim, saas } = onSimulator();
    const error = await saas.customHostnames.create({ hostname: 'not a hostname' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(isCloudflareSaaSError(error)).toBe(true);
    expect(sim.requests).toEqual([]);
  });
});
