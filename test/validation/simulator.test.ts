import { describe, expect, it } from 'vitest';
import { apiErrorFor } from '../../src/core/errors.js';
import { type CustomHostname, CustomHostnameSchema } from '../../src/schemas/index.js';
import { createSimulator } from '../../src/testing/index.js';
import { diagnose } from '../../src/validation/diagnose.js';
import { instructions } from '../../src/validation/instructions.js';
import { type PollDriver, type ProgressEvent, waitUntilActive } from '../../src/validation/wait.js';

const HOST = 'app.customer-one.com';
const S = 1000;

/** A simulated zone with an active fallback origin, one new hostname, and a poll driver over raw API calls. */
async function scenario() {
  const sim = createSimulator({ rateLimit: false });
  sim.setFallbackOrigin('fallback.saasprovider.com');
  const api = async (method: string, path: string, body?: unknown): Promise<CustomHostname> => {
    const response = await sim.fetch(`${sim.baseUrl}/zones/${sim.zoneId}/custom_hostnames${path}`, {
      method,
      headers: { authorization: `Bearer ${sim.apiToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await response.json();
    if (!response.ok) throw apiErrorFor({ status: response.status, method, path, errors: json.errors });
    return CustomHostnameSchema.parse(json.result);
  };
  const created = await api('POST', '', { hostname: HOST, ssl: { method: 'http', type: 'dv' } });
  const createdAt = Date.parse(created.created_at ?? '');
  const driver: PollDriver = {
    get: (id) => api('GET', `/${id}`),
    recheck: (id) => api('PATCH', `/${id}`, { ssl: { method: 'http', type: 'dv' } }),
    diagnose: (h, o) =>
      diagnose(h, { cnameTarget: sim.cnameTarget, resolver: sim.dohUrl, fetch: sim.fetch, clock: sim.clock, ...o }),
    clock: sim.clock,
  };
  const gets = () =>
    sim.requests.filter((r) => r.kind === 'api' && r.method === 'GET').map((r) => Math.round((r.at - createdAt) / S));
  return { sim, created, createdAt, driver, gets };
}

describe('validation against the simulator', () => {
  it('diagnoses the customer’s records through the simulator’s DoH endpoint and web server', async () => {
    const { sim, created, driver } = await scenario();
    const host = await driver.get(created.id);
    const before = await driver.diagnose?.(host);
    expect(before).toMatchObject({ routingOk: false, ownershipOk: false, readyForCloudflare: false });

    const todo = instructions(host, { cnameTarget: sim.cnameTarget });
    const txt = todo.records.find((r) => r.type === 'TXT' && r.purpose === 'ownership');
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
    if (txt) sim.world.setRecord('TXT', txt.name, txt.value);
    const after = await driver.diagnose?.(host);
    expect(after).toMatchObject({
      routingOk: true,
      ownershipOk: true,
      certificateVia: 'routing',
      readyForCloudflare: true,
    });
    expect(after?.checks.find((c) => c.record.purpose === 'ownership' && c.record.type === 'TXT')?.status).toBe('ok');
  });

  it('sees the hostname validate at Cloudflare’s first check after the CNAME appears, one GET per round of checks', async () => {
    const { sim, created, createdAt, driver, gets } = await scenario();
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: createdAt + 1000 * S });
    const events: ProgressEvent[] = [];
    const host = await waitUntilActive(driver, created.id, { recheck: 'never', onProgress: (e) => events.push(e) });
    expect(host.status).toBe('active');
    expect(host.ssl?.status).toBe('active');
    const firstActive = events.find((e) => e.hostname.status === 'active');
    expect(firstActive?.state.lastSnapshotAt).toBe(createdAt + 1274 * S);
    const hostnamePhase = gets().filter((t) => t <= 1274);
    // +0 is the first read, which already shows the check at creation; then one read per round,
    // 2 s after the certificate check that trails the hostname's by 10 s (+60/+70 s → +72 s, …).
    // No read for the DCV records (+10 s). The certificate passes at +1003 s, seen at +1005 s;
    // then only the hostname is left, and its next check (+1272 s) is seen 2 s later.
    expect(hostnamePhase).toEqual([0, 72, 135, 201, 270, 342, 418, 498, 582, 670, 763, 1005, 1274]);
    // 13 reads for the 25 checks that happened: 12 hostname and 12 certificate rounds, and +1272 s.
    expect(sim.checks.filter((c) => c.at <= createdAt + 1274 * S)).toHaveLength(25);
  });

  it('rechecks as soon as the diagnosis sees the CNAME, well before the next scheduled check', async () => {
    const { sim, created, createdAt, driver } = await scenario();
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: createdAt + 1000 * S });
    const events: ProgressEvent[] = [];
    const host = await waitUntilActive(driver, created.id, { onProgress: (e) => events.push(e) });
    expect(host.ssl?.status).toBe('active');
    const patches = sim.requests.filter((r) => r.kind === 'api' && r.method === 'PATCH');
    // The look after the round of +993/+1003 s diagnoses, and Cloudflare's next check is at +1272 s.
    expect(patches.map((r) => Math.round((r.at - createdAt) / S))).toEqual([1005]);
    const firstActive = events.find((e) => e.hostname.status === 'active');
    expect(firstActive?.state.lastSnapshotAt).toBe(createdAt + 1005 * S);
  });

  it('waits for a hostname rechecked after its schedule from creation ran out, instead of timing out at once', async () => {
    const { sim, created, createdAt, driver } = await scenario();
    await sim.clock.advance(8 * 86_400 * S); // past the 7.2 days of Cloudflare's schedule
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
    const rechecked = await driver.recheck(created.id);
    expect(rechecked.status).toBe('active');
    const host = await waitUntilActive(driver, created.id, { recheck: 'never' });
    expect(host).toMatchObject({ status: 'active', ssl: { status: 'active' } });
    expect(sim.clock.now() - createdAt).toBeLessThan(8 * 86_400 * S + 120 * S);
  });
});
