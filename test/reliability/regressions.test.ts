/**
 * Regressions found by the reliability suite, each pinned by the case that found it:
 * per-call options were not checked (a non-number `maxRetries` retried a failing GET
 * without end, a junk `signal` or header surfaced as a ConnectionError or a TypeError),
 * `createOrGet` threw synchronously instead of rejecting, a client `timeout` above the
 * runtimes' timer limit failed every call, and a page number echoed stale by the server
 * made iteration request the same page forever.
 */
import { describe, expect, it } from 'vitest';
import { CloudflareSaaS, ConfigError, InputError } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { envelope, hostname, recordingClock, scriptedFetch, TOKEN, ZONE } from '../helpers/scripted-fetch.js';

function rig() {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.seedHostnames(1);
  const saas = new CloudflareSaaS({ apiToken: sim.apiToken, zoneId: sim.zoneId, fetch: sim.fetch, clock: sim.clock });
  return { sim, saas, id: (sim.hostnames()[0] as { id: string }).id };
}

describe('per-call options are checked before anything is sent', () => {
  it.each([
    ['maxRetries', 'abc'],
    ['maxRetries', Number.POSITIVE_INFINITY],
    ['maxRetries', -1],
    ['maxRetries', 1.5],
    ['maxRetries', 11],
    ['timeout', 0],
    ['timeout', Number.NaN],
    ['timeout', 1e12],
    ['timeout', '30s'],
    ['signal', 'stop'],
    ['signal', {}],
  ])('options.%s = %s is an InputError, not a retry loop or a ConnectionError', async (name, value) => {
    const { sim, saas, id } = rig();
    sim.faults.inject({ kind: 'status', status: 503, times: 50 });
    const error = await saas.customHostnames.get(id, { [name]: value } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: `options.${name}` });
    expect(sim.requests).toHaveLength(0);
  });

  it('a header that is not a string or not a valid header is an InputError that does not show the value', async () => {
    const { sim, saas, id } = rig();
    for (const headers of [{ 'x-trace': 'a\r\nb' }, { 'bad name': 'x' }, { 'x-n': 5 }, 'authorization: x']) {
      const error = await saas.customHostnames.get(id, { headers } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).field).toMatch(/^options\.headers/);
      expect((error as InputError).message).not.toMatch(/a\r\nb|authorization: x/);
    }
    expect(sim.requests).toHaveLength(0);
  });

  it('options that are not an object are an InputError naming `options`', async () => {
    const { sim, saas, id } = rig();
    for (const options of [null, 'fast', 5, []]) {
      const error = await saas.customHostnames.get(id, options as never).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'InputError', field: 'options' });
    }
    expect(sim.requests).toHaveLength(0);
  });

  it('a junk signal in a wait (recheck pacing) is an InputError, not an AbortError', async () => {
    const { sim, saas, id } = rig();
    await saas.validation.recheck(id);
    const sent = sim.requests.length;
    const error = await saas.validation.recheck(id, { signal: 'stop' } as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InputError', field: 'options.signal' });
    expect(sim.requests).toHaveLength(sent);
  });
});

describe("a caller's headers never merge with the client's credentials", () => {
  it.each(['Authorization', 'AUTHORIZATION', 'X-Auth-Key', 'Content-Type'])(
    'a per-call %s header (any case) is replaced, not combined',
    async (name) => {
      const sent: Headers[] = [];
      const record = async (input: RequestInfo | URL, init?: RequestInit) => {
        sent.push(new Request(input, init).headers);
        return (await envelope(hostname()))(new Request(input, init));
      };
      const saas = new CloudflareSaaS({
        apiToken: TOKEN,
        zoneId: ZONE,
        fetch: record,
        clock: recordingClock(),
        rateLimit: false,
      });
      await saas.customHostnames.edit(hostname().id, { custom_metadata: { a: 'b' } }, { headers: { [name]: 'other' } });
      expect(sent[0]?.get('authorization')).toBe(`Bearer ${TOKEN}`);
      expect(sent[0]?.get('x-auth-key')).toBe(name === 'X-Auth-Key' ? 'other' : null);
      expect(sent[0]?.get('content-type')).toBe('application/json');
    },
  );
});

