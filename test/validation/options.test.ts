import { describe, expect, it } from 'vitest';
import { CloudflareSaaS, InputError, recheckBody } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';

describe('options objects of the waiting and diagnosing methods', () => {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  const saas = new CloudflareSaaS(sim.clientOptions());
  const id = '0d89c70d-ad9f-4843-b99f-6cc0252067e9';
  const calls: [string, () => Promise<unknown>][] = [
    ['validation.instructions(id, null)', () => saas.validation.instructions(id, null as never)],
    ['validation.diagnose(id, null)', () => saas.validation.diagnose(id, null as never)],
    ['validation.waitUntilActive(id, null)', () => saas.validation.waitUntilActive(id, null as never)],
    [
      'validation.waitUntilActive(id, { signal: "stop" })',
      () => saas.validation.waitUntilActive(id, { signal: 'stop' as never }),
    ],
    ['fallbackOrigin.waitUntilActive(null)', () => saas.fallbackOrigin.waitUntilActive(null as never)],
    ['validation.recheck(id, null)', () => saas.validation.recheck(id, null as never)],
  ];
  it.each(calls)('%s rejects with InputError and sends nothing', async (_, call) => {
    const before = sim.requests.length;
    const error = (await call().catch((e: unknown) => e)) as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.field).toMatch(/^options/);
    expect(sim.requests.length).toBe(before);
  });
});

describe('methods that take a hostname object', () => {
  const sim = createSimulator();
  const saas = new CloudflareSaaS(sim.clientOptions());
  const notHostnames = [null, undefined, 42, 'x', [] as unknown];
  it.each(notHostnames)('given %j, classify, nextCheckAt and recheckBody throw InputError(hostname)', (value) => {
    for (const call of [
      () => saas.validation.classify(value as never),
      () => saas.validation.nextCheckAt(value as never),
      () => recheckBody(value as never),
    ]) {
      expect(call).toThrow(InputError);
      expect(call).toThrow(expect.objectContaining({ field: 'hostname' }));
    }
  });

  it('diagnose rejects a value that is neither an id nor a hostname object, and sends nothing', async () => {
    const before = sim.requests.length;
    const error = await saas.validation.diagnose(42 as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'hostname', message: expect.stringContaining('got a number') });
    expect(sim.requests.length).toBe(before);
  });
});

describe('recheck pacing', () => {
  it('a second recheck within the minute checks its options before waiting its turn', async () => {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    const saas = new CloudflareSaaS(sim.clientOptions());
    const host = await saas.customHostnames.create({
      hostname: 'app.customer-five.com',
      ssl: { method: 'http', type: 'dv' },
    });
    await saas.validation.recheck(host.id);
    const before = sim.requests.length;
    const startedAt = sim.clock.now();
    const error = await saas.validation.recheck(host.id, null as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(sim.requests.length).toBe(before);
    expect(sim.clock.now()).toBe(startedAt);
  });
});
