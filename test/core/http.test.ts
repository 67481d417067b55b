import { describe, expect, it } from 'vitest';
import {
  AbortError,
  APIError,
  AuthenticationError,
  BadRequestError,
  CloudflareSaaS,
  ConflictError,
  ConnectionError,
  InternalServerError,
  isCloudflareSaaSError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
  UnprocessableEntityError,
} from '../../src/index.js';
import {
  envelope,
  failure,
  HOST_ID,
  hostname,
  json,
  networkError,
  recordingClock,
  type Script,
  scriptedFetch,
  TOKEN,
  ZONE,
} from '../helpers/scripted-fetch.js';

function client(scripts: Script[], extra: Record<string, unknown> = {}) {
  const f = scriptedFetch(...scripts);
  const clock = recordingClock();
  const saas = new CloudflareSaaS({ apiToken: TOKEN, zoneId: ZONE, fetch: f.fetch, clock, rateLimit: false, ...extra });
  return { saas, ...f, clock };
}

describe('envelope and parsing', () => {
  it('unwraps the custom-hostname envelope (string messages) and sends the token as a bearer header', async () => {
    const { saas, requests } = client([envelope(hostname(), { messages: ['a string message'] })]);
    const host = await saas.customHostnames.get(HOST_ID);
    expect(host.hostname).toBe('app.customer-one.com');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe(`https://api.cloudflare.com/client/v4/zones/${ZONE}/custom_hostnames/${HOST_ID}`);
    expect(requests[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('sends the JSON content type with a body only, and no query string when there is none', async () => {
    const { saas, requests } = client([envelope(hostname()), envelope(hostname())]);
    await saas.customHostnames.get(HOST_ID);
    await saas.customHostnames.edit(HOST_ID, { custom_metadata: { plan: 'pro' } });
    expect(requests.map((r) => [r.method, r.headers.get('content-type'), new URL(r.url).search])).toEqual([
      ['GET', null, ''],
      ['PATCH', 'application/json', ''],
    ]);
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it('unwraps the generic envelope with message objects (fallback origin)', async () => {
    const { saas } = client([
      envelope(
        { origin: 'fallback.saasprovider.com', status: 'active' },
        { messages: [{ code: 1000, message: 'ok' }] },
      ),
    ]);
    expect(await saas.fallbackOrigin.get()).toEqual({ origin: 'fallback.saasprovider.com', status: 'active' });
  });

  it('sends key + email auth headers when configured that way', async () => {
    const f = scriptedFetch(envelope(hostname()));
    const saas = new CloudflareSaaS({
      apiKey: 'k'.repeat(37),
      email: 'owner@saasprovider.com',
      zoneId: ZONE,
      fetch: f.fetch,
      rateLimit: false,
    });
    await saas.customHostnames.get(HOST_ID);
    expect(f.requests[0]?.headers.get('x-auth-key')).toBe('k'.repeat(37));
    expect(f.requests[0]?.headers.get('x-auth-email')).toBe('owner@saasprovider.com');
    expect(f.requests[0]?.headers.get('authorization')).toBeNull();
  });

  it('reads the bare { id } that DELETE returns, and an enveloped one too', async () => {
    const { saas } = client([json({ id: HOST_ID }), envelope({ id: HOST_ID })]);
    expect(await saas.customHostnames.delete(HOST_ID)).toEqual({ id: HOST_ID });
    expect(await saas.customHostnames.delete(HOST_ID)).toEqual({ id: HOST_ID });
  });

  it('takes a DELETE whose envelope says success with a null or no result as done, with the id asked for', async () => {
    const ref = { id: HOST_ID, certificate_pack_id: 'a'.repeat(32), certificate_id: 'b'.repeat(32) };
    const { saas, requests } = client([
      envelope(null),
      json({ success: true, errors: [], messages: [] }),
      envelope(null),
    ]);
    expect(await saas.customHostnames.delete(HOST_ID)).toEqual({ id: HOST_ID });
    expect(await saas.customHostnames.delete(HOST_ID)).toEqual({ id: HOST_ID });
    expect(await saas.customHostnames.deleteCertificate(ref)).toEqual({ id: 'b'.repeat(32) });
    expect(requests).toHaveLength(3);
  });

  it('keeps unknown fields and unknown status values (forward compatible)', async () => {
    const drifted = hostname({
      status: 'some_future_status',
      brand_new_field: { nested: true },
      ssl: { status: 'quantum_pending', method: 'carrier_pigeon', extra: 1 },
    });
    const { saas } = client([envelope(drifted)]);
    const host = await saas.customHostnames.get(HOST_ID);
    expect(host.status).toBe('some_future_status');
    expect(host.ssl?.status).toBe('quantum_pending');
    expect(host.ssl?.method).toBe('carrier_pigeon');
    expect((host as Record<string, unknown>).brand_new_field).toEqual({ nested: true });
  });

  it('throws ResponseValidationError with issues and raw body for a wrong type', async () => {
    const { saas } = client([envelope(hostname({ status: 42 }))]);
    const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues[0].path).toEqual(['result', 'status']);
    expect(error.rawBody).toContain('"status":42');
  });

  it('throws ResponseValidationError for success:true without result, non-JSON and empty bodies', async () => {
    const { saas } = client([
      json({ success: true, errors: [], messages: [] }),
      () => new Response('<html>oops</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
      () => new Response('', { status: 200 }),
      () => new Response('{"success":true,"result":{"id":', { status: 200 }),
    ]);
    for (const expected of ['no result', 'not JSON (text/html)', 'empty body', 'not JSON']) {
      const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect(error.message).toContain(expected);
    }
  });

  it('throws ResponseValidationError for a body that is not an envelope, naming where', async () => {
    const bodies = [null, [1, 2], 'text', 7, { success: 'true', result: hostname() }, { result: hostname() }];
    const { saas, requests } = client(bodies.map((body) => json(body)));
    const paths = [];
    for (const body of bodies) {
      const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
      expect(error, JSON.stringify(body)).toBeInstanceOf(ResponseValidationError);
      paths.push(error.issues.map((i: { path: unknown[] }) => i.path.join('.')).join());
    }
    expect(paths).toEqual(['', '', '', '', 'success', 'success']);
    expect(requests).toHaveLength(bodies.length);
  });

  it('reads result_info leniently: counts as digits become numbers, anything but an object reads as none', async () => {
    const list = (info: unknown) => json({ success: true, errors: [], messages: [], result: [], result_info: info });
    const { saas } = client([list({ page: '2', total_count: 5, extra: true }), list('weird'), list(null)]);
    expect((await saas.customHostnames.list()).result_info).toEqual({ page: 2, total_count: 5, extra: true });
    expect((await saas.customHostnames.list()).result_info).toEqual({});
    expect((await saas.customHostnames.list()).result_info).toEqual({});
  });

  it('maps success:false with HTTP 200 to an APIError carrying the Cloudflare code', async () => {
    const { saas, requests } = client([failure(200, 1500, 'internal')]);
    const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error.code).toBe(1500);
    expect(error.retryable).toBe(false);
    expect(requests).toHaveLength(1);
  });

  it("keeps an error answer's messages beside its errors", async () => {
    const body = {
      success: false,
      errors: [{ code: 1406, message: 'Duplicate custom hostname found.' }],
      messages: [{ code: 0, message: 'see the existing hostname' }],
      result: null,
    };
    const { saas } = client([json(body, 409)], { maxRetries: 0 });
    const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.messages).toEqual([{ code: 0, message: 'see the existing hostname' }]);
    expect(error.toJSON().messages).toEqual([{ code: 0, message: 'see the existing hostname' }]);
  });
});

describe('error classes', () => {
  const cases: [number, number, new (...args: never[]) => APIError][] = [
    [400, 1407, BadRequestError],
    [401, 1003, AuthenticationError],
    [403, 1405, PermissionDeniedError],
    [404, 1436, NotFoundError],
    [409, 1406, ConflictError],
    [422, 1434, UnprocessableEntityError],
    [429, 10000, RateLimitError],
    [500, 1500, InternalServerError],
  ];
  for (const [status, code, cls] of cases) {
    it(`${status} → ${cls.name} with code ${code}, requestId and retryable flag`, async () => {
      const { saas } = client([failure(status, code, 'boom')], { maxRetries: 0 });
      const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
      expect(error).toBeInstanceOf(cls);
      expect(error).toBeInstanceOf(APIError);
      expect(isCloudflareSaaSError(error)).toBe(true);
      expect(error.status).toBe(status);
      expect(error.code).toBe(code);
      expect(error.requestId).toBe('ray-1');
      expect(error.retryable).toBe(status === 429 || status >= 500);
    });
  }

  it('502 with an HTML body is an InternalServerError without a code', async () => {
    const { saas } = client([() => new Response('<html>Bad gateway</html>', { status: 502 })], { maxRetries: 0 });
    const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(502);
    expect(error.code).toBeUndefined();
  });
});

describe('retries', () => {
  it('retries a GET after 503 with exponential backoff and jitter, then succeeds', async () => {
    const { saas, requests, clock } = client(
      [failure(503, 1500, 'down'), failure(503, 1500, 'down'), envelope(hostname())],
      { maxRetries: 2 },
    );
    await saas.customHostnames.get(HOST_ID);
    expect(requests).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(375);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(500);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(750);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(1000);
  });

  it('gives up after maxRetries with the last error', async () => {
    const { saas, requests } = client([failure(500, 1500, 'down')], { maxRetries: 2 });
    await expect(saas.customHostnames.get(HOST_ID)).rejects.toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(3);
  });

  it('honours Retry-After in seconds on 429', async () => {
    const { saas, requests, clock } = client([
      failure(429, 10000, 'slow down', { 'retry-after': '7' }),
      envelope(hostname()),
    ]);
    await saas.customHostnames.get(HOST_ID);
    expect(requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([7000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const clockStart = Date.parse('2026-01-05T09:00:00Z');
    const date = new Date(clockStart + 12_000).toUTCString();
    const { saas, clock } = client([failure(429, 10000, 'slow down', { 'retry-after': date }), envelope(hostname())]);
    await saas.customHostnames.get(HOST_ID);
    expect(clock.sleeps).toEqual([12000]);
  });

  it('does not wait out a Retry-After beyond the cap: fails at once with retryAfter', async () => {
    const { saas, requests, clock } = client([failure(429, 10000, 'slow down', { 'retry-after': '3600' })]);
    const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(3600);
    expect(requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("a 503's Retry-After is on the error as retryAfter, as a 429's is; a 500's is not honoured", async () => {
    const { saas, requests, clock } = client(
      [
        failure(503, 1500, 'down', { 'retry-after': '3600' }),
        failure(500, 1500, 'down', { 'retry-after': '5' }),
        failure(502, 1500, 'down'),
      ],
      { maxRetries: 1 },
    );
    const refused = await saas.customHostnames.create({ hostname: 'app.customer-one.com' }).catch((e) => e);
    expect(refused).toBeInstanceOf(InternalServerError);
    expect(refused.retryAfter).toBe(3600);
    const after = await saas.customHostnames.get(HOST_ID).catch((e) => e);
    expect([after.status, after.retryAfter]).toEqual([502, undefined]);
    expect(requests).toHaveLength(3);
    // The 500's Retry-After is read onto its error but not waited out: the usual backoff (0.5 s, less jitter).
    expect(clock.sleeps).toHaveLength(1);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(500);
  });

  it('never retries POST or PATCH', async () => {
    const { saas, requests } = client([failure(503, 1500, 'down')]);
    await expect(saas.customHostnames.create({ hostname: 'app.customer-one.com' })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    await expect(saas.customHostnames.edit(HOST_ID, { custom_metadata: { a: 'b' } })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    expect(requests.map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('retries a GET after a network error and reports ConnectionError when it persists', async () => {
    const { saas, requests } = client([networkError], { maxRetries: 1 });
    const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(requests).toHaveLength(2);
  });

  it('keeps only the name and message of a network error, with the credentials cut out of it', async () => {
    const carrying = (request: Request) => {
      const init = { headers: { authorization: `Bearer ${TOKEN}` } };
      throw Object.assign(new TypeError(`bad header value "${TOKEN}"`), { options: init, cause: { request } });
    };
    const { saas } = client([carrying], { maxRetries: 0 });
    const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.cause.message).toBe('bad header value "[redacted]"');
    expect(Object.keys(error.cause)).toEqual([]);
    expect(error.cause.cause).toBeUndefined();
    const { inspect } = await import('node:util');
    expect(`${error.message} ${error.stack} ${inspect(error, { depth: Infinity, showHidden: true })}`).not.toContain(
      TOKEN,
    );
  });

  it('cuts the credentials out of the name of a network error too', async () => {
    const named = () => {
      throw Object.assign(new Error('socket hang up'), { name: `FetchError[Bearer ${TOKEN}]` });
    };
    const { saas } = client([named], { maxRetries: 0 });
    const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.cause.name).toBe('FetchError[[redacted]]');
    expect(error.cause.message).toBe('socket hang up');
  });

  it('per-call maxRetries wins over the client default', async () => {
    const { saas, requests } = client([failure(503, 1500, 'down')], { maxRetries: 2 });
    await expect(saas.customHostnames.get(HOST_ID, { maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(1);
  });

  it('onRetry sees each retry and can veto it', async () => {
    const seen: number[] = [];
    const { saas, requests } = client([failure(503, 1500, 'down')], {
      maxRetries: 2,
      hooks: {
        onRetry: (e: { attempt: number }) => {
          seen.push(e.attempt);
          return e.attempt < 2;
        },
      },
    });
    await expect(saas.customHostnames.get(HOST_ID)).rejects.toBeInstanceOf(InternalServerError);
    expect(seen).toEqual([1, 2]);
    expect(requests).toHaveLength(2);
  });
});

describe('a DELETE whose earlier answer was lost', () => {
  const gone = failure(404, 1436, 'The custom hostname was not found.');

  it('resolves with { id } when the retry meets 1436 after a network error or a 5xx: that attempt deleted it', async () => {
    for (const first of [networkError, failure(502, 1500, 'bad gateway')]) {
      const { saas, requests } = client([first, gone]);
      await expect(saas.customHostnames.delete(HOST_ID)).resolves.toEqual({ id: HOST_ID });
      expect(requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
    }
  });

  it('stays NotFoundError when nothing before can have deleted it: a first 1436, a 429, a 7003, a GET', async () => {
    const cases = [
      { scripts: [gone], code: 1436, requests: 1, call: 'delete' },
      {
        scripts: [failure(429, 10000, 'slow down', { 'retry-after': '1' }), gone],
        code: 1436,
        requests: 2,
        call: 'delete',
      },
      { scripts: [networkError, failure(404, 7003, 'No route for that URI')], code: 7003, requests: 2, call: 'delete' },
      { scripts: [networkError, gone], code: 1436, requests: 2, call: 'get' },
    ] as const;
    for (const { scripts, code, requests: sent, call } of cases) {
      const { saas, requests } = client([...scripts]);
      const error = await saas.customHostnames[call](HOST_ID).catch((e) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect([error.code, requests.length]).toEqual([code, sent]);
    }
  });
});

describe('timeouts and aborts', () => {
  const hang: Script = (request) =>
    new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason)));

  it('an attempt slower than the timeout is a TimeoutError (GET retried, then given up)', async () => {
    const { saas, requests } = client([hang], { timeout: 20, maxRetries: 1 });
    const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeout).toBe(20);
    expect(requests).toHaveLength(2);
  });

  it('an already-aborted signal rejects with AbortError and sends nothing', async () => {
    const { saas, requests } = client([envelope(hostname())]);
    const error = await saas.customHostnames.get(HOST_ID, { signal: AbortSignal.abort() }).catch((e) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(0);
  });

  it('aborting during the request rejects with AbortError, not TimeoutError', async () => {
    const ac = new AbortController();
    const { saas } = client([
      (request) => {
        setTimeout(() => ac.abort(), 1);
        return hang(request);
      },
    ]);
    await expect(saas.customHostnames.get(HOST_ID, { signal: ac.signal })).rejects.toBeInstanceOf(AbortError);
  });
});

describe('hooks and credentials', () => {
  it('hook payloads and every error view carry no credential', async () => {
    const payloads: unknown[] = [];
    const hooks = {
      onRequest: (e: unknown) => payloads.push(e),
      onResponse: (e: unknown) => payloads.push(e),
      onRetry: (e: unknown) => void payloads.push(e),
    };
    const { saas } = client([failure(503, 1500, 'down'), networkError, failure(401, 1003, 'bad token')], {
      hooks,
      maxRetries: 2,
    });
    const error = await saas.customHostnames.get(HOST_ID).catch((e) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(payloads.length).toBeGreaterThanOrEqual(5);
    const views = [
      JSON.stringify(payloads),
      String(error),
      error.stack,
      JSON.stringify(error),
      JSON.stringify(error.headers),
    ];
    for (const view of views) expect(view).not.toContain(TOKEN);
  });
});
