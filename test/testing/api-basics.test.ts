import { describe, expect, test } from 'vitest';
import { createSimulator } from '../../src/testing/index.js';
import { api } from './helpers.js';

const failureBody = (code: number) => ({
  success: false,
  errors: [{ code, message: expect.any(String) }],
  messages: [],
  result: null,
});

describe('defaults', () => {
  test('exposes fixed credentials, zone and URLs', () => {
    const sim = createSimulator();
    expect(sim.zoneId).toBe('023e105f4ecef8ad9ca31a8372d0c353');
    expect(sim.zoneName).toBe('saasprovider.com');
    expect(sim.cnameTarget).toBe('customers.saasprovider.com');
    expect(sim.apiToken).toHaveLength(40);
    expect(sim.apiKey).toHaveLength(37);
    expect(sim.email).toBe('owner@saasprovider.com');
    expect(sim.baseUrl).toBe('https://api.cloudflare.com/client/v4');
    expect(sim.dohUrl).toBe('https://dns.simulator.invalid/dns-query');
    expect(sim.clock.now()).toBe(Date.parse('2026-01-05T09:00:00Z'));
    expect(sim.clock.autoAdvance).toBe(true);
  });

  test('the same seed gives the same ids; another seed other ids', async () => {
    const ids = async (seed: number) => {
      const sim = createSimulator({ seed });
      return (await api(sim, 'POST', 'custom_hostnames', { hostname: 'app.customer-one.com' })).json.result.id;
    };
    expect(await ids(7)).toBe(await ids(7));
    expect(await ids(7)).not.toBe(await ids(8));
  });

  test('rejects impossible options', () => {
    expect(() => createSimulator({ issuanceMs: -1 })).toThrow(RangeError);
    expect(() => createSimulator({ rateLimit: { requests: 0, windowMs: 1000 } })).toThrow(RangeError);
    expect(() => createSimulator({ zoneName: 5 as never })).toThrow(
      'zoneName must be a DNS name such as saasprovider.com, got number',
    );
    expect(() => createSimulator({ zoneName: null as never })).not.toThrow();
    expect(() => createSimulator({ zoneName: 'saas provider.com' })).toThrow(RangeError);
    expect(() => createSimulator({ zoneId: 'nope' })).toThrow(
      'zoneId must be 32 hexadecimal digits, as Cloudflare’s, got "nope"',
    );
    expect(() => createSimulator({ cnameTarget: 'customers.saasprovider.com\nx' })).toThrow(RangeError);
    expect(createSimulator({ zoneName: 'SaaS.example.COM', zoneId: 'A'.repeat(32) })).toMatchObject({
      zoneName: 'saas.example.com',
      zoneId: 'A'.repeat(32),
      cnameTarget: 'customers.saas.example.com',
    });
  });
});

describe('routing', () => {
  test('an unknown route is 404 / 7003 "No route for the URI"', async () => {
    const sim = createSimulator();
    const reply = await api(sim, 'GET', '/zones/nothing/here/at/all');
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({
      success: false,
      errors: [{ code: 7003, message: 'No route for the URI' }],
      messages: [],
      result: null,
    });
  });

  test('a known route with another method is 405 with an allow header and a Cloudflare error', async () => {
    const sim = createSimulator();
    const reply = await api(sim, 'POST', 'custom_hostnames/quota', {});
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('GET');
    expect(reply.json).toEqual(failureBody(7001));
    const put = await api(sim, 'PUT', 'custom_hostnames');
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });

  test('literal segments win over {id}: quota and fallback_origin are not hostname ids', async () => {
    const sim = createSimulator();
    expect((await api(sim, 'GET', 'custom_hostnames/quota')).json.result).toEqual({
      allocated: 100,
      used: 0,
      exceeded: false,
      hard_cap: 50_000,
    });
    expect((await api(sim, 'GET', 'custom_hostnames/fallback_origin')).json.errors[0].code).toBe(1551);
  });

  test('another zone is 404 / 7003; an empty zone segment is 400 / 1402', async () => {
    const sim = createSimulator();
    const other = await api(sim, 'GET', '/zones/ffffffffffffffffffffffffffffffff/custom_hostnames');
    expect(other.status).toBe(404);
    expect(other.json).toEqual(failureBody(7003));
    const empty = await api(sim, 'GET', '/zones//custom_hostnames');
    expect(empty.status).toBe(400);
    expect(empty.json).toEqual(failureBody(1402));
  });

  test('a malformed percent-escape in the path is refused like any bad id or zone, not thrown', async () => {
    const sim = createSimulator();
    const id = await api(sim, 'GET', 'custom_hostnames/%ZZ');
    expect(id.status).toBe(400);
    expect(id.json).toEqual(failureBody(1435));
    const zone = await api(sim, 'GET', '/zones/%E0%A4%A/custom_hostnames');
    expect(zone.status).toBe(404);
    expect(zone.json).toEqual(failureBody(7003));
  });

  test('every API answer has a cf-ray header, counter based, and a JSON content type', async () => {
    const sim = createSimulator();
    const a = await api(sim, 'GET', 'custom_hostnames');
    const b = await api(sim, 'GET', '/nope');
    expect(a.headers.get('cf-ray')).toBe('0000000000000001-SIM');
    expect(b.headers.get('cf-ray')).toBe('0000000000000002-SIM');
    expect(a.headers.get('content-type')).toBe('application/json');
    expect(b.headers.get('content-type')).toBe('application/json');
  });

  test('any origin works: only the path decides', async () => {
    const sim = createSimulator();
    const res = await sim.fetch(`http://localhost:1234/client/v4/zones/${sim.zoneId}/custom_hostnames/quota`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
    expect(res.status).toBe(200);
  });

  test('accepts a Request object as input', async () => {
    const sim = createSimulator();
    const request = new Request(`${sim.baseUrl}/zones/${sim.zoneId}/custom_hostnames/quota`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
    });
    expect((await sim.fetch(request)).status).toBe(200);
  });
});

