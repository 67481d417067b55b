import { describe, expect, it } from 'vitest';
import { CloudflareSaaS, InputError } from '../../src/index.js';
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