describe('promise-returning methods reject, never throw', () => {
  it('createOrGet with bad input returns a rejected promise', async () => {
    const { saas } = rig();
    let returned: unknown;
    expect(() => {
      returned = saas.customHostnames.createOrGet({ hostname: '10.0.0.1' });
    }).not.toThrow();
    await expect(returned).rejects.toMatchObject({ name: 'InputError', field: 'hostname' });
    await expect(
      saas.customHostnames.createOrGet({ hostname: 'app.customer-one.com' }, null as never),
    ).rejects.toMatchObject({ field: 'options' });
  });
});

describe('client options', () => {
  it('a timeout above the longest timer runtimes allow is a ConfigError', () => {
    expect(() => new CloudflareSaaS({ apiToken: TOKEN, zoneId: ZONE, timeout: 2 ** 31 })).toThrow(ConfigError);
    expect(() => new CloudflareSaaS({ apiToken: TOKEN, zoneId: ZONE, timeout: 2 ** 31 - 1 })).not.toThrow();
  });

  it.each([
    ['https://customers.saasprovider.com', 'give the hostname alone, without "https://"'],
    ['customers.saasprovider.com/', '"/" is not allowed in a hostname (give the hostname alone, without a path)'],
    ['203.0.113.7', 'an IP address is not a hostname'],
    ['*.saasprovider.com', 'a wildcard ("*.") is not allowed here'],
  ])('cnameTarget %j is a ConfigError saying why', (cnameTarget, why) => {
    const made = () => new CloudflareSaaS({ apiToken: TOKEN, zoneId: ZONE, cnameTarget });
    expect(made).toThrow(ConfigError);
    expect(made).toThrow(`${why}: must be a hostname such as customers.saasprovider.com`);
  });

  it('cnameTarget in another case or with a trailing dot reaches the instructions in normal form', async () => {
    const sim = createSimulator();
    const saas = new CloudflareSaaS({ ...sim.clientOptions(), cnameTarget: 'Customers.SaaSProvider.com.' });
    const host = await saas.customHostnames.create({ hostname: 'app.customer-one.com' });
    const routing = (await saas.validation.instructions(host.id, { waitForRecords: false })).records[0];
    expect(routing).toMatchObject({ type: 'CNAME', name: 'app.customer-one.com', value: 'customers.saasprovider.com' });
  });
});

describe('pagination', () => {
  it('a server that echoes a stale page number does not make iteration ask for the same page forever', async () => {
    const page = (n: number) =>
      envelope([hostname({ id: `0d89c70d-ad9f-4843-b99f-6cc02520670${n}` })], {
        result_info: { page: 1, per_page: 20, count: 1, total_pages: 3 },
      });
    const tooMany = () => {
      throw new Error('a fourth page was requested');
    };
    const { fetch, requests } = scriptedFetch(page(1), page(2), page(3), tooMany);
    const saas = new CloudflareSaaS({
      apiToken: TOKEN,
      zoneId: ZONE,
      fetch,
      clock: recordingClock(),
      rateLimit: false,
    });
    const ids: string[] = [];
    for await (const host of saas.customHostnames.list()) ids.push(host.id.slice(-1));
    expect(ids).toEqual(['1', '2', '3']);
    expect(requests.map((r) => new URL(r.url).searchParams.get('page'))).toEqual(['1', '2', '3']);
  });
});

describe('partial hostname filters', () => {
  it('find international names by their punycode prefix, and refuse a part of a Unicode label before sending', async () => {
    const { sim, saas } = rig();
    const idn = await saas.customHostnames.create({
      hostname: 'shop.bücher.de',
      ssl: { method: 'txt', type: 'dv' },
    });
    expect(idn.hostname).toBe('shop.xn--bcher-kva.de');
    const found = async (params: Parameters<typeof saas.customHostnames.list>[0]) => {
      const names: string[] = [];
      for await (const host of saas.customHostnames.list(params)) names.push(host.hostname);
      return names;
    };
    expect(await found({ 'hostname.contain': 'xn--' })).toEqual(['shop.xn--bcher-kva.de']);
    expect(await found({ 'hostname.contain': '.Bücher.' })).toEqual(['shop.xn--bcher-kva.de']);
    expect(await found({ 'hostname.startsWith': 'shop.xn--bch' })).toEqual(['shop.xn--bcher-kva.de']);
    const before = sim.requests.length;
    expect(() => saas.customHostnames.list({ 'hostname.contain': 'büch' })).toThrow(
      expect.objectContaining({ name: 'InputError', field: 'hostname.contain' }),
    );
    expect(sim.requests.length).toBe(before);
  });
});