describe('authentication', () => {
  const quota = (sim: ReturnType<typeof createSimulator>, headers: Record<string, string>) =>
    api(sim, 'GET', 'custom_hostnames/quota', undefined, headers);

  test('a bearer token works and is logged as token', async () => {
    const sim = createSimulator();
    expect((await quota(sim, { authorization: `Bearer ${sim.apiToken}` })).status).toBe(200);
    expect(sim.requests[0]?.auth).toBe('token');
  });

  test('X-Auth-Key + X-Auth-Email works and is logged as key', async () => {
    const sim = createSimulator();
    const reply = await quota(sim, { 'x-auth-key': sim.apiKey, 'x-auth-email': sim.email });
    expect(reply.status).toBe(200);
    expect(sim.requests[0]?.auth).toBe('key');
  });

  test('no credentials: 400 / 1403, logged as none', async () => {
    const sim = createSimulator();
    const reply = await quota(sim, {});
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual(failureBody(1403));
    expect(sim.requests[0]?.auth).toBe('none');
  });

  test.each([
    ['Bearer nope-not-the-token', 401, 1003],
    ['Bearer ', 401, 1000],
    ['Bearer a token with spaces', 401, 1001],
    ['Basic dXNlcjpwYXNz', 401, 1002],
  ])('Authorization %j → %i / %i, logged as invalid', async (header, status, code) => {
    const sim = createSimulator();
    const reply = await quota(sim, { authorization: header });
    expect(reply.status).toBe(status);
    expect(reply.json).toEqual(failureBody(code));
    expect(sim.requests[0]?.auth).toBe('invalid');
  });

  test('a key without its email is 400 / 1403; a wrong key is 401 / 1003', async () => {
    const sim = createSimulator();
    const alone = await quota(sim, { 'x-auth-key': sim.apiKey });
    expect([alone.status, alone.json.errors[0].code]).toEqual([400, 1403]);
    const wrong = await quota(sim, { 'x-auth-key': 'f'.repeat(37), 'x-auth-email': sim.email });
    expect([wrong.status, wrong.json.errors[0].code]).toEqual([401, 1003]);
    expect(sim.requests.map((r) => r.auth)).toEqual(['invalid', 'invalid']);
  });

  test('custom credentials replace the defaults', async () => {
    const sim = createSimulator({ apiToken: 'my-own-token', apiKey: 'k', email: 'ops@provider.io' });
    expect((await quota(sim, { authorization: 'Bearer my-own-token' })).status).toBe(200);
    expect((await quota(sim, { 'x-auth-key': 'k', 'x-auth-email': 'ops@provider.io' })).status).toBe(200);
  });

  test('the request log never holds a credential', async () => {
    const sim = createSimulator();
    await quota(sim, { authorization: `Bearer ${sim.apiToken}` });
    await quota(sim, { 'x-auth-key': sim.apiKey, 'x-auth-email': sim.email });
    const logged = JSON.stringify(sim.requests);
    expect(logged).not.toContain(sim.apiToken);
    expect(logged).not.toContain(sim.apiKey);
    expect(sim.requests[0]).toEqual({
      method: 'GET',
      path: `/zones/${sim.zoneId}/custom_hostnames/quota`,
      query: {},
      status: 200,
      at: sim.clock.now(),
      auth: 'token',
      kind: 'api',
    });
  });
});

describe('envelopes', () => {
  test('custom hostname, quota and fallback origin answers use the success envelope', async () => {
    const sim = createSimulator();
    const created = await api(sim, 'POST', 'custom_hostnames', { hostname: 'app.customer-one.com' });
    expect(created.status).toBe(200);
    expect(Object.keys(created.json)).toEqual(['success', 'errors', 'messages', 'result']);
    expect(created.json).toMatchObject({ success: true, errors: [], messages: [] });
    const put = await api(sim, 'PUT', 'custom_hostnames/fallback_origin', { origin: 'fallback.saasprovider.com' });
    expect(put.json).toMatchObject({ success: true, errors: [], messages: [] });
    const uuid = await api(sim, 'GET', 'dcv_delegation/uuid');
    expect(uuid.json).toEqual({
      success: true,
      errors: [],
      messages: [],
      result: { uuid: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
  });

  test('DELETE of a custom hostname answers 200 with the bare { id }', async () => {
    const sim = createSimulator();
    const { id } = (await api(sim, 'POST', 'custom_hostnames', { hostname: 'app.customer-one.com' })).json.result;
    const deleted = await api(sim, 'DELETE', `custom_hostnames/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ id });
    expect((await api(sim, 'GET', `custom_hostnames/${id}`)).status).toBe(404);
  });
});
