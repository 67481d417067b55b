import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { checkTimes, HOSTNAME_SCHEDULE_END_S, hostnameRetirement } from '../../src/validation/schedule.js';
import { api, HOUR } from './helpers.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const HOST = 'app.customer-one.com';

function setup() {
  const clock = new VirtualClock({ start: T0 });
  const sim = createSimulator({ clock, rateLimit: false });
  sim.setFallbackOrigin('fallback.saasprovider.com');
  return { clock, sim };
}

const hostnameCheckTimes = (sim: ReturnType<typeof createSimulator>) =>
  sim.checks.filter((c) => c.kind === 'hostname').map((c) => c.at);

describe('hostname validation schedule', () => {
  test('a CNAME that appears at +3 h is seen at the first published check after it, and not before', async () => {
    const { clock, sim } = setup();
    const { id } = (await api(sim, 'POST', 'custom_hostnames', { hostname: HOST })).json.result;
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: T0 + 3 * HOUR });
    await clock.advance(5 * HOUR);

    const published = checkTimes(T0, 'hostname');
    // The check at creation is attempt 0; retry 24 is at 10,576 s (2.94 h), retry 25 at 12,293 s (3.41 h).
    expect(published[24]).toBe(T0 + 10_576_000);
    expect(published[25]).toBe(T0 + 12_293_000);
    const checks = sim.checks.filter((c) => c.kind === 'hostname');
    expect(checks.map((c) => c.at)).toEqual(published.slice(0, 26));
    expect(checks.map((c) => c.attempt)).toEqual(Array.from({ length: 26 }, (_, i) => i));
    expect(checks.map((c) => c.passed)).toEqual([...Array(25).fill(false), true]);
    expect(checks.every((c) => c.hostnameId === id && c.hostname === HOST)).toBe(true);
    expect(sim.hostname(id)?.status).toBe('active');
  });

  test('the status only changes at a check time', async () => {
    const { clock, sim } = setup();
    const { id } = (await api(sim, 'POST', 'custom_hostnames', { hostname: HOST })).json.result;
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: T0 + 3 * HOUR });
    await clock.advance(12_293_000 - 1);
    expect((await api(sim, 'GET', `custom_hostnames/${id}`)).json.result.status).toBe('pending');
    await clock.advance(1);
    expect((await api(sim, 'GET', `custom_hostnames/${id}`)).json.result.status).toBe('active');
  });

  test('a certificate on http DCV follows its own schedule from when the records appear, then issues and deploys', async () => {
    const { clock, sim } = setup();
    const { id } = (await api(sim, 'POST', 'custom_hostnames', { hostname: HOST })).json.result;
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: T0 + 3 * HOUR });
    await clock.advance(5 * HOUR);
    const certChecks = sim.checks.filter((c) => c.kind === 'certificate');
    const recordsAt = T0 + 10_000;
    expect(certChecks.map((c) => c.at)).toEqual(checkTimes(recordsAt, 'certificate').slice(0, 26));
    expect(certChecks.map((c) => c.passed)).toEqual([...Array(25).fill(false), true]);
    const host = sim.hostname(id);
    expect(host?.ssl?.status).toBe('active');
    expect(host?.status).toBe('active');
    // Live: the tokens and errors are gone.
    expect(host?.ownership_verification).toBeUndefined();
    expect(host?.ownership_verification_http).toBeUndefined();
    expect(host?.verification_errors).toBeUndefined();
    expect(host?.ssl?.validation_records).toBeUndefined();
  });

  test('the certificate walks pending_issuance → pending_deployment → active on the configured times', async () => {
    const clock = new VirtualClock({ start: T0 });
    const sim = createSimulator({ clock, issuanceMs: 20_000, deploymentMs: 40_000 });
    sim.setFallbackOrigin('fallback.saasprovider.com');
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
    const { id } = (await api(sim, 'POST', 'custom_hostnames', { hostname: HOST })).json.result;
    const status = () => sim.hostname(id)?.ssl?.status;
    expect(status()).toBe('initializing');
    await clock.advance(10_000);
    expect(status()).toBe('pending_issuance');
    await clock.advance(19_999);
    expect(status()).toBe('pending_issuance');
    await clock.advance(1);
    expect(status()).toBe('pending_deployment');
    await clock.advance(39_999);
    expect(status()).toBe('pending_deployment');
    await clock.advance(1);
    expect(status()).toBe('active');
  });

  test('a hostname that never validates is moved at the end of the schedule, deleted 7 days later, and can be refreshed', async () => {
    const { clock, sim } = setup();
    const { id } = (await api(sim, 'POST', 'custom_hostnames', { hostname: HOST })).json.result;
    const { movedAt, deletedAt } = hostnameRetirement(T0);
    expect(movedAt).toBe(T0 + HOSTNAME_SCHEDULE_END_S * 1000);

    await clock.advance(movedAt - T0 - 1);
    expect(sim.hostname(id)?.status).toBe('pending');
    expect(hostnameCheckTimes(sim)).toEqual(checkTimes(T0, 'hostname'));
    expect(hostnameCheckTimes(sim)).toHaveLength(76);

    await clock.advance(1);
    const moved = await api(sim, 'GET', `custom_hostnames/${id}`);
    expect(moved.json.result.status).toBe('moved');
    expect(moved.json.result.verification_errors).toEqual(['custom hostname does not CNAME to this zone.']);

    await clock.advance(deletedAt - movedAt - 1);
    expect(sim.hostname(id)?.status).toBe('moved');
    await clock.advance(1);
    const gone = await api(sim, 'GET', `custom_hostnames/${id}`);
    expect([gone.status, gone.json.result.status]).toEqual([200, 'deleted']);
    expect(hostnameCheckTimes(sim)).toHaveLength(76);
    const listed = await api(sim, 'GET', 'custom_hostnames?hostname_status=deleted');
    expect(listed.json.result.map((h: { id: string }) => h.id)).toEqual([id]);

    // §5.1, §6.5: a refresh puts a moved or deleted hostname back to pending, checked at once.
    const refreshed = await api(sim, 'PATCH', `custom_hostnames/${id}`, { ssl: { method: 'http', type: 'dv' } });
    expect([refreshed.status, refreshed.json.result.status]).toEqual([200, 'pending']);
    expect(hostnameCheckTimes(sim).at(-1)).toBe(deletedAt);
  });
});

