// Options that used to be taken without a word and then stalled, looped or failed with a
// TypeError after a request: each is now a typed error before anything is sent.
import { describe, expect, it } from 'vitest';
import { CloudflareSaaS, ConfigError, RateGovernor } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';

describe('client options checked at construction', () => {
  const sim = createSimulator();
  it.each([
    [{ rateLimit: { requests: 0 } }, 'rateLimit.requests'],
    [{ rateLimit: { requests: Number.NaN } }, 'rateLimit.requests'],
    [{ rateLimit: { issuances: -1 } }, 'rateLimit.issuances'],
    [{ rateLimit: { windowMs: -1 } }, 'rateLimit.windowMs'],
    [{ rateLimit: { issuanceWindowMs: 1.5 } }, 'rateLimit.issuanceWindowMs'],
    [{ rateLimit: 'x' }, 'rateLimit'],
    [{ hooks: 'x' }, 'hooks'],
    [{ hooks: { onRetry: 'log' } }, 'hooks.onRetry'],
    [{ dohResolver: 'cloudflare-dns.com' }, 'dohResolver'],
    // Paths are appended to it: a query or fragment would swallow them.
    [{ baseUrl: 'https://api.cloudflare.com/client/v4?x=1' }, 'baseUrl'],
    [{ baseUrl: 'https://api.cloudflare.com/client/v4#top' }, 'baseUrl'],
  ])('%j is a ConfigError naming %s', (extra, option) => {
    expect(() => new CloudflareSaaS({ ...sim.clientOptions(), ...(extra as object) })).toThrow(
      expect.objectContaining({ name: 'ConfigError', option }),
    );
  });

  it.each([
    ['a control character', 'owner\u0000@saasprovider.com'],
    ['a line break', 'owner@saasprovider.com\r\nx-injected: 1'],
    ['no domain', 'owner@'],
    // Not sendable as a header: every request would fail before it is sent, and be retried.
    ['characters outside ASCII', 'owner@例え.jp'],
    ['a Latin-1 letter', 'ownér@saasprovider.com'],
    ['not a string', 42],
  ])('an email with %s is a ConfigError that does not repeat it', (_, email) => {
    const given = { apiKey: sim.apiKey, email: email as string, zoneId: sim.zoneId, fetch: sim.fetch };
    const error = (() => {
      try {
        new CloudflareSaaS(given);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ option: 'email', message: expect.not.stringContaining('owner') });
  });

  it('fromEnv and withOptions refuse what is not an object of options', () => {
    const env = { CLOUDFLARE_API_TOKEN: sim.apiToken, CLOUDFLARE_ZONE_ID: sim.zoneId };
    // Ignoring these used to build a client on the global fetch and the real API.
    expect(() => CloudflareSaaS.fromEnv(env, null as never)).toThrow(expect.objectContaining({ option: 'overrides' }));
    expect(() => CloudflareSaaS.fromEnv('x' as never)).toThrow(expect.objectContaining({ option: 'env' }));
    const saas = new CloudflareSaaS(sim.clientOptions());
    expect(() => saas.withOptions('x' as never)).toThrow(expect.objectContaining({ option: 'overrides' }));
  });

  it('a RateGovernor made directly checks its budget too', () => {
    expect(() => new RateGovernor({ requests: 0 })).toThrow(ConfigError);
    expect(new RateGovernor({ requests: 600 }).stats().requestsInWindow).toBe(0);
  });
});

describe('validation calls check their options before the first request', () => {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  const saas = new CloudflareSaaS({ ...sim.clientOptions(), cnameTarget: 'customers.saasprovider.com' });
  const byName = 'app.customer-one.com';
  const calls: [string, () => unknown, string][] = [
    [
      'waitUntilActive(name, { marginMs: -1 })',
      () => saas.validation.waitUntilActive(byName, { marginMs: -1 }),
      'marginMs',
    ],
    [
      'waitUntilActive(name, { recheck: "always" })',
      () => saas.validation.waitUntilActive(byName, { recheck: 'always' as never }),
      'recheck',
    ],
    [
      'waitUntilActive(name, { until: "x" })',
      () => saas.validation.waitUntilActive(byName, { until: 'x' as never }),
      'until',
    ],
    [
      'waitUntilActive(name, { onProgress: "log" })',
      () => saas.validation.waitUntilActive(byName, { onProgress: 'log' as never }),
      'onProgress',
    ],
    [
      'waitUntilActive(name, { resolver: "x" })',
      () => saas.validation.waitUntilActive(byName, { resolver: 'x' }),
      'resolver',
    ],
    [
      'diagnose(name, { cnameTarget: 1.5 })',
      () => saas.validation.diagnose(byName, { cnameTarget: 1.5 as never }),
      'cnameTarget',
    ],
    ['diagnose(name, { resolver: "x" })', () => saas.validation.diagnose(byName, { resolver: 'x' }), 'resolver'],
    [
      'instructions(name, { cnameTarget: "" })',
      () => saas.validation.instructions(byName, { cnameTarget: '' }),
      'cnameTarget',
    ],
    [
      'instructions(name, { recordsTimeoutMs: NaN })',
      () => saas.validation.instructions(byName, { recordsTimeoutMs: Number.NaN }),
      'recordsTimeoutMs',
    ],
    [
      'migrate(params, { cnameTarget: true })',
      async () => saas.validation.migrate({ hostname: byName }, { cnameTarget: true as never }),
      'cnameTarget',
    ],
    ['watch(ids, null)', async () => saas.validation.watch([], null as never), 'options'],
    ['watch(new Map())', async () => saas.validation.watch(new Map() as never), 'target'],
  ];
  it.each(calls)('%s: InputError naming %s, nothing sent', async (_, call, field) => {
    const before = sim.requests.length;
    await expect(Promise.resolve().then(call)).rejects.toMatchObject({ name: 'InputError', field });
    expect(sim.requests.length).toBe(before);
  });
});

describe('a damaged saved wait is an InputError, not a tight loop', () => {
  it('resumeFrom without a usable deadline is refused before any read', async () => {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    const saas = new CloudflareSaaS(sim.clientOptions());
    const host = await saas.customHostnames.create({ hostname: 'app.customer-one.com' });
    let saved: unknown;
    await saas.validation
      .waitUntilActive(host.id, {
        recheck: 'never',
        deadline: sim.clock.now() + 60_000,
        onProgress: (e) => {
          saved = e.state;
        },
      })
      .catch(() => undefined);
    const before = sim.requests.length;
    for (const [key, value] of [
      ['deadline', Number.NaN],
      ['deadline', undefined],
      ['autoDeadline', 'yes'],
      ['attempt', -1],
      ['recheck', 'x'],
    ] as const) {
      const damaged = { ...(saved as object), [key]: value };
      await expect(saas.validation.waitUntilActive(host.id, { resumeFrom: damaged as never })).rejects.toMatchObject({
        name: 'InputError',
        field: `resumeFrom.${key}`,
      });
    }
    expect(sim.requests.length).toBe(before);
  });
});
