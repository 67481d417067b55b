/**
 * The scanner itself: it must find a planted credential wherever a log line could pick it
 * up, or the secrets checks of the fault matrix, the poller and the examples prove nothing.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { APIError, CloudflareSaaS, ConnectionError, ResponseValidationError } from '../../src/index.js';
import { Exposure, findSecrets } from './secret-scan.js';

const TOKEN = 'cfsim_planted_token_value_0123456789abcd';
const KEY = 'c2547eb745079dac9320b638f5e225cf483cc';
const EMAIL = 'owner@saasprovider.com';
const SECRETS = { apiToken: TOKEN, apiKey: KEY, email: EMAIL };

const found = (value: unknown) => findSecrets(value, SECRETS).map((hit) => `${hit.secret} ${hit.encoding}`);

describe('the secrets scanner finds a planted credential', () => {
  it('in a message, the stack and toString()', () => {
    expect(found(new Error(`token ${TOKEN} refused`))).toContain('apiToken raw');
  });

  it('deep in the cause chain', () => {
    const root = new Error('socket', { cause: new TypeError(`key=${KEY}`) });
    const error = new ConnectionError('GET', '/zones/x', { cause: new Error('wrapped', { cause: root }) });
    expect(found(error)).toContain('apiKey raw');
  });

  it('in a Headers object, a Request and a plain header record attached to an error', () => {
    const withHeaders = Object.assign(new Error('x'), { headers: new Headers({ 'x-auth-email': EMAIL }) });
    const withRequest = Object.assign(new Error('y'), {
      request: new Request('https://api.cloudflare.com/', { headers: { authorization: `Bearer ${TOKEN}` } }),
    });
    expect(found(withHeaders)).toContain('email raw');
    expect(found(withRequest)).toContain('apiToken raw');
    expect(found({ headers: { 'x-auth-key': KEY } })).toContain('apiKey raw');
  });

  it('in non-enumerable and symbol-keyed properties, in AggregateError members, and through cycles', () => {
    const hidden = new Error('z');
    Object.defineProperty(hidden, 'config', { value: { token: TOKEN }, enumerable: false });
    const symbolic = { [Symbol('auth')]: KEY };
    const cyclic: Record<string, unknown> = { email: EMAIL };
    cyclic.self = cyclic;
    expect(found(hidden)).toContain('apiToken raw');
    expect(found(symbolic)).toContain('apiKey raw');
    expect(found(new AggregateError([new Error(`t=${TOKEN}`)], 'many'))).toContain('apiToken raw');
    expect(found(cyclic)).toContain('email raw');
  });

  it('URL-encoded, JSON-escaped and base64 at any alignment (as in a Basic header)', () => {
    expect(found(`https://x/?email=${encodeURIComponent(EMAIL)}`)).toContain('email url-encoded');
    for (const prefix of ['', 'a', 'ab']) {
      const basic = Buffer.from(`${prefix}${EMAIL}:${KEY}`).toString('base64');
      expect(found(`Authorization: Basic ${basic}`)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^apiKey base64@/)]),
      );
    }
    expect(found(JSON.stringify({ msg: `"${TOKEN}"` }))).toContain('apiToken raw');
  });

  it('in what toJSON() shows', () => {
    expect(found({ toJSON: () => ({ leaked: TOKEN }) })).toContain('apiToken raw');
  });

  it('and finds nothing in a clean error', () => {
    expect(found(new APIError({ status: 403, method: 'GET', path: '/zones/z/custom_hostnames' }))).toEqual([]);
  });
});

describe('Exposure records what a client shows its hooks', () => {
  it('counts every hook payload and error it is given, and scans them all', async () => {
    const exposure = new Exposure();
    const fetch = async () => new Response('{"success":true,"errors":[],"messages":[],"result":{"allocated":1}}');
    const saas = new CloudflareSaaS({
      apiToken: TOKEN,
      zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
      fetch,
      hooks: exposure.hooks(),
      rateLimit: false,
    });
    await saas.customHostnames.quota();
    exposure.add('error', new Error(`leak ${TOKEN}`));
    expect(exposure.count('onRequest')).toBe(1);
    expect(exposure.count('onResponse')).toBe(1);
    expect(exposure.scan(SECRETS).map((hit) => hit.where)).toContain('error[2].message');
  });
});

describe('an answer that echoes the request back (a proxy, a gateway, a debugging endpoint)', () => {
  const echo = (request: Request) => {
    const headers = [...request.headers];
    const raw = headers.map(([name, value]) => `${name}: ${value}`).join('\n');
    return `${raw}\n?${headers.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')}`;
  };
  const clients = {
    token: { apiToken: TOKEN },
    'key and email': { apiKey: KEY, email: EMAIL },
  };
  const answers = {
    'a 400 whose error message quotes the headers': (request: Request) =>
      Response.json(
        { success: false, errors: [{ code: 6003, message: echo(request) }], messages: [], result: null },
        { status: 400 },
      ),
    'a 200 with success: false whose second error quotes the headers': (request: Request) =>
      Response.json({
        success: false,
        errors: [{ code: 10000, message: 'no' }, echo(request)],
        messages: [],
        result: null,
      }),
    'a 403 whose messages quote the headers': (request: Request) =>
      Response.json(
        { success: false, errors: [{ code: 10000, message: 'no' }], messages: [echo(request)], result: null },
        { status: 403 },
      ),
    'a 502 HTML page printing the headers': (request: Request) =>
      new Response(`<pre>${echo(request)}</pre>`, { status: 502, headers: { 'content-type': 'text/html' } }),
    'a 200 HTML page printing the headers': (request: Request) =>
      new Response(`<pre>${echo(request)}</pre>`, { headers: { 'content-type': 'text/html' } }),
  };

  for (const [clientName, credentials] of Object.entries(clients)) {
    for (const [answerName, answer] of Object.entries(answers)) {
      it(`${answerName}: the error keeps the text with the ${clientName} cut out`, async () => {
        let echoed = '';
        const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
          const response = answer(new Request(input, init));
          echoed = await response.clone().text();
          return response;
        };
        const saas = new CloudflareSaaS({
          ...credentials,
          zoneId: '023e105f4ecef8ad9ca31a8372d0c353',
          fetch,
          maxRetries: 0,
          rateLimit: false,
        });
        const error = await saas.customHostnames.quota().catch((e: unknown) => e);
        expect(found(echoed).length).toBeGreaterThan(0);
        expect(error).toBeInstanceOf(answerName.includes('200 HTML') ? ResponseValidationError : APIError);
        expect(found(error)).toEqual([]);
        expect(found(JSON.stringify(error))).toEqual([]);
        const kept = error instanceof ResponseValidationError ? error.rawBody : JSON.stringify(error);
        if (!answerName.includes('502')) expect(kept).toContain('[redacted]');
      });
    }
  }
});

describe('an echo that escapes or encodes the credential another way', () => {
  const email = "o'brien&co@saasprovider.com";
  /** The email as a JSON encoder that escapes & and ' writes it (Go's, HTML-safe ones). */
  const escaped = email.replace(/[&']/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);

  /** The error of a quota call answered with `text`, by a client with key + this email. */
  async function errorFor(text: string, status: number) {
    const fetch = async () => new Response(text, { status, headers: { 'content-type': 'application/json' } });
    const zoneId = '023e105f4ecef8ad9ca31a8372d0c353';
    const saas = new CloudflareSaaS({ apiKey: KEY, email, zoneId, fetch, rateLimit: false });
    const error = await saas.customHostnames.quota().catch((e: unknown) => e);
    expect(findSecrets(error, { email })).toEqual([]);
    return error;
  }

  it('\\u-escaped in JSON, form-encoded and URL-encoded: the error keeps none of them', async () => {
    const form = new URLSearchParams({ v: email }).toString().slice(2);
    const message = `bad email ${escaped} ${form} ${encodeURIComponent(email)}`;
    const error = await errorFor(`{"success":false,"errors":[{"code":6003,"message":"${message}"}]}`, 400);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toBe(
      '400 GET /zones/023e105f4ecef8ad9ca31a8372d0c353/custom_hostnames/quota — 6003: bad email [redacted] [redacted] [redacted]',
    );
  });

  it('in a 2xx answer of the wrong shape, rawBody has the escaped credential cut out too', async () => {
    const error = await errorFor(`{"success":true,"errors":[],"result":{"allocated":"${escaped}"}}`, 200);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).rawBody).toBe(
      '{"success":true,"errors":[],"result":{"allocated":"[redacted]"}}',
    );
  });
});
