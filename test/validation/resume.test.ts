import { describe, expect, it } from 'vitest';
import { AbortError, CloudflareSaaS, type PollState } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';

const HOST = 'app.customer-four.com';
const S = 1000;

describe('a wait resumed from its serialised PollState in a new client', () => {
  it('carries on where the first process stopped: same schedule, no extra reads, active at the right check', async () => {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
    const first = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false });
    const host = await first.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
    const createdAt = Date.parse(host.created_at as string);
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: createdAt + 3 * 3600 * S });

    // Process 1 waits, saving its state after each snapshot, and is stopped after one hour.
    let saved = '';
    const stop = new AbortController();
    const waiting = first.validation.waitUntilActive(host.id, {
      recheck: 'never',
      signal: stop.signal,
      onProgress: (e) => {
        saved = JSON.stringify(e.state);
        if (sim.clock.now() >= createdAt + 3600 * S) stop.abort();
      },
    });
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    const state = JSON.parse(saved) as PollState;
    expect(state).toMatchObject({ v: 1, id: host.id, scheduleStart: createdAt });
    const readsBefore = sim.requests.filter((r) => r.kind === 'api' && r.method === 'GET').length;

    // Process 2: a new client, nothing shared but the saved JSON.
    const second = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false });
    const active = await second.validation.waitUntilActive(host.id, { recheck: 'never', resumeFrom: state });
    expect(active.status).toBe('active');
    expect(active.ssl?.status).toBe('active');

    const reads = sim.requests.filter((r) => r.kind === 'api' && r.method === 'GET').slice(readsBefore);
    // The first read after the restart is the one the saved state was waiting for, not an immediate one.
    expect(reads[0]?.at).toBe(state.wakeAt);
    // Ownership passed at Cloudflare's first check after +3 h (retry 24, offset 12,293 s), seen
    // 2 s after the certificate check of the same round, 10 s later.
    const passed = sim.checks.find((c) => c.kind === 'hostname' && c.passed);
    expect((passed?.at ?? 0) - createdAt).toBe(12_293 * S);
    expect(reads.some((r) => r.at === (passed?.at ?? 0) + 12 * S)).toBe(true);
  });
});

describe('apiCalls in progress events', () => {
  it('counts every request the wait made, the GET and the PATCH of a recheck included', async () => {
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
    const saas = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false });
    const host = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
    const createdAt = Date.parse(host.created_at as string);
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: createdAt + 3600 * S });
    const before = sim.requests.filter((r) => r.kind === 'api').length;
    let last: PollState | undefined;
    await saas.validation.waitUntilActive(host.id, { recheck: 'auto', onProgress: (e) => (last = e.state) });
    const made = sim.requests.filter((r) => r.kind === 'api').slice(before);
    expect(made.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(last).toMatchObject({ rechecks: 1, apiCalls: made.length });
  });
});
