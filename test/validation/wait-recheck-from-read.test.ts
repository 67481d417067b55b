/**
 * A wait's recheck that comes moments after its own read sends that read's ssl values back
 * (`driver.recheckFrom`: one call, the PATCH) instead of reading them again, when the
 * hostname's recheck can go out at once; otherwise, and after a slow diagnosis, it reads first.
 */
import { describe, expect, it } from 'vitest';
import { CloudflareSaaS, type CustomHostname, InternalServerError } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { type PollDriver, type ProgressEvent, waitUntilActive } from '../../src/validation/wait.js';
import { FakeCloudflare } from './fake-cloudflare.js';
import { HOST_ID, T0 } from './fixtures.js';

const S = 1000;

/** The fake, customer ready at +1,000 s, as a driver with `recheckFrom` answering `fromRead`. */
function driverWith(fromRead: (cf: FakeCloudflare) => Promise<CustomHostname | undefined>, diagnoseMs = 0) {
  const clock = new VirtualClock({ start: T0 + 10 * S, autoAdvance: true });
  const cf = new FakeCloudflare(clock, T0 + 1000 * S);
  const froms: [CustomHostname, number][] = [];
  const rechecks: number[] = [];
  const driver: PollDriver = {
    get: () => cf.get(),
    recheck: async () => {
      rechecks.push(clock.now());
      return cf.recheck();
    },
    recheckCalls: 2,
    recheckFrom: async (hostname) => {
      froms.push([hostname, clock.now()]);
      return fromRead(cf);
    },
    diagnose: async (hostname) => {
      await clock.sleep(diagnoseMs);
      return cf.diagnose(hostname);
    },
    clock,
  };
  return { cf, driver, froms, rechecks };
}

async function waitWith(driver: PollDriver) {
  const events: ProgressEvent[] = [];
  await waitUntilActive(driver, HOST_ID, { onProgress: (e) => events.push(e) });
  return events;
}

describe('waitUntilActive: a recheck from the wait’s own read', () => {
  it('sends the read of moments before back, one call, and reads nothing more', async () => {
    const { cf, driver, froms, rechecks } = driverWith((cf) => cf.recheck());
    const events = await waitWith(driver);
    // The look at +1,005 s, its diagnosis at once, then the recheck from that very read.
    expect(froms.map(([, at]) => (at - T0) / S)).toEqual([1005]);
    expect(froms[0]?.[0]).toBe(events.at(-2)?.hostname);
    expect(rechecks).toEqual([]);
    expect(cf.gets).toHaveLength(12);
    expect(events.at(-1)?.state).toMatchObject({ rechecks: 1, apiCalls: 13 });
  });

  it('rechecks as before, reading first, when the hostname’s recheck cannot go out at once', async () => {
    const { cf, driver, froms, rechecks } = driverWith(async () => undefined);
    const events = await waitWith(driver);
    expect(froms).toHaveLength(1);
    expect(rechecks.map((at) => (at - T0) / S)).toEqual([1005]);
    expect(cf.gets).toHaveLength(12);
    expect(events.at(-1)?.state).toMatchObject({ rechecks: 1, apiCalls: 14 });
  });

  it('reads first when the diagnosis took longer than freshReadMs (5 s)', async () => {
    const { driver, froms, rechecks } = driverWith((cf) => cf.recheck(), 6 * S);
    const events = await waitWith(driver);
    expect(froms).toEqual([]);
    expect(rechecks).toHaveLength(1);
    expect(events.at(-1)?.state).toMatchObject({ rechecks: 1 });
  });

  it('a PATCH from the read that fails is one call, and its retry reads first', async () => {
    let failed = false;
    const { driver, froms, rechecks } = driverWith(async (cf) => {
      if (failed) return cf.recheck();
      failed = true;
      throw new InternalServerError({
        status: 503,
        method: 'PATCH',
        path: `/zones/z/custom_hostnames/${HOST_ID}`,
      });
    });
    const events = await waitWith(driver);
    expect(froms).toHaveLength(1);
    expect(rechecks).toHaveLength(1);
    // 12 reads, the refused PATCH, then the retry's read and PATCH.
    expect(events.at(-1)?.state).toMatchObject({ rechecks: 1, apiCalls: 12 + 1 + 2 });
  });
});

describe('waitUntilActive against the simulator: begun after the DCV records, the CNAME right', () => {
  it.each([10, 15, 29])(
    'begun %i s after creation: GET, PATCH with the read’s ssl values, then the issuance cadence; calls ≤ checks + rechecks',
    async (startS) => {
      const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
      sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
      const options = sim.clientOptions();
      const patches: unknown[] = [];
      const fetch: typeof globalThis.fetch = async (input, init) => {
        if (init?.method === 'PATCH') patches.push(JSON.parse(String(init.body)));
        return options.fetch(input, init);
      };
      const saas = new CloudflareSaaS({ ...options, fetch, rateLimit: false });
      const hostname = 'shop.customer-one.com';
      const host = await saas.customHostnames.create({
        hostname,
        ssl: { method: 'http', type: 'dv', settings: { min_tls_version: '1.2' } },
      });
      const createdAt = sim.clock.now();
      sim.world.setRecord('CNAME', hostname, sim.cnameTarget, { at: createdAt });
      await sim.clock.sleep(startS * S);
      const mark = sim.requests.length;
      let apiCalls = 0;

      const active = await saas.validation.waitUntilActive(host.id, {
        recheck: 'auto',
        onProgress: (e) => {
          apiCalls = e.apiCalls;
        },
      });

      expect(active).toMatchObject({ status: 'active', ssl: { status: 'active' } });
      const api = sim.requests.slice(mark).filter((r) => r.kind === 'api');
      expect(api.map((r) => [r.method, (r.at - createdAt) / S])).toEqual([
        ['GET', startS],
        ['PATCH', startS],
        ['GET', startS + 30],
        ['GET', startS + 60],
      ]);
      // The read's own values, as Cloudflare answered them.
      const ssl = { method: 'http', type: 'dv', bundle_method: 'ubiquitous', wildcard: false };
      expect(patches).toEqual([{ ssl: { ...ssl, settings: { min_tls_version: '1.2' } } }]);
      const checks = sim.checks.filter((c) => c.at <= sim.clock.now());
      expect(api.length).toBeLessThanOrEqual(checks.length + 1);
      expect(apiCalls).toBe(api.length);
    },
  );
});