describe('no-change PATCH (refresh)', () => {
  test('checks at once and restarts the schedule from the PATCH time', async () => {
    const { clock, sim } = setup();
    const { id } = (await api(sim, 'POST', 'custom_hostnames', { hostname: HOST, ssl: { method: 'http', type: 'dv' } }))
      .json.result;
    await clock.advance(2 * HOUR);
    const patchAt = clock.now();
    const before = hostnameCheckTimes(sim);
    expect(before).toEqual(checkTimes(T0, 'hostname').filter((t) => t <= patchAt));

    const reply = await api(sim, 'PATCH', `custom_hostnames/${id}`, { ssl: { method: 'http', type: 'dv' } });
    expect(reply.json.result.status).toBe('pending');
    const afterPatch = hostnameCheckTimes(sim);
    expect(afterPatch).toEqual([...before, patchAt]);
    expect(sim.checks.filter((c) => c.kind === 'hostname').at(-1)?.attempt).toBe(0);

    await clock.advance(HOUR);
    const restarted = checkTimes(patchAt, 'hostname').filter((t) => t <= patchAt + HOUR);
    expect(hostnameCheckTimes(sim)).toEqual([...before, ...restarted]);
  });

  test('validates at once when the record is already there', async () => {
    const { clock, sim } = setup();
    const { id } = (await api(sim, 'POST', 'custom_hostnames', { hostname: HOST, ssl: { method: 'http', type: 'dv' } }))
      .json.result;
    await clock.advance(HOUR + 7 * 60_000);
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
    const reply = await api(sim, 'PATCH', `custom_hostnames/${id}`, { ssl: { method: 'http', type: 'dv' } });
    expect(reply.json.result.status).toBe('active');
    const last = sim.checks.filter((c) => c.kind === 'hostname').at(-1);
    expect(last).toMatchObject({ at: clock.now(), passed: true, attempt: 0 });
    // The certificate was rechecked at the same instant and passed too.
    const cert = sim.checks.filter((c) => c.kind === 'certificate').at(-1);
    expect(cert).toMatchObject({ at: clock.now(), passed: true, attempt: 0 });
    expect(reply.json.result.ssl.status).toBe('pending_issuance');
  });

  test('a PATCH without ssl, without the type, or with another method is not a refresh of the hostname schedule', async () => {
    const { clock, sim } = setup();
    const { id } = (await api(sim, 'POST', 'custom_hostnames', { hostname: HOST, ssl: { method: 'http', type: 'dv' } }))
      .json.result;
    await clock.advance(30 * 60_000);
    const count = hostnameCheckTimes(sim).length;
    await api(sim, 'PATCH', `custom_hostnames/${id}`, { custom_metadata: { plan: 'pro' } });
    await api(sim, 'PATCH', `custom_hostnames/${id}`, { ssl: { method: 'http' } }); // type missing: not a refresh
    await api(sim, 'PATCH', `custom_hostnames/${id}`, { ssl: { method: 'txt', type: 'dv' } });
    expect(hostnameCheckTimes(sim)).toHaveLength(count);
  });

  test('a refresh brings a moved hostname back to pending with a new schedule', async () => {
    const { clock, sim } = setup();
    const { id } = (await api(sim, 'POST', 'custom_hostnames', { hostname: HOST })).json.result;
    await clock.advance(HOSTNAME_SCHEDULE_END_S * 1000);
    expect(sim.hostname(id)?.status).toBe('moved');
    const refreshAt = clock.now();
    const reply = await api(sim, 'PATCH', `custom_hostnames/${id}`, { ssl: { method: 'http', type: 'dv' } });
    expect(reply.json.result.status).toBe('pending');
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: refreshAt + 30_000 });
    await clock.advance(60_000);
    expect(sim.hostname(id)?.status).toBe('active');
    expect(sim.checks.filter((c) => c.kind === 'hostname').slice(-2)).toMatchObject([
      { at: refreshAt, attempt: 0, passed: false },
      { at: refreshAt + 60_000, attempt: 1, passed: true },
    ]);
  });
});

describe('schedule property', () => {
  test('whenever the CNAME appears, the hostname turns active at the first published check at or after it', async () => {
    const schedule = checkTimes(T0, 'hostname');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: HOSTNAME_SCHEDULE_END_S * 1000 + 86_400_000 }), async (offset) => {
        const { clock, sim } = setup();
        const { id } = (await api(sim, 'POST', 'custom_hostnames', { hostname: HOST })).json.result;
        sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: T0 + offset });
        await clock.advance(HOSTNAME_SCHEDULE_END_S * 1000 + 2 * 86_400_000);
        const times = hostnameCheckTimes(sim);
        const first = schedule.findIndex((t) => t >= T0 + offset);
        if (first === -1) {
          expect(times).toEqual(schedule);
          expect(sim.hostname(id)?.status).toBe('moved');
        } else {
          expect(times).toEqual(schedule.slice(0, first + 1));
          expect(sim.hostname(id)?.status).toBe('active');
        }
      }),
      { numRuns: 40, seed: 20260105 },
    );
  });
});
