import { describe, expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { api } from './helpers.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const FALLBACK = 'fallback.saasprovider.com';

function setup() {
  const clock = new VirtualClock({ start: T0 });
  return { clock, sim: createSimulator({ clock }) };
}

describe('fallback origin endpoints', () => {
  test('GET with none set is 404 / 1551 in the failure envelope', async () => {
    const { sim } = setup();
    const reply = await api(sim, 'GET', 'custom_hostnames/fallback_origin');
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({
      success: false,
      errors: [{ code: 1551, message: expect.any(String) }],
      messages: [],
      result: null,
    });
    expect(sim.fallbackOrigin()).toBeUndefined();
  });

  test('PUT → pending_deployment, active after fallbackOriginDeployMs', async () => {
    const { clock, sim } = setup();
    const put = await api(sim, 'PUT', 'custom_hostnames/fallback_origin', { origin: FALLBACK });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({
      success: true,
      errors: [],
      messages: [],
      result: {
        origin: FALLBACK,
        status: 'pending_deployment',
        errors: [],
        created_at: expect.stringMatching(/^2026-01-05T09:00:00\.000\d{3}Z$/),
        updated_at: expect.stringMatching(/^2026-01-05T09:00:00\.000\d{3}Z$/),
      },
    });
    await clock.advance(59_999);
    expect((await api(sim, 'GET', 'custom_hostnames/fallback_origin')).json.result.status).toBe('pending_deployment');
    await clock.advance(1);
    expect((await api(sim, 'GET', 'custom_hostnames/fallback_origin')).json.result.status).toBe('active');
  });

  test('an origin outside the zone shows the DNS error and ends deployment_timed_out', async () => {
    const { clock, sim } = setup();
    const put = await api(sim, 'PUT', 'custom_hostnames/fallback_origin', { origin: 'origin.elsewhere.net' });
    expect(put.json.result).toMatchObject({
      status: 'pending_deployment',
      errors: ['DNS records are not setup correctly. Origin should be a proxied A/AAAA/CNAME dns record'],
    });
    await clock.advance(60_000);
    expect(sim.fallbackOrigin()?.status).toBe('deployment_timed_out');
  });

  test('an origin ending in the zone that is not a valid DNS name is no record of it: the same DNS error', async () => {
    const { clock, sim } = setup();
    for (const origin of ['fall back!!.saasprovider.com', 'fallback..saasprovider.com', '-fallback.saasprovider.com']) {
      const put = await api(sim, 'PUT', 'custom_hostnames/fallback_origin', { origin });
      expect(put.json.result).toMatchObject({
        origin,
        status: 'pending_deployment',
        errors: ['DNS records are not setup correctly. Origin should be a proxied A/AAAA/CNAME dns record'],
      });
      await clock.advance(60_000);
      expect(sim.fallbackOrigin()?.status).toBe('deployment_timed_out');
    }
  });

  test('DELETE → pending_deletion, then gone; DELETE with none is 404', async () => {
    const { clock, sim } = setup();
    sim.setFallbackOrigin(FALLBACK);
    const deleted = await api(sim, 'DELETE', 'custom_hostnames/fallback_origin');
    expect(deleted.status).toBe(200);
    expect(deleted.json.result.status).toBe('pending_deletion');
    await clock.advance(60_000);
    expect((await api(sim, 'GET', 'custom_hostnames/fallback_origin')).status).toBe(404);
    expect((await api(sim, 'DELETE', 'custom_hostnames/fallback_origin')).status).toBe(404);
  });

  test('PUT without an origin is 400 / 10001; bad JSON is 400 / 1400', async () => {
    const { sim } = setup();
    const missing = await api(sim, 'PUT', 'custom_hostnames/fallback_origin', {});
    expect([missing.status, missing.json.errors[0].code]).toEqual([400, 10001]);
    const junk = await api(sim, 'PUT', 'custom_hostnames/fallback_origin', '{');
    expect([junk.status, junk.json.errors[0].code]).toEqual([400, 1400]);
  });

  test('setFallbackOrigin is a shortcut: active at once by default, or deploying', () => {
    const { sim } = setup();
    sim.setFallbackOrigin(FALLBACK);
    expect(sim.fallbackOrigin()).toMatchObject({ origin: FALLBACK, status: 'active', errors: [] });
    sim.setFallbackOrigin('other.saasprovider.com', { active: false });
    expect(sim.fallbackOrigin()?.status).toBe('pending_deployment');
    expect(sim.requests).toHaveLength(0);
  });
});

describe('fallback origin in hostname validation', () => {
  test('no fallback, then a deploying one, then an active one: each check shows its own error', async () => {
    const { clock, sim } = setup();
    sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget);
    const created = await api(sim, 'POST', 'custom_hostnames', { hostname: 'app.customer-one.com' });
    expect(created.json.result.status).toBe('pending');
    expect(created.json.result.verification_errors).toEqual(['Zone does not have a fallback origin set.']);

    await api(sim, 'PUT', 'custom_hostnames/fallback_origin', { origin: FALLBACK });
    await clock.advance(60_000); // check at +60 s: the origin became active at exactly +60 s
    expect(sim.hostname('app.customer-one.com')?.status).toBe('active');
  });

  test('a check while the fallback is deploying reports its status', async () => {
    const { clock, sim } = setup();
    sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget);
    await api(sim, 'POST', 'custom_hostnames', { hostname: 'app.customer-one.com' });
    await clock.advance(30_000);
    await api(sim, 'PUT', 'custom_hostnames/fallback_origin', { origin: FALLBACK });
    await clock.advance(30_000);
    expect(sim.hostname('app.customer-one.com')?.verification_errors).toEqual([
      'Fallback origin is in a status of `initializing`, `pending_deployment`, `pending_deletion`, or `deleted`.',
    ]);
    await clock.advance(63_000);
    expect(sim.hostname('app.customer-one.com')?.status).toBe('active');
  });

  test('a hostname with its own origin server does not need the fallback origin', async () => {
    const { sim } = setup();
    sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget);
    const created = await api(sim, 'POST', 'custom_hostnames', {
      hostname: 'app.customer-one.com',
      custom_origin_server: 'eu.saasprovider.com',
    });
    expect(created.json.result.status).toBe('active');
  });
});
