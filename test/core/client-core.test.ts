import { describe, expect, it } from 'vitest';
import {
  CloudflareSaaS,
  CloudflareSaaSCore,
  ConfigError,
  CustomHostnames,
  FallbackOriginResource,
  RateGovernor,
  Validation,
} from '../../src/index.js';
import { createSimulator } from '../../src/testing/index.js';
import { findSecrets } from '../reliability/secret-scan.js';

describe('CloudflareSaaSCore: modules built on a bare core', () => {
  it('runs the CRUD flow with the two resources and nothing else', async () => {
    const sim = createSimulator();
    const core = new CloudflareSaaSCore(sim.clientOptions());
    const fallbackOrigin = new FallbackOriginResource(core);
    const customHostnames = new CustomHostnames(core);

    const fo = await fallbackOrigin.update({ origin: `fallback.${sim.zoneName}` });
    expect(fo.origin).toBe(`fallback.${sim.zoneName}`);
    const host = await customHostnames.create({
      hostname: 'app.customer-one.com',
      ssl: { method: 'http', type: 'dv' },
    });
    expect((await customHostnames.get(host.id)).hostname).toBe('app.customer-one.com');
    await customHostnames.delete(host.id);
    expect(sim.requests.map((r) => `${r.method} ${r.path.replace(/^\/zones\/[^/]+/, '')}`)).toEqual([
      'PUT /custom_hostnames/fallback_origin',
      'POST /custom_hostnames',
      `GET /custom_hostnames/${host.id}`,
      `DELETE /custom_hostnames/${host.id}`,
    ]);
  });

  it('checks its options like the full client, before anything is sent', () => {
    expect(() => new CloudflareSaaSCore({ zoneId: '023e105f4ecef8ad9ca31a8372d0c353' })).toThrow(ConfigError);
    expect(() => new CloudflareSaaSCore({ apiToken: 'x'.repeat(40), zoneId: 'nope' })).toThrow(
      expect.objectContaining({ option: 'zoneId' }),
    );
  });

  it('a module refuses something that is not a client', () => {
    const notAClient = { zoneId: '023e105f4ecef8ad9ca31a8372d0c353' } as unknown as CloudflareSaaSCore;
    expect(() => new CustomHostnames(notAClient)).toThrow(
      expect.objectContaining({ name: 'ConfigError', option: 'client' }),
    );
  });

  it('a wrong timeout, maxRetries or maxRetryAfter is named with what was given (a string by its kind)', () => {
    const zoneId = '023e105f4ecef8ad9ca31a8372d0c353';
    const message = (options: object) => {
      try {
        new CloudflareSaaSCore({ apiToken: 'x'.repeat(40), zoneId, ...options });
      } catch (e) {
        return (e as ConfigError).message;
      }
    };
    expect(message({ timeout: '5000' })).toBe('option "timeout": must be a number of milliseconds > 0 (got a string)');
    expect(message({ timeout: 3e9 })).toBe(
      'option "timeout": must be at most 2147483647 ms (the longest timer runtimes allow; got 3000000000)',
    );
    expect(message({ maxRetries: 1.5 })).toBe('option "maxRetries": must be a whole number from 0 to 10 (got 1.5)');
    expect(message({ maxRetryAfter: -1 })).toBe(
      'option "maxRetryAfter": must be a number of milliseconds > 0 (got -1)',
    );
  });

  it('withOptions keeps the class and the shared rate budget', async () => {
    const sim = createSimulator();
    const governor = new RateGovernor({ requests: 10, windowMs: 60_000, clock: sim.clock });
    const saas = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: governor });
    const patient = saas.withOptions({ timeout: 120_000 });
    expect(patient).toBeInstanceOf(CloudflareSaaS);
    expect(patient.options.timeout).toBe(120_000);
    const core = new CloudflareSaaSCore(sim.clientOptions()).withOptions({ maxRetries: 0 });
    expect(core).toBeInstanceOf(CloudflareSaaSCore);
    expect(core).not.toBeInstanceOf(CloudflareSaaS);
    await saas.fallbackOrigin.get().catch(() => undefined);
    await patient.fallbackOrigin.get().catch(() => undefined);
    expect(governor.stats().requestsInWindow).toBe(2);
  });

  it('an option given as undefined is not given: the budget, the clock and the credentials stay', async () => {
    const sim = createSimulator();
    const governor = new RateGovernor({ requests: 10, windowMs: 60_000, clock: sim.clock });
    const saas = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: governor });
    const derived = saas.withOptions({ rateLimit: undefined, apiToken: undefined, timeout: undefined });
    await saas.fallbackOrigin.get().catch(() => undefined);
    await derived.fallbackOrigin.get().catch(() => undefined);
    expect(governor.stats().requestsInWindow).toBe(2);
    expect(sim.requests.map((r) => r.auth)).toEqual(['token', 'token']);

    // A budget object whose clock is undefined waits on the client's clock.
    const paced = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: { requestsPerSecond: 1, clock: undefined } });
    const start = sim.clock.now();
    await Promise.all([1, 2, 3].map(() => paced.fallbackOrigin.get().catch(() => undefined)));
    expect(sim.clock.now() - start).toBe(2_000);

    const env = { CLOUDFLARE_API_TOKEN: sim.apiToken, CLOUDFLARE_ZONE_ID: sim.zoneId };
    const fromEnv = CloudflareSaaS.fromEnv(env, { apiToken: undefined, fetch: sim.fetch, clock: sim.clock });
    expect((await fromEnv.customHostnames.quota()).used).toBe(0);
  });

  it('options shows no credentials, and withOptions still carries them over', async () => {
    const sim = createSimulator();
    const given = { ...sim.clientOptions(), timeout: 5_000 };
    const saas = new CloudflareSaaS(given);
    expect(Object.keys(saas.options).sort()).toEqual(
      Object.keys(given)
        .filter((k) => k !== 'apiToken')
        .sort(),
    );
    expect(saas.options.timeout).toBe(5_000);
    expect(Object.isFrozen(saas.options)).toBe(true);
    expect(findSecrets({ client: saas, options: saas.options }, { apiToken: sim.apiToken })).toEqual([]);
    given.timeout = 1; // the caller's object is copied, not kept
    const other = saas.withOptions({ maxRetries: 0 });
    expect(other.options.timeout).toBe(5_000);
    expect((await other.customHostnames.list()).result).toEqual([]); // the simulator refuses a call without the token

    const keyed = new CloudflareSaaSCore({ apiKey: 'k'.repeat(37), email: 'ops@saasprovider.com', zoneId: sim.zoneId });
    expect('apiKey' in keyed.options || 'email' in keyed.options).toBe(false);
  });

  it('options never shows a key it does not know: a misspelt credential stays out of logs', () => {
    const sim = createSimulator();
    const given = { ...sim.clientOptions(), token: sim.apiToken, secrets: { apiKey: 'k'.repeat(37) } };
    const saas = new CloudflareSaaS(given);
    expect(Object.keys(saas.options).sort()).toEqual(['clock', 'cnameTarget', 'dohResolver', 'fetch', 'zoneId']);
    expect(findSecrets({ options: saas.options }, { apiToken: sim.apiToken, apiKey: 'k'.repeat(37) })).toEqual([]);
  });

  it('the validation module builds on a bare core like the other two, with its options', async () => {
    const sim = createSimulator();
    const core = new CloudflareSaaSCore({ ...sim.clientOptions(), cnameTarget: 'customers.saasprovider.com' });
    const validation = new Validation(core);
    const host = await new CustomHostnames(core).create({
      hostname: 'app.customer-one.com',
      ssl: { method: 'http', type: 'dv' },
    });
    const todo = await validation.instructions(host.id);
    expect(todo.records.find((r) => r.purpose === 'routing')).toMatchObject({
      type: 'CNAME',
      name: 'app.customer-one.com',
      value: 'customers.saasprovider.com',
    });
    expect(() => new Validation({} as CloudflareSaaSCore)).toThrow(
      expect.objectContaining({ name: 'ConfigError', option: 'client' }),
    );
  });
});

