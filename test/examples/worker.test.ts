import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { listen } from '../../src/testing-node.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ADMIN_TOKEN = 'test-admin-token-3f9c1d';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function bundleWorker(): Promise<string> {
  const result = await build({
    entryPoints: [`${root}examples/worker/worker.ts`],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    alias: { 'cloudflare-custom-hostnames': `${root}src/index.ts` },
    mainFields: ['module', 'main'],
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('examples/worker: "add my domain" in workerd', () => {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: false }) });
  let server: Awaited<ReturnType<typeof listen>>;
  let script: string;
  let mf: Miniflare;
  const worker = (bindings: Record<string, string>) =>
    new Miniflare({ modules: true, script, compatibilityDate: '2026-01-01', bindings });

  beforeAll(async () => {
    sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
    server = await listen(sim);
    script = await bundleWorker();
    mf = worker({
      ADMIN_TOKEN,
      CLOUDFLARE_API_TOKEN: sim.apiToken,
      CLOUDFLARE_ZONE_ID: sim.zoneId,
      CLOUDFLARE_CNAME_TARGET: sim.cnameTarget,
      CLOUDFLARE_BASE_URL: server.baseUrl,
    });
  }, 30_000);

  afterAll(async () => {
    await mf?.dispose();
    await server?.close();
  });

  it('adds a domain, tells the customer what to do, then reports it active', async () => {
    const added = await mf.dispatchFetch('http://dashboard.local/domains', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ hostname: 'App.Customer-One.com.' }),
    });
    expect(added.status).toBe(201);
    const body = (await added.json()) as {
      hostname: string;
      verdict: { state: string };
      instructions: { records: { type: string; name: string; value: string }[] };
    };
    expect(body.hostname).toBe('app.customer-one.com');
    expect(body.verdict.state).toBe('waiting_on_customer');
    expect(body.instructions.records[0]).toMatchObject({
      type: 'CNAME',
      name: 'app.customer-one.com',
      value: sim.cnameTarget,
    });

    sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget);
    await sim.clock.advance(10 * 60_000);
    const status = await mf.dispatchFetch('http://dashboard.local/domains/app.customer-one.com', { headers: auth });
    expect(status.status).toBe(200);
    const later = (await status.json()) as { verdict: { state: string }; instructions?: unknown };
    expect(later.verdict.state).toBe('active');
    expect(later.instructions).toBeUndefined();
    expect(sim.hostnames()).toHaveLength(1);
  });

  it('rejects bad input with 400 naming the field, without calling Cloudflare', async () => {
    const before = sim.requests.length;
    const response = await mf.dispatchFetch('http://dashboard.local/domains', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ hostname: 'localhost' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: 'hostname' });
    expect(sim.requests.length).toBe(before);
  });

  it('answers 404 for a domain it does not know', async () => {
    const response = await mf.dispatchFetch('http://dashboard.local/domains/nobody.customer-two.com', {
      headers: auth,
    });
    expect(response.status).toBe(404);
  });

  it('answers 401 without the bearer token, or with a wrong one, without calling Cloudflare', async () => {
    const before = sim.requests.length;
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: ADMIN_TOKEN }]) {
      const response = await mf.dispatchFetch('http://dashboard.local/domains', {
        method: 'POST',
        headers,
        body: JSON.stringify({ hostname: 'app.customer-three.com' }),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toEqual({ error: 'unauthorized' });
    }
    const read = await mf.dispatchFetch('http://dashboard.local/domains/app.customer-one.com');
    expect(read.status).toBe(401);
    expect(sim.requests.length).toBe(before);
  });

  it('answers 400 to a body that is not { hostname } and to a malformed %-escape', async () => {
    const before = sim.requests.length;
    for (const body of ['null', '[]', '"app.customer-three.com"', '{"hostname":42}', 'not json']) {
      const response = await mf.dispatchFetch('http://dashboard.local/domains', {
        method: 'POST',
        headers: auth,
        body,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ field: 'hostname' });
    }
    const malformed = await mf.dispatchFetch('http://dashboard.local/domains/app%E0%A4%A.customer-one.com', {
      headers: auth,
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: expect.any(String) });
    expect(sim.requests.length).toBe(before);
  });

  it('answers 502 with the error name and code only when Cloudflare fails', async () => {
    sim.faults.inject({ kind: 'status', status: 403, method: 'POST' });
    const response = await mf.dispatchFetch('http://dashboard.local/domains', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ hostname: 'app.customer-three.com' }),
    });
    expect(response.status).toBe(502);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: expect.any(String), name: 'PermissionDeniedError' });
    expect(text).not.toContain(sim.zoneId);
    expect(text).not.toContain('custom_hostnames');
  });

  it('answers 500 naming the missing bindings before doing anything', async () => {
    const before = sim.requests.length;
    const bare = worker({ ADMIN_TOKEN, CLOUDFLARE_API_TOKEN: sim.apiToken, CLOUDFLARE_ZONE_ID: sim.zoneId });
    try {
      const response = await bare.dispatchFetch('http://dashboard.local/domains', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ hostname: 'app.customer-three.com' }),
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ missing: ['CLOUDFLARE_CNAME_TARGET'] });
      expect(sim.requests.length).toBe(before);
    } finally {
      await bare.dispose();
    }
  });
});
