import { describe, expect, it } from 'vitest';
import { CloudflareSaaS, type MigrationStep } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { ALL_STEPS } from './migrate/helpers.js';

const HOST = 'shop.customer-two.com';

function setup() {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
  // Live elsewhere: the hostname resolves to the customer's current origin, not to us.
  sim.world.setRecord('A', HOST, '203.0.113.10');
  const saas = new CloudflareSaaS(sim.clientOptions());
  return { sim, saas };
}

describe('zero-downtime migration', () => {
  it('issues the certificate before the CNAME moves, step by step', async () => {
    const { sim, saas } = setup();
    const start = sim.clock.now();
    const seen: { type: MigrationStep['type']; at: number }[] = [];
    let certificateActiveAt = Number.NaN;
    let switchedAt = Number.NaN;
    const flow = saas.validation.migrate({ hostname: HOST }, { intervalMs: 30_000 });
    for await (const step of flow) {
      seen.push({ type: step.type, at: sim.clock.now() - start });
      if (step.type === 'publish_ownership_txt') {
        expect(step.record).toMatchObject({ type: 'TXT', name: `_cf-custom-hostname.${HOST}`, purpose: 'ownership' });
        sim.world.addRecord('TXT', step.record.name, step.record.value);
      }
      if (step.type === 'serve_dcv_token') {
        expect(step.url).toMatch(new RegExp(`^http://${HOST}/`));
        // Still live elsewhere: the token is served by the current origin.
        expect(sim.world.resolve(HOST, 'CNAME')).toEqual([]);
        sim.world.serveHttp(step.url, step.body);
      }
      if (step.type === 'certificate_active') {
        certificateActiveAt = sim.clock.now();
        expect(step.hostname.ssl?.status).toBe('active');
        expect(step.hostname.status).toBe('active');
      }
      if (step.type === 'switch_cname') {
        expect(step.record).toMatchObject({ type: 'CNAME', name: HOST, value: sim.cnameTarget });
        switchedAt = sim.clock.now();
        sim.world.removeRecord('A', HOST);
        sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
      }
    }
    expect(seen.map((s) => s.type)).toEqual(ALL_STEPS);
    expect(certificateActiveAt).toBeLessThanOrEqual(switchedAt);
    const final = sim.hostname(HOST);
    expect(final?.status).toBe('active');
    expect(final?.ssl?.status).toBe('active');
    // The recheck after the TXT step made Cloudflare verify ownership at once, not at the next scheduled check.
    const ownershipCheck = sim.checks.find((c) => c.kind === 'hostname' && c.passed);
    const txtStep = seen.find((s) => s.type === 'publish_ownership_txt');
    expect(ownershipCheck && ownershipCheck.at - start).toBe(txtStep?.at);
  });

  it('a hostname whose ownership is already verified skips the TXT step', async () => {
    const { sim, saas } = setup();
    sim.world.removeRecord('A', HOST);
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
    await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
    const types: string[] = [];
    for await (const step of saas.validation.migrate({ hostname: HOST })) types.push(step.type);
    expect(types).toEqual([
      'created',
      'ownership_verified',
      'serve_dcv_token',
      'certificate_active',
      'switch_cname',
      'traffic_switched',
    ]);
  });

  it('stops with AbortError when aborted while waiting', async () => {
    const { saas } = setup();
    const ac = new AbortController();
    const flow = saas.validation.migrate({ hostname: HOST }, { signal: ac.signal });
    await flow.next(); // created
    await flow.next(); // publish_ownership_txt (never published)
    const pending = flow.next();
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('without a deadline, a customer who never switches the CNAME ends the flow a schedule after the certificate', async () => {
    const { sim, saas } = setup();
    const flow = saas.validation.migrate({ hostname: HOST }, { intervalMs: 3_600_000 });
    let certificateAt = Number.NaN;
    let ended: unknown;
    try {
      for await (const step of flow) {
        if (step.type === 'publish_ownership_txt') sim.world.addRecord('TXT', step.record.name, step.record.value);
        if (step.type === 'serve_dcv_token') sim.world.serveHttp(step.url, step.body);
        if (step.type === 'certificate_active') certificateAt = sim.clock.now();
      }
    } catch (error) {
      ended = error;
    }
    expect(ended).toMatchObject({ name: 'PollTimeoutError', deadline: certificateAt + 624_663_000 });
    // One look an hour, the last at the deadline itself, and no sleeper left behind.
    expect(sim.clock.now() - certificateAt).toBe(624_663_000);
    expect(sim.clock.pendingSleepers).toBe(0);
  });

  it('a deadline given ends the watch for the switch at that time', async () => {
    const { sim, saas } = setup();
    const deadline = sim.clock.now() + 86_400_000;
    const flow = saas.validation.migrate({ hostname: HOST }, { deadline, intervalMs: 600_000 });
    const error = await (async () => {
      for await (const step of flow) {
        if (step.type === 'publish_ownership_txt') sim.world.addRecord('TXT', step.record.name, step.record.value);
        if (step.type === 'serve_dcv_token') sim.world.serveHttp(step.url, step.body);
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PollTimeoutError', deadline });
    expect(sim.clock.now()).toBeGreaterThanOrEqual(deadline);
    expect(sim.clock.now()).toBeLessThan(deadline + 600_000);
  });
});