describe('CloudflareSaaS.fromEnv', () => {
  it("takes a Worker's own Env interface, with other bindings and no index signature", async () => {
    const sim = createSimulator();
    // As `wrangler types` writes it: an interface, so no implicit index signature.
    interface Env {
      CLOUDFLARE_API_TOKEN: string;
      CLOUDFLARE_ZONE_ID: string;
      FLEET: { idFromName(name: string): unknown };
    }
    const env: Env = {
      CLOUDFLARE_API_TOKEN: sim.apiToken,
      CLOUDFLARE_ZONE_ID: sim.zoneId,
      FLEET: { idFromName: (name) => name },
    };
    const saas = CloudflareSaaS.fromEnv(env, { fetch: sim.fetch, clock: sim.clock });
    expect(saas.options.zoneId).toBe(sim.zoneId);
    expect((await saas.customHostnames.quota()).used).toBe(0);
  });

  it('takes a process.env-shaped record, and reads an empty value as unset', () => {
    const env: Record<string, string | undefined> = {
      CLOUDFLARE_API_TOKEN: 'token-from-the-environment-0123456789',
      CLOUDFLARE_ZONE_ID: '023e105f4ecef8ad9ca31a8372d0c353',
      CLOUDFLARE_CNAME_TARGET: '',
      PATH: '/usr/bin',
    };
    const saas = CloudflareSaaS.fromEnv(env);
    expect(saas.options.zoneId).toBe('023e105f4ecef8ad9ca31a8372d0c353');
    expect(saas.options.cnameTarget).toBeUndefined();
  });

  it('ignores an email beside a token and no key: the token is used alone', async () => {
    const sim = createSimulator();
    const sent: Headers[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      sent.push(new Headers(init?.headers));
      return sim.fetch(input, init);
    };
    const env = {
      CLOUDFLARE_API_TOKEN: sim.apiToken,
      CLOUDFLARE_EMAIL: 'ops@saasprovider.com',
      CLOUDFLARE_ZONE_ID: sim.zoneId,
    };
    const saas = CloudflareSaaS.fromEnv(env, { fetch });
    expect((await saas.customHostnames.quota()).used).toBe(0);
    expect(sent[0]?.get('authorization')).toBe(`Bearer ${sim.apiToken}`);
    expect(sent[0]?.has('x-auth-email')).toBe(false);
  });

  it('a token and a key side by side in the environment are still a ConfigError', () => {
    const env = {
      CLOUDFLARE_API_TOKEN: 'token-from-the-environment-0123456789',
      CLOUDFLARE_API_KEY: 'k'.repeat(37),
      CLOUDFLARE_EMAIL: 'ops@saasprovider.com',
      CLOUDFLARE_ZONE_ID: '023e105f4ecef8ad9ca31a8372d0c353',
    };
    expect(() => CloudflareSaaS.fromEnv(env)).toThrow(
      expect.objectContaining({ name: 'ConfigError', option: 'apiToken' }),
    );
  });
});

