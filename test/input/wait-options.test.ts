import { describe, expect, it } from 'vitest';
import { CloudflareSaaS, InputError } from '../../src/index.js';
import { checkWaitOptions } from '../../src/input/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';

describe('checkWaitOptions', () => {
  it.each([
    [null, 'options'],
    [[], 'options'],
    [{ deadline: Number.NaN }, 'deadline'],
    [{ deadline: '2026-12-01' }, 'deadline'],
    [{ intervalMs: 0 }, 'intervalMs'],
    [{ intervalMs: -5 }, 'intervalMs'],
    [{ intervalMs: 999 }, 'intervalMs'],
    [{ intervalMs: Number.POSITIVE_INFINITY }, 'intervalMs'],
    [{ onProgress: 'log' }, 'onProgress'],
    [{ confirmSwitch: 'yes' }, 'confirmSwitch'],
    [{ signal: 'stop' }, 'options.signal'],
  ])('%j is an InputError naming %s', (options, field) => {
    expect(() => checkWaitOptions(options)).toThrow(InputError);
    expect(() => checkWaitOptions(options)).toThrow(expect.objectContaining({ field }));
  });

  it('accepts what the waiting calls document', () => {
    expect(() => checkWaitOptions(undefined)).not.toThrow();
    expect(() =>
      checkWaitOptions({
        deadline: Date.UTC(2026, 11, 1),
        intervalMs: 1_000,
        onProgress: () => {},
        confirmSwitch: false,
        signal: new AbortController().signal,
      }),
    ).not.toThrow();
  });

  it('shows a non-finite number as itself, not as JSON null', () => {
    expect(() => checkWaitOptions({ deadline: Number.NaN })).toThrow(/^deadline NaN: /);
  });
});

describe('waiting calls check their options before the first request', () => {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  const saas = new CloudflareSaaS({ ...sim.clientOptions(), cnameTarget: 'customers.saasprovider.com' });
  const calls: [string, () => Promise<unknown>][] = [
    // An interval ≤ 0 used to poll the fallback origin in a tight loop.
    [
      'fallbackOrigin.waitUntilActive({ intervalMs: -5 })',
      () => saas.fallbackOrigin.waitUntilActive({ intervalMs: -5 }),
    ],
    [
      'fallbackOrigin.waitUntilActive({ deadline: NaN })',
      () => saas.fallbackOrigin.waitUntilActive({ deadline: Number.NaN }),
    ],
    ['migrate(params, null)', async () => saas.validation.migrate({ hostname: 'shop.customer.com' }, null as never)],
    ['migrate(null)', async () => saas.validation.migrate(null as never)],
    [
      'migrate(params, { intervalMs: 0 })',
      async () => saas.validation.migrate({ hostname: 'shop.customer.com' }, { intervalMs: 0 }),
    ],
  ];
  it.each(calls)('%s: InputError, nothing sent', async (_, call) => {
    const before = sim.requests.length;
    await expect(call()).rejects.toBeInstanceOf(InputError);
    expect(sim.requests.length).toBe(before);
  });

  it('migrate throws at the call, before its first step is pulled', () => {
    expect(() => saas.validation.migrate({ hostname: 'shop.customer.com' }, { deadline: Number.NaN })).toThrow(
      expect.objectContaining({ name: 'InputError', field: 'deadline' }),
    );
  });

  it.each([
    ['an IP address', { hostname: '10.0.0.1' }, 'hostname'],
    ['no hostname', {}, 'hostname'],
    ['ssl that is not an object', { hostname: 'shop.customer.com', ssl: 'txt' }, 'ssl'],
    ['a bad ssl setting', { hostname: 'shop.customer.com', ssl: { settings: { http2: 'yes' } } }, 'ssl.settings.http2'],
    ['an unknown field', { hostname: 'shop.customer.com', hostnam: 'x' }, 'hostnam'],
  ])('migrate checks the hostname and ssl at the call, as a create does: %s', (_, params, field) => {
    const before = sim.requests.length;
    expect(() => saas.validation.migrate(params as never)).toThrow(
      expect.objectContaining({ name: 'InputError', field }),
    );
    expect(sim.requests.length).toBe(before);
  });
});
