import * as util from 'node:util';
import { expect, it } from 'vitest';
import { CloudflareSaaS } from '../../src/index.js';
import { HOST_ID, recordingClock, ZONE } from '../helpers/scripted-fetch.js';

const API_KEY = 'c2547eb745079dac9320b638f5e225cf483cc5cfdda41';
const EMAIL = 'Ops.Team@SaaS-Provider.net'; // as the user typed it in their env

it('an echoed account email is redacted even when the echo normalises its case', async () => {
  // A gateway / error page that quotes the X-Auth-Email header, lower-cased (emails are case-insensitive
  // and are commonly normalised before being printed).
  const fetchImpl = async (_input: RequestInfo | URL, init?: RequestInit) => {
    const email = new Headers(init?.headers).get('x-auth-email')!.toLowerCase();
    return Response.json(
      {
        success: false,
        errors: [{ code: 9103, message: `Unknown X-Auth-Email ${email}` }],
        messages: [],
        result: null,
      },
      { status: 403 },
    );
  };
  const saas = new CloudflareSaaS({
    apiKey: API_KEY,
    email: EMAIL,
    zoneId: ZONE,
    fetch: fetchImpl as typeof fetch,
    clock: recordingClock(),
    rateLimit: false,
  });
  const error = await saas.customHostnames.get(HOST_ID).catch((e: unknown) => e);
  const views = [String((error as Error).message), JSON.stringify(error), util.inspect(error)].join('\n');
  expect(views.toLowerCase()).not.toContain(EMAIL.toLowerCase());
});

it.each(['&#39;', '&#x27;', '&apos;'])(
  'an email echoed HTML-escaped (apostrophe as %s) is redacted from the raw body',
  async (apostrophe) => {
    const email = "O'Brien+ops&dev@Example.com";
    const fetchImpl = async (_input: RequestInfo | URL, init?: RequestInit) => {
      const echoed = (new Headers(init?.headers).get('x-auth-email') as string)
        .replace(/&/g, '&amp;')
        .replace(/'/g, apostrophe);
      return new Response(`<p>Signed in as ${echoed}</p>`, { status: 200, headers: { 'content-type': 'text/html' } });
    };
    const saas = new CloudflareSaaS({
      apiKey: API_KEY,
      email,
      zoneId: ZONE,
      fetch: fetchImpl as typeof fetch,
      clock: recordingClock(),
      rateLimit: false,
    });
    const error = await saas.customHostnames.get(HOST_ID).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ResponseValidationError', rawBody: '<p>Signed in as [redacted]</p>' });
  },
);

it('an answer nested too deep to write out again is still a typed error, and a 503 is retried', async () => {
  const depth = 5_000;
  const body = `{"success":false,"errors":[],"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const outcomes: string[] = [];
  for (const status of [200, 400, 503]) {
    let calls = 0;
    const fetchImpl = async () => {
      calls += 1;
      return new Response(body, { status });
    };
    const saas = new CloudflareSaaS({
      apiToken: 'x'.repeat(40),
      zoneId: ZONE,
      fetch: fetchImpl as typeof fetch,
      clock: recordingClock(),
      rateLimit: false,
      maxRetries: 1,
    });
    const error = await saas.customHostnames.get(HOST_ID).catch((e: unknown) => e);
    outcomes.push(`${(error as Error).name} ${calls}`);
  }
  expect(outcomes).toEqual(['APIError 1', 'BadRequestError 1', 'InternalServerError 2']);
});
