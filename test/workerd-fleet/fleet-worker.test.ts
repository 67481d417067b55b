/**
 * The fleet Worker example (examples/fleet-worker) in workerd, through Miniflare: its
 * Durable Object drives each hostname's PollState with alarms against the simulator served
 * on 127.0.0.1. The Worker runs on real time, so the simulator's clock follows real time
 * here and its delays are set to zero; the scenario takes about two seconds.
 */
import { build } from 'esbuild';
import { Miniflare, type Request as MiniflareRequest, Response as MiniflareResponse } from 'miniflare';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CloudflareSaaS } from '../../src/index.js';
import { createSimulator, type Simulator, VirtualClock } from '../../src/testing/index.js';
import { type ListeningSimulator, listen } from '../../src/testing-node.js';
import type { FleetStatus as Status } from '../fleet-worker/harness.js';

const ADMIN_TOKEN = 'test-admin-token-8e21b7';
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

let sim: Simulator;
let server: ListeningSimulator;
let mf: Miniflare;
let bundle: string;
let ticking: ReturnType<typeof setInterval>;
/** What the Worker fetched outside 127.0.0.1: the customers' token URLs, answered by the simulated world. */
const worldFetches: string[] = [];
/** A gate on one customer's token URLs: holds the alarm that diagnoses it in the middle of its run. */
const held = gate();

function gate(): { host: string; reached: Promise<void>; reach(): void; release(): void; released: Promise<void> } {
  let reach = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { host: 'shop.customer-two.com', reached, reach, release, released };
}

