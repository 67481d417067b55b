import { afterEach, expect, test, vi } from 'vitest';
import { CloudflareSaaS } from '../../src/index.js';
import { createSimulator } from '../../src/testing/index.js';
import { listen } from '../../src/testing-node.js';

// docs/testing.md §7: a client made from server.clientOptions() reaches nothing but the
// loopback server — not the public DoH resolver, not the customers' real hosts.

const HOST = 'app.customer-one.com';
const MINUTE = 60_000;

afterEach(() => {
  vi.unstubAllGlobals();
});

test('clientOptions() points every option at the server and the simulator', async () => {
  const sim = createSimulator();
  const server = await listen(sim);
  try {
    const options = server.clientOptions();
    expect(options).toEqual({
      apiToken: sim.apiToken,
      zoneId: sim.zoneId,
      baseUrl: server.baseUrl,
      dohResolver: server.dohUrl,
      cnameTarget: sim.cnameTarget,
      clock: sim.clock,
      fetch: expect.any(Function),
    });
    // A customer URL is answered from the simulated world, in process.
    sim.world.setRecord('A', HOST, '203.0.113.10');
    sim.world.serveHttp(`http://${HOST}/hello`, 'from the world');
    const res = await options.fetch(`http://${HOST}/hello`);
    expect([res.status, await res.text()]).toEqual([200, 'from the world']);
    expect((await options.fetch(`http://${HOST}/missing`)).status).toBe(404);
  } finally {
    await server.close();
  }
});

test('waitUntilActive with recheck auto sends nothing anywhere but 127.0.0.1', async () => {
  const sim = createSimulator();
  sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
  const server = await listen(sim);
  const realFetch = globalThis.fetch;
  const seen: string[] = [];
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    seen.push(url);
    if (!url.startsWith(`${server.url}/`)) return Promise.reject(new TypeError(`left the loopback: ${url}`));
    return realFetch(input, init);
  });
  try {
    const saas = new CloudflareSaaS(server.clientOptions());
    const host = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
    const cnameAt = sim.clock.now() + 40 * MINUTE;
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: cnameAt });

    const active = await saas.validation.waitUntilActive(host.id, { recheck: 'auto' });

    expect(seen.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);
    expect(active).toMatchObject({ id: host.id, status: 'active', ssl: { status: 'active' } });
    // A recheck right after the customer's change: the diagnosis saw the CNAME through the server's DoH.
    expect(sim.clock.now()).toBeGreaterThan(cnameAt);
    expect(sim.clock.now() - cnameAt).toBeLessThanOrEqual(5 * MINUTE);
    expect(seen.some((url) => url.startsWith(`${server.dohUrl}?`))).toBe(true);
    expect(seen.some((url) => url.startsWith(`${server.baseUrl}/zones/${sim.zoneId}/custom_hostnames`))).toBe(true);
    // The HTTP token checks were answered from the simulated world, not fetched from the host.
    const tokenChecks = sim.requests.filter((r) => r.kind === 'http');
    expect(tokenChecks.length).toBeGreaterThan(0);
    expect(tokenChecks.every((r) => r.path.startsWith('/.well-known/'))).toBe(true);
    expect(seen.some((url) => url.includes('/.well-known/'))).toBe(false);
    expect(sim.requests.filter((r) => r.kind === 'api' && r.method === 'PATCH').length).toBeGreaterThan(0);
  } finally {
    vi.unstubAllGlobals();
    await server.close();
  }
});
