import { describe, expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { txtText } from '../../src/validation/doh.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const HOUR = 3_600_000;

function setup() {
  const clock = new VirtualClock({ start: T0 });
  return { clock, sim: createSimulator({ clock }) };
}

describe('customer world DNS', () => {
  test('records have history: a change scheduled for later is invisible before it', async () => {
    const { clock, sim } = setup();
    const { world } = sim;
    world.setRecord('CNAME', 'App.Customer-One.com.', 'Customers.SaaSProvider.com.', { at: T0 + 3 * HOUR });
    expect(world.resolve('app.customer-one.com', 'CNAME')).toEqual([]);
    expect(world.resolve('app.customer-one.com', 'CNAME', T0 + 3 * HOUR)).toEqual(['customers.saasprovider.com']);
    await clock.advance(3 * HOUR);
    expect(world.resolve('app.customer-one.com', 'CNAME')).toEqual(['customers.saasprovider.com']);
    expect(world.resolve('app.customer-one.com', 'CNAME', T0)).toEqual([]);
  });

  test('setRecord replaces, addRecord adds, removeRecord removes all or one value', () => {
    const { sim } = setup();
    const { world } = sim;
    world.setRecord('TXT', 'customer-one.com', 'a');
    world.setRecord('TXT', 'customer-one.com', 'b');
    expect(world.resolve('customer-one.com', 'TXT')).toEqual(['b']);
    world.addRecord('TXT', 'customer-one.com', 'c');
    world.addRecord('TXT', 'customer-one.com', 'c');
    expect(world.resolve('customer-one.com', 'TXT')).toEqual(['b', 'c']);
    world.removeRecord('TXT', 'customer-one.com', { value: 'b' });
    expect(world.resolve('customer-one.com', 'TXT')).toEqual(['c']);
    world.removeRecord('TXT', 'customer-one.com');
    expect(world.resolve('customer-one.com', 'TXT')).toEqual([]);
  });

  test('changes at the same instant apply in call order; an earlier change inserted later still applies first', () => {
    const { sim } = setup();
    const { world } = sim;
    world.addRecord('A', 'app.customer-one.com', '192.0.2.2', { at: T0 + 10 });
    world.setRecord('A', 'app.customer-one.com', '192.0.2.1', { at: T0 + 5 });
    expect(world.resolve('app.customer-one.com', 'A', T0 + 7)).toEqual(['192.0.2.1']);
    expect(world.resolve('app.customer-one.com', 'A', T0 + 10)).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  test('the CNAME target resolves like Cloudflare edge addresses', () => {
    const { sim } = setup();
    expect(sim.world.resolve(sim.cnameTarget, 'A')).toEqual(['104.16.132.229']);
    expect(sim.world.resolve(sim.cnameTarget, 'AAAA')).toEqual(['2606:4700::6810:84e5']);
  });
});

describe('customer world HTTP', () => {
  test('serveHttp / stopServingHttp with history; hosts are case-insensitive', async () => {
    const { clock, sim } = setup();
    const url = 'http://app.customer-one.com/.well-known/cf-custom-hostname-challenge/x';
    sim.world.setRecord('A', 'app.customer-one.com', '203.0.113.10');
    sim.world.serveHttp(url, 'token', { at: T0 + 1000 });
    sim.world.stopServingHttp(url, { at: T0 + 2000 });
    expect(sim.world.httpAt(url, T0)).toBeUndefined();
    expect(
      sim.world.httpAt('http://APP.customer-one.com/.well-known/cf-custom-hostname-challenge/x', T0 + 1500),
    ).toEqual({
      status: 200,
      body: 'token',
    });
    expect(sim.world.httpAt(url, T0 + 2000)).toBeUndefined();
    await clock.advance(1000);
    const res = await sim.fetch(url);
    expect([res.status, await res.text()]).toEqual([200, 'token']);
    expect(res.headers.get('cf-ray')).toMatch(/-SIM$/);
  });

  test('anything not served is 404; requests are logged as http', async () => {
    const { sim } = setup();
    sim.world.setRecord('AAAA', 'app.customer-one.com', '2001:db8::10');
    sim.world.serveHttp('http://app.customer-one.com/health', 'down', { status: 503 });
    expect((await sim.fetch('http://app.customer-one.com/health')).status).toBe(503);
    expect((await sim.fetch('http://app.customer-one.com/other')).status).toBe(404);
    expect(sim.requests.map((r) => [r.kind, r.path, r.status, r.auth])).toEqual([
      ['http', '/health', 503, 'none'],
      ['http', '/other', 404, 'none'],
    ]);
  });

  test('a URL whose host does not resolve gets no connection, whatever is served there', async () => {
    const { sim } = setup();
    const url = 'http://app.customer-one.com/.well-known/cf-custom-hostname-challenge/x';
    sim.world.serveHttp(url, 'token');
    await expect(sim.fetch(url)).rejects.toThrow(TypeError);
    sim.world.setRecord('CNAME', 'app.customer-one.com', 'origin.customer-one.com'); // a chain to nowhere
    await expect(sim.fetch(url)).rejects.toThrow(TypeError);
    sim.world.setRecord('A', 'origin.customer-one.com', '203.0.113.10');
    expect((await sim.fetch(url)).status).toBe(200);
    expect((await sim.fetch('http://203.0.113.10/other')).status).toBe(404); // an address needs no DNS
    expect(sim.requests.map((r) => r.status)).toEqual([0, 0, 200, 404]);
  });
});

describe('DNS over HTTPS', () => {
  async function doh(sim: ReturnType<typeof createSimulator>, query: string) {
    const res = await sim.fetch(`${sim.dohUrl}?${query}`, { headers: { accept: 'application/dns-json' } });
    return { res, json: await res.json() };
  }

  test('follows the CNAME chain like a resolver, in dns-json', async () => {
    const { sim } = setup();
    sim.world.setRecord('CNAME', 'app.customer-one.com', 'edge.customer-one.com');
    sim.world.setRecord('CNAME', 'edge.customer-one.com', sim.cnameTarget);
    const { res, json } = await doh(sim, 'name=app.customer-one.com&type=A');
    expect(res.headers.get('content-type')).toBe('application/dns-json');
    expect(json).toEqual({
      Status: 0,
      TC: false,
      RD: true,
      RA: true,
      AD: false,
      CD: false,
      Question: [{ name: 'app.customer-one.com.', type: 1 }],
      Answer: [
        { name: 'app.customer-one.com.', type: 5, TTL: 300, data: 'edge.customer-one.com.' },
        { name: 'edge.customer-one.com.', type: 5, TTL: 300, data: 'customers.saasprovider.com.' },
        { name: 'customers.saasprovider.com.', type: 1, TTL: 300, data: '104.16.132.229' },
      ],
    });
    expect(sim.requests[0]).toMatchObject({
      kind: 'doh',
      path: '/dns-query',
      query: { name: 'app.customer-one.com', type: 'A' },
    });
  });

  test('TXT data is in presentation form: quotes and backslashes escaped, 255-character strings', async () => {
    const { sim } = setup();
    sim.world.setRecord('TXT', 'q.customer-one.com', 'v=1\\x "q"');
    sim.world.setRecord('TXT', 'long.customer-one.com', 'a'.repeat(300));
    const quoted = await doh(sim, 'name=q.customer-one.com&type=TXT');
    const long = await doh(sim, 'name=long.customer-one.com&type=TXT');
    expect(quoted.json.Answer[0].data).toBe('"v=1\\\\x \\"q\\""');
    expect(long.json.Answer[0].data).toBe(`"${'a'.repeat(255)}" "${'a'.repeat(45)}"`);
    expect(txtText(quoted.json.Answer[0].data)).toBe('v=1\\x "q"');
    expect(txtText(long.json.Answer[0].data)).toBe('a'.repeat(300));
  });

  test('type CNAME answers only the CNAME; types by number work', async () => {
    const { sim } = setup();
    sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget);
    const byName = await doh(sim, 'name=app.customer-one.com&type=CNAME');
    const byNumber = await doh(sim, 'name=app.customer-one.com&type=5');
    expect(byName.json.Answer).toEqual([
      { name: 'app.customer-one.com.', type: 5, TTL: 300, data: 'customers.saasprovider.com.' },
    ]);
    expect(byNumber.json).toEqual(byName.json);
  });

  test('TXT data is quoted; CAA data is in presentation format', async () => {
    const { sim } = setup();
    sim.world.setRecord('TXT', '_cf-custom-hostname.app.customer-one.com', '5cc07c04-ea62-4a5a-95f0-419334a875a4');
    sim.world.setRecord('CAA', 'customer-one.com', '0 issue "letsencrypt.org"');
    const txt = await doh(sim, 'name=_cf-custom-hostname.app.customer-one.com&type=TXT');
    expect(txt.json.Answer).toEqual([
      {
        name: '_cf-custom-hostname.app.customer-one.com.',
        type: 16,
        TTL: 300,
        data: '"5cc07c04-ea62-4a5a-95f0-419334a875a4"',
      },
    ]);
    const caa = await doh(sim, 'name=customer-one.com&type=257');
    expect(caa.json.Answer).toEqual([
      { name: 'customer-one.com.', type: 257, TTL: 300, data: '0 issue "letsencrypt.org"' },
    ]);
  });

  test('an unknown name is NXDOMAIN (Status 3) with no Answer; a known name without that type is NOERROR', async () => {
    const { sim } = setup();
    sim.world.setRecord('A', 'customer-one.com', '192.0.2.1');
    const nx = await doh(sim, 'name=nothing.customer-one.com&type=A');
    expect(nx.json.Status).toBe(3);
    expect(nx.json.Answer).toBeUndefined();
    const nodata = await doh(sim, 'name=customer-one.com&type=TXT');
    expect(nodata.json.Status).toBe(0);
    expect(nodata.json.Answer).toBeUndefined();
  });

  test('answers from the world at clock.now()', async () => {
    const { clock, sim } = setup();
    sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget, { at: T0 + HOUR });
    expect((await doh(sim, 'name=app.customer-one.com&type=CNAME')).json.Status).toBe(3);
    await clock.advance(HOUR);
    expect((await doh(sim, 'name=app.customer-one.com&type=CNAME')).json.Status).toBe(0);
  });

  test('a missing name or an unknown type is 400', async () => {
    const { sim } = setup();
    expect((await sim.fetch(`${sim.dohUrl}?type=A`)).status).toBe(400);
    expect((await sim.fetch(`${sim.dohUrl}?name=a.customer-one.com&type=MX`)).status).toBe(400);
  });
});

describe('reset', () => {
  test('forgets hostnames, world, fallback origin, logs and faults, but keeps the clock and the world object', async () => {
    const { clock, sim } = setup();
    const world = sim.world;
    sim.setFallbackOrigin('fallback.saasprovider.com');
    sim.world.setRecord('TXT', 'customer-one.com', 'x');
    sim.seedHostnames(3);
    await sim.fetch(`${sim.baseUrl}/zones/${sim.zoneId}/custom_hostnames`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
    sim.faults.inject({ kind: 'drop' });
    await clock.advance(1000);
    sim.reset();
    expect(sim.hostnames()).toEqual([]);
    expect(sim.fallbackOrigin()).toBeUndefined();
    expect(sim.requests).toEqual([]);
    expect(sim.checks).toEqual([]);
    expect(sim.faults.pending).toBe(0);
    expect(sim.world).toBe(world);
    expect(world.resolve('customer-one.com', 'TXT')).toEqual([]);
    expect(world.resolve(sim.cnameTarget, 'A')).toEqual(['104.16.132.229']);
    expect(clock.now()).toBe(T0 + 1000);
  });

  test('ids after reset repeat those of a fresh simulator with the same seed', async () => {
    const { sim } = setup();
    sim.seedHostnames(1);
    const first = sim.hostnames()[0]?.id;
    sim.reset();
    sim.seedHostnames(1);
    expect(sim.hostnames()[0]?.id).toBe(first);
  });
});
