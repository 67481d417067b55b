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