beforeAll(async () => {
  const clock = new VirtualClock({ start: Date.now() });
  ticking = setInterval(() => void clock.advance(Math.max(0, Date.now() - clock.now())), 20);
  sim = createSimulator({ clock, validationRecordsDelayMs: 0, issuanceMs: 0, deploymentMs: 0 });
  sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
  server = await listen(sim);
  const built = await build({
    entryPoints: ['examples/fleet-worker/src/index.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    write: false,
    tsconfig: 'tsconfig.json',
    logLevel: 'error',
  });
  bundle = built.outputFiles[0]?.text as string;
  mf = new Miniflare({
    modules: true,
    script: bundle,
    compatibilityDate: '2026-01-01',
    durableObjects: { FLEET: 'FleetPoller' },
    bindings: {
      ADMIN_TOKEN,
      CLOUDFLARE_API_TOKEN: sim.apiToken,
      CLOUDFLARE_ZONE_ID: sim.zoneId,
      CLOUDFLARE_BASE_URL: server.baseUrl,
      CLOUDFLARE_CNAME_TARGET: sim.cnameTarget,
      DOH_RESOLVER: server.dohUrl,
      POLL_DEADLINE_MS: '1500',
    },
    // The Worker's own requests go to the simulator on 127.0.0.1; diagnosis also fetches the
    // customers' token URLs, which the simulated world answers here instead of real DNS.
    outboundService: async (request: MiniflareRequest) => {
      const init = {
        method: request.method,
        headers: [...request.headers],
        body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer(),
      };
      const { hostname } = new URL(request.url);
      const local = hostname === '127.0.0.1';
      if (!local) worldFetches.push(request.url);
      if (hostname === held.host) {
        held.reach();
        await held.released;
      }
      const answer = local ? await fetch(request.url, init) : await sim.fetch(request.url, init);
      return new MiniflareResponse(await answer.arrayBuffer(), { status: answer.status, headers: [...answer.headers] });
    },
  });
  await mf.ready;
}, 30_000);

afterAll(async () => {
  await mf?.dispose();
  await server?.close();
  clearInterval(ticking);
});

/** Polls the fleet's status every 20 ms until `done` holds (10 s at most). */
async function statusWhen(done: (status: Status) => boolean): Promise<Status> {
  for (let i = 0; i < 500; i++) {
    const status = (await (await mf.dispatchFetch('http://fleet.local/status', { headers: auth })).json()) as Status;
    if (done(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the fleet did not get there within 10 s');
}

const statusOf = (status: Status, hostname: string) => status.hostnames.find((h) => h.hostname === hostname)?.status;

describe('examples/fleet-worker in workerd', () => {
  test('onboards through the Worker, discovers by cron, and settles every hostname with alarms', async () => {
    const ready = 'shop.customer-one.com';
    const never = 'shop.customer-two.com';
    const blocked = 'shop.customer-six.com';
    const elsewhere = 'shop.customer-ten.com';
    for (const name of [ready, blocked]) sim.world.setRecord('CNAME', name, sim.cnameTarget);
    sim.world.setRecord('CAA', 'customer-six.com', '0 issue "letsencrypt.org"');

    const onboard = async (hostname: string) => {
      const res = await mf.dispatchFetch('http://fleet.local/hostnames', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ hostname }),
      });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { hostname: string; outcome: string; instructions: { records: unknown[] } };
      expect(body).toMatchObject({ hostname, outcome: 'created' });
      expect(Array.isArray(body.instructions.records)).toBe(true);
    };
    await onboard(ready);
    await onboard(never);
    // The alarm that diagnoses `never` is held at its token URLs while `blocked` is enrolled:
    // the alarm must still wake for a hostname that arrived during its run.
    await held.reached;
    await onboard(blocked);
    held.release();
    // Looked at as soon as that alarm ends, not at the next wake-up it knew of (`never`'s deadline).
    const early = await statusWhen((status) => statusOf(status, blocked) === 'failed');
    expect(statusOf(early, never)).toBe('watching');
    // A hostname created elsewhere (the dashboard): the Cron Trigger finds it.
    const direct = new CloudflareSaaS({ apiToken: sim.apiToken, zoneId: sim.zoneId, baseUrl: server.baseUrl });
    await direct.customHostnames.create({ hostname: elsewhere, ssl: { method: 'http', type: 'dv' } });
    const worker = (await mf.getWorker()) as unknown as { scheduled(options: { cron: string }): Promise<unknown> };
    await worker.scheduled({ cron: '*/10 * * * *' });

    const status = await statusWhen((s) => s.watching === 0 && s.hostnames.length === 4);
    const byName = Object.fromEntries(status.hostnames.map((h) => [h.hostname, h]));
    expect(status).toMatchObject({ watching: 0, active: 1, failed: 1, timeout: 2 });
    expect(byName[ready]).toMatchObject({ status: 'active', apiCalls: 1 });
    expect(byName[blocked]?.status).toBe('failed');
    expect(byName[blocked]?.reason).toContain('CAA records block issuance');
    // No DNS: one look after enrolment, then the alarm at the deadline ends it without a call.
    expect(byName[never]).toMatchObject({ status: 'timeout', apiCalls: 1 });
    expect(byName[elsewhere]).toMatchObject({ status: 'timeout', apiCalls: 1 });

    const api = sim.requests.filter((r) => r.kind === 'api');
    expect(api.filter((r) => r.status === 429)).toHaveLength(0);
    // 3 creates through the Worker, 1 elsewhere, 1 discovery listing, one GET per hostname.
    expect(api.filter((r) => r.method === 'POST')).toHaveLength(4);
    expect(api.filter((r) => r.method === 'GET' && r.query.hostname_status === 'pending')).toHaveLength(1);
    expect(api.filter((r) => r.method === 'GET' && /custom_hostnames\/[0-9a-f-]{36}$/.test(r.path))).toHaveLength(4);
    // Diagnosis looked at the waiting customers' token URLs, through the simulated world only.
    expect(worldFetches.length).toBeGreaterThan(0);
    expect(worldFetches.every((url) => /^http:\/\/shop\.customer-(two|ten)\.com\//.test(url))).toBe(true);

    // The list comes in pages (`limit`, then `next` as the offset); the counts cover them all.
    const page = async (query: string) =>
      (await (await mf.dispatchFetch(`http://fleet.local/status?${query}`, { headers: auth })).json()) as Status;
    const first = await page('limit=3');
    expect(first).toMatchObject({ active: 1, failed: 1, timeout: 2, next: 3 });
    expect(first.hostnames).toHaveLength(3);
    const rest = await page(`limit=3&offset=${first.next}`);
    expect(rest.hostnames).toHaveLength(1);
    expect(rest.next).toBeUndefined();
    expect([...first.hostnames, ...rest.hostnames].map((h) => h.hostname).sort()).toEqual(
      [ready, never, blocked, elsewhere].sort(),
    );
  }, 30_000);

  test('answers 401 without the bearer token or with a wrong one, and 400 to a body without a hostname', async () => {
    const before = sim.requests.length;
    for (const headers of [{}, { authorization: 'Bearer wrong' }]) {
      const status = await mf.dispatchFetch('http://fleet.local/status', { headers });
      expect(status.status).toBe(401);
      const create = await mf.dispatchFetch('http://fleet.local/hostnames', {
        method: 'POST',
        headers,
        body: JSON.stringify({ hostname: 'shop.customer-nine.com' }),
      });
      expect(create.status).toBe(401);
      expect(await create.json()).toEqual({ error: 'unauthorized' });
    }
    for (const body of ['null', '[]', '{"hostname":null}', 'not json']) {
      const res = await mf.dispatchFetch('http://fleet.local/hostnames', { method: 'POST', headers: auth, body });
      expect(res.status).toBe(400);
    }
    expect(sim.requests.length).toBe(before);
  });

  test('answers 502 when the Durable Object does not take the hostname', async () => {
    const other = createSimulator({ clock: new VirtualClock({ autoAdvance: false }) });
    const otherServer = await listen(other);
    // The same Worker, its FLEET binding served by an object that fails every request.
    const broken = new Miniflare({
      workers: [
        {
          name: 'fleet',
          modules: true,
          script: bundle,
          compatibilityDate: '2026-01-01',
          durableObjects: { FLEET: { className: 'FleetPoller', scriptName: 'broken' } },
          bindings: {
            ADMIN_TOKEN,
            CLOUDFLARE_API_TOKEN: other.apiToken,
            CLOUDFLARE_ZONE_ID: other.zoneId,
            CLOUDFLARE_BASE_URL: otherServer.baseUrl,
            CLOUDFLARE_CNAME_TARGET: other.cnameTarget,
          },
        },
        {
          name: 'broken',
          modules: true,
          compatibilityDate: '2026-01-01',
          script: `export class FleetPoller { fetch() { return new Response('unavailable', { status: 500 }); } }
            export default { fetch: () => new Response(null, { status: 404 }) };`,
        },
      ],
    });
    try {
      const res = await broken.dispatchFetch('http://fleet.local/hostnames', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ hostname: 'shop.customer-nine.com' }),
      });
      expect(res.status).toBe(502);
      const body = (await res.json()) as { error: string; id: string };
      expect(body.id).toBe(other.hostname('shop.customer-nine.com')?.id);
    } finally {
      await broken.dispose();
      await otherServer.close();
    }
  }, 30_000);
});
