import { request } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import { listen } from '../../src/testing-node.js';

const servers: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start() {
  const sim = createSimulator();
  const server = await listen(sim);
  servers.push(server);
  return { sim, server, auth: { authorization: `Bearer ${sim.apiToken}` } };
}

describe('listen()', () => {
  test('serves the API on 127.0.0.1 with the same answers as sim.fetch', async () => {
    const { sim, server, auth } = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.baseUrl).toBe(`${server.url}/client/v4`);
    expect(server.dohUrl).toBe(`${server.url}/dns-query`);
    const created = await fetch(`${server.baseUrl}/zones/${sim.zoneId}/custom_hostnames`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ hostname: 'app.customer-one.com' }),
    });
    expect(created.status).toBe(200);
    expect(created.headers.get('cf-ray')).toBe('0000000000000001-SIM');
    const body = await created.json();
    expect(body.result).toEqual(sim.hostname('app.customer-one.com'));
    expect(sim.requests[0]).toMatchObject({
      method: 'POST',
      path: `/zones/${sim.zoneId}/custom_hostnames`,
      auth: 'token',
      status: 200,
    });
  });

  test('serves DoH', async () => {
    const { sim, server } = await start();
    sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget);
    const res = await fetch(`${server.dohUrl}?name=app.customer-one.com&type=CNAME`);
    expect((await res.json()).Answer[0].data).toBe('customers.saasprovider.com.');
  });

  test('a drop fault destroys the socket: fetch fails and nothing is processed', async () => {
    const { sim, server, auth } = await start();
    sim.faults.inject({ kind: 'drop' });
    const failed = fetch(`${server.baseUrl}/zones/${sim.zoneId}/custom_hostnames`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ hostname: 'app.customer-one.com' }),
    });
    await expect(failed).rejects.toThrow(TypeError);
    expect(sim.hostnames()).toEqual([]);
    const next = await fetch(`${server.baseUrl}/zones/${sim.zoneId}/custom_hostnames`, { headers: auth });
    expect(next.status).toBe(200);
  });

  test('lose-response processes the request, then destroys the socket', async () => {
    const { sim, server, auth } = await start();
    sim.faults.inject({ kind: 'lose-response' });
    const failed = fetch(`${server.baseUrl}/zones/${sim.zoneId}/custom_hostnames`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ hostname: 'app.customer-one.com' }),
    });
    await expect(failed).rejects.toThrow(TypeError);
    expect(sim.hostnames()).toHaveLength(1);
  });

  test('a client that goes away during a delay fault aborts it', async () => {
    const { sim, server, auth } = await start();
    sim.faults.inject({ kind: 'delay', ms: 60_000 });
    const controller = new AbortController();
    const pending = fetch(`${server.baseUrl}/zones/${sim.zoneId}/custom_hostnames`, {
      headers: auth,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('client timeout')), 20);
    await expect(pending).rejects.toThrow('client timeout');
  });

  test('HEAD answers headers only', async () => {
    const { sim, server } = await start();
    sim.world.serveHttp(`http://127.0.0.1:${new URL(server.url).port}/file`, 'hello');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/file`, { method: 'HEAD' }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  test('close() stops the server', async () => {
    const { server } = await start();
    await servers.pop()?.close();
    await expect(fetch(server.url)).rejects.toThrow(TypeError);
  });
});
