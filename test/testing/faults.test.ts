import { describe, expect, test } from 'vitest';
import { createSimulator, type FaultSpec } from '../../src/testing/index.js';
import { api } from './helpers.js';

const CREATE = { hostname: 'app.customer-one.com' };

describe('fault matching', () => {
  test('a fault applies to the next matching request once by default, then disarms', async () => {
    const sim = createSimulator();
    sim.faults.inject({ kind: 'status', status: 503 });
    expect(sim.faults.pending).toBe(1);
    expect((await api(sim, 'GET', 'custom_hostnames')).status).toBe(503);
    expect(sim.faults.pending).toBe(0);
    expect((await api(sim, 'GET', 'custom_hostnames')).status).toBe(200);
  });

  test('method, path (string or RegExp), nth and times select the requests', async () => {
    const sim = createSimulator();
    const listPath = `/zones/${sim.zoneId}/custom_hostnames`;
    sim.faults.inject({ kind: 'status', status: 502, method: 'GET', path: listPath, nth: 2, times: 2 });
    sim.faults.inject({ kind: 'status', status: 500, method: 'POST', path: /\/custom_hostnames$/ });
    const statuses = [];
    statuses.push((await api(sim, 'GET', 'custom_hostnames')).status); // 1st GET match
    statuses.push((await api(sim, 'GET', 'custom_hostnames/quota')).status); // other path
    statuses.push((await api(sim, 'GET', 'custom_hostnames')).status); // 2nd → 502
    statuses.push((await api(sim, 'POST', 'custom_hostnames', CREATE)).status); // POST → 500
    statuses.push((await api(sim, 'GET', 'custom_hostnames')).status); // 3rd → 502
    statuses.push((await api(sim, 'GET', 'custom_hostnames')).status); // used up
    expect(statuses).toEqual([200, 200, 502, 500, 502, 200]);
    expect(sim.faults.pending).toBe(0);
  });

  test('times: Infinity stays armed until clear()', async () => {
    const sim = createSimulator();
    sim.faults.inject({ kind: 'status', status: 500, times: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 5; i++) expect((await api(sim, 'GET', 'custom_hostnames')).status).toBe(500);
    expect(sim.faults.pending).toBe(1);
    sim.faults.clear();
    expect(sim.faults.pending).toBe(0);
    expect((await api(sim, 'GET', 'custom_hostnames')).status).toBe(200);
  });

  test('faults never touch DoH or the customer web server', async () => {
    const sim = createSimulator();
    sim.world.setRecord('A', 'app.customer-one.com', '203.0.113.10');
    sim.faults.inject({ kind: 'drop', times: Number.POSITIVE_INFINITY });
    expect((await sim.fetch(`${sim.dohUrl}?name=app.customer-one.com&type=A`)).status).toBe(200);
    expect((await sim.fetch('http://app.customer-one.com/')).status).toBe(404);
  });

  test.each<[string, FaultSpec]>([
    ['an unknown kind', { kind: 'explode' } as unknown as FaultSpec],
    ['nth 0', { kind: 'drop', nth: 0 }],
    ['times 0', { kind: 'drop', times: 0 }],
    ['status 99', { kind: 'status', status: 99 }],
    ['a negative delay', { kind: 'delay', ms: -1 }],
    ['an endless delay', { kind: 'delay', ms: Number.POSITIVE_INFINITY }],
  ])('rejects %s with RangeError', (_name, spec) => {
    expect(() => createSimulator().faults.inject(spec)).toThrow(RangeError);
  });
});

describe('fault kinds', () => {
  test('status with a Cloudflare body (default), code, message and headers; the request is not processed', async () => {
    const sim = createSimulator();
    sim.faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '7' } });
    const limited = await api(sim, 'POST', 'custom_hostnames', CREATE);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('cf-ray')).toMatch(/-SIM$/);
    expect(limited.json).toEqual({
      success: false,
      errors: [{ code: 971, message: 'Too Many Requests' }],
      messages: [],
      result: null,
    });
    expect(sim.hostnames()).toEqual([]);

    sim.faults.inject({ kind: 'status', status: 403 });
    expect((await api(sim, 'GET', 'custom_hostnames')).json.errors).toEqual([{ code: 10000, message: 'Forbidden' }]);
    sim.faults.inject({ kind: 'status', status: 500, code: 1500, message: 'Internal server error' });
    expect((await api(sim, 'GET', 'custom_hostnames')).json.errors).toEqual([
      { code: 1500, message: 'Internal server error' },
    ]);
  });

  test('status with an html, empty or literal body', async () => {
    const sim = createSimulator();
    sim.faults.inject({ kind: 'status', status: 502, body: 'html' });
    const html = await api(sim, 'GET', 'custom_hostnames');
    expect(html.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(html.text).toContain('<title>502 Bad Gateway</title>');
    sim.faults.inject({ kind: 'status', status: 503, body: 'empty' });
    expect((await api(sim, 'GET', 'custom_hostnames')).text).toBe('');
    sim.faults.inject({ kind: 'status', status: 400, body: '{"weird":true}' });
    const literal = await api(sim, 'GET', 'custom_hostnames');
    expect([literal.status, literal.text, literal.headers.get('content-type')]).toEqual([
      400,
      '{"weird":true}',
      'application/json',
    ]);
    sim.faults.inject({ kind: 'status', status: 500, body: 'upstream exploded' });
    expect((await api(sim, 'GET', 'custom_hostnames')).headers.get('content-type')).toBe('text/plain; charset=UTF-8');
  });

  test('malformed-json and truncated-json corrupt a processed answer', async () => {
    const sim = createSimulator();
    sim.faults.inject({ kind: 'malformed-json', method: 'POST' });
    const malformed = await api(sim, 'POST', 'custom_hostnames', CREATE);
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(malformed.text)).toThrow(SyntaxError);
    expect(sim.hostnames()).toHaveLength(1);

    sim.faults.inject({ kind: 'truncated-json' });
    const truncated = await api(sim, 'GET', 'custom_hostnames');
    expect(truncated.status).toBe(200);
    expect(() => JSON.parse(truncated.text)).toThrow(SyntaxError);
    expect(truncated.text.startsWith('{"success":true')).toBe(true);
  });

  test('empty-body keeps the status and sends nothing', async () => {
    const sim = createSimulator();
    sim.faults.inject({ kind: 'empty-body' });
    const reply = await api(sim, 'POST', 'custom_hostnames', CREATE);
    expect([reply.status, reply.text]).toEqual([200, '']);
    expect(sim.hostnames()).toHaveLength(1);
  });

  test('success-false answers 200 with success false and an error; not processed', async () => {
    const sim = createSimulator();
    sim.faults.inject({ kind: 'success-false' });
    const reply = await api(sim, 'POST', 'custom_hostnames', CREATE);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      success: false,
      errors: [{ code: 1500, message: 'Internal server error' }],
      messages: [],
      result: null,
    });
    expect(sim.hostnames()).toEqual([]);
  });

  test('non-json answers 200 with an HTML page', async () => {
    const sim = createSimulator();
    sim.faults.inject({ kind: 'non-json' });
    const reply = await api(sim, 'GET', 'custom_hostnames');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(reply.json).toBeUndefined();
  });

  test('drop rejects like a network failure and processes nothing; logged with status 0', async () => {
    const sim = createSimulator();
    sim.faults.inject({ kind: 'drop' });
    await expect(api(sim, 'POST', 'custom_hostnames', CREATE)).rejects.toThrow(new TypeError('fetch failed'));
    expect(sim.hostnames()).toEqual([]);
    expect(sim.requests[0]).toMatchObject({ method: 'POST', status: 0 });
  });

  test('lose-response processes the request, then rejects like a network failure', async () => {
    const sim = createSimulator();
    sim.faults.inject({ kind: 'lose-response', method: 'POST' });
    await expect(api(sim, 'POST', 'custom_hostnames', CREATE)).rejects.toThrow(new TypeError('fetch failed'));
    expect(sim.hostnames().map((h) => h.hostname)).toEqual(['app.customer-one.com']);
    const retry = await api(sim, 'POST', 'custom_hostnames', CREATE);
    expect([retry.status, retry.json.errors[0].code]).toEqual([409, 1406]);
  });

  test('delay answers normally after a real wait, without moving virtual time', async () => {
    const sim = createSimulator();
    const before = sim.clock.now();
    sim.faults.inject({ kind: 'delay', ms: 20 });
    const reply = await api(sim, 'GET', 'custom_hostnames');
    expect(reply.status).toBe(200);
    expect(sim.clock.now()).toBe(before);
  });

  test('delay honours the AbortSignal: rejects with its reason', async () => {
    const sim = createSimulator();
    sim.faults.inject({ kind: 'delay', ms: 60_000 });
    const controller = new AbortController();
    const pending = sim.fetch(`${sim.baseUrl}/zones/${sim.zoneId}/custom_hostnames`, {
      headers: { authorization: `Bearer ${sim.apiToken}` },
      signal: controller.signal,
    });
    const reason = new Error('gave up');
    setTimeout(() => controller.abort(reason), 5);
    await expect(pending).rejects.toBe(reason);
  });

  test('an aborted signal rejects before anything is processed', async () => {
    const sim = createSimulator();
    const reason = new Error('too late');
    await expect(
      sim.fetch(`${sim.baseUrl}/zones/${sim.zoneId}/custom_hostnames`, {
        method: 'POST',
        body: '{}',
        signal: AbortSignal.abort(reason),
      }),
    ).rejects.toBe(reason);
    expect(sim.requests).toHaveLength(0);
  });

  test('drift adds unknown fields everywhere and unknown enum values; messages take the flavour shape', async () => {
    const sim = createSimulator();
    sim.setFallbackOrigin('fallback.saasprovider.com');
    sim.faults.inject({ kind: 'drift', times: 2 });
    const created = await api(sim, 'POST', 'custom_hostnames', CREATE);
    expect(created.status).toBe(200);
    const host = created.json.result;
    expect(host.status).toBe('some_future_status');
    expect(host.ssl.status).toBe('some_future_status');
    expect(host.ssl.method).toBe('some_future_method');
    expect(host.ssl.certificate_authority).toBe('some_future_authority');
    expect(host.hostname).toBe('app.customer-one.com');
    expect(created.json).toHaveProperty('some_future_field');
    expect(host).toHaveProperty('some_future_field');
    expect(host.ssl).toHaveProperty('some_future_field');
    expect(host.ownership_verification).toHaveProperty('some_future_field');
    expect(typeof created.json.messages[0]).toBe('string');

    const fallback = await api(sim, 'GET', 'custom_hostnames/fallback_origin');
    expect(fallback.json.result.status).toBe('some_future_status');
    expect(fallback.json.messages[0]).toEqual({ code: 10999, message: expect.any(String) });
    // The stored state is untouched.
    expect(sim.hostname('app.customer-one.com')?.status).toBe('pending');
  });
});
