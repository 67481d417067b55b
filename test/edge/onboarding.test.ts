import { describe, expect, test } from 'vitest';
import { renderZoneFile } from '../../src/index.js';
import { apiCalls, MINUTE, onSimulator, T0 } from './setup.js';

const HOST = 'app.customer-one.com';

describe('onboarding a customer on the simulator', () => {
  test('fallback origin → create → instructions → customer adds the CNAME → active', async () => {
    const { sim, saas } = onSimulator();

    await saas.fallbackOrigin.update({ origin: 'proxy-fallback.saasprovider.com' });
    const fallback = await saas.fallbackOrigin.waitUntilActive();
    expect(fallback).toMatchObject({ origin: 'proxy-fallback.saasprovider.com', status: 'active' });
    expect(sim.clock.now() - T0).toBe(60_000);

    const created = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
    expect(created).toMatchObject({ hostname: HOST, status: 'pending', ssl: { status: 'initializing' } });

    const todo = await saas.validation.instructions(created.id);
    expect(todo.complete).toBe(true);
    expect(todo).toMatchObject({ hostname: HOST, id: created.id });
    expect(todo.records[0]).toEqual({ type: 'CNAME', name: HOST, value: sim.cnameTarget, purpose: 'routing' });
    expect(todo.records.filter((r) => r.purpose === 'certificate').length).toBeGreaterThan(0);
    expect(renderZoneFile(todo)).toContain(`${HOST}. 3600 IN CNAME ${sim.cnameTarget}.`);
    // Cloudflare adds the validation records 10 s after create; instructions waited for them.
    expect(sim.clock.now() - T0).toBe(70_000);

    const cnameAt = sim.clock.now() + 40 * MINUTE;
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: cnameAt });
    const active = await saas.validation.waitUntilActive(created.id);

    expect(active).toMatchObject({ id: created.id, hostname: HOST, status: 'active', ssl: { status: 'active' } });
    expect(sim.hostname(HOST)).toMatchObject({ status: 'active', ssl: { status: 'active' } });
    // Seen after the customer's change, and within minutes of it: a recheck, not Cloudflare's slow schedule.
    expect(sim.clock.now()).toBeGreaterThan(cnameAt);
    expect(sim.clock.now() - cnameAt).toBeLessThanOrEqual(5 * MINUTE);
    const calls = apiCalls(sim);
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual(['POST /custom_hostnames']);
    expect(calls.filter((c) => c.startsWith('PUT'))).toEqual(['PUT /custom_hostnames/fallback_origin']);
    expect(sim.requests.every((r) => r.status === 200 || r.kind !== 'api')).toBe(true);
  });
});