describe("credentials in overrides replace the client's", () => {
  const key = { apiKey: 'k'.repeat(37), email: 'ops@saasprovider.com' };
  function recorded() {
    const sent: Headers[] = [];
    const fetch: typeof globalThis.fetch = async (_input, init) => {
      sent.push(new Headers(init?.headers));
      return Response.json({ success: true, errors: [], messages: [], result: { used: 0 } });
    };
    return { sent, fetch };
  }

  it('withOptions({ apiKey, email }) on a token client sends the key and no token', async () => {
    const { sent, fetch } = recorded();
    const saas = new CloudflareSaaS({ apiToken: 't'.repeat(40), zoneId: '023e105f4ecef8ad9ca31a8372d0c353', fetch });
    await saas.withOptions(key).customHostnames.quota();
    expect(sent[0]?.get('x-auth-key')).toBe(key.apiKey);
    expect(sent[0]?.has('authorization')).toBe(false);
  });

  it('fromEnv(env, { apiToken }) over a key in the environment sends the token alone', async () => {
    const { sent, fetch } = recorded();
    const env = {
      CLOUDFLARE_API_KEY: key.apiKey,
      CLOUDFLARE_EMAIL: key.email,
      CLOUDFLARE_ZONE_ID: '023e105f4ecef8ad9ca31a8372d0c353',
    };
    await CloudflareSaaS.fromEnv(env, { apiToken: 't'.repeat(40), fetch }).customHostnames.quota();
    expect(sent[0]?.get('authorization')).toBe(`Bearer ${'t'.repeat(40)}`);
    expect(sent[0]?.has('x-auth-key')).toBe(false);
    expect(sent[0]?.has('x-auth-email')).toBe(false);
  });
});
