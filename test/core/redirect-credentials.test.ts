import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APIError, CloudflareSaaS } from '../../src/index.js';
import { HOST_ID, ZONE } from '../helpers/scripted-fetch.js';

// "Cloudflare" (or a proxy at baseUrl) answers with a redirect to another origin.
// The other origin records what credentials it was sent.
const API_KEY = 'c2547eb745079dac9320b638f5e225cf483cc5cfdda41';
const EMAIL = 'owner@saas-provider.net';
let api: Server,
  other: Server,
  apiPort = 0,
  otherPort = 0;
const seen: Record<string, string | undefined>[] = [];
const listen = (s: Server) =>
  new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as { port: number }).port)));
beforeAll(async () => {
  other = createServer((req, res) => {
    seen.push({
      key: req.headers['x-auth-key'] as string,
      email: req.headers['x-auth-email'] as string,
      auth: req.headers.authorization,
    });
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"success":false,"errors":[{"code":7003,"message":"No route"}],"messages":[],"result":null}');
  });
  otherPort = await listen(other);
  api = createServer((req, res) => res.writeHead(307, { location: `http://localhost:${otherPort}${req.url}` }).end());
  apiPort = await listen(api);
});
afterAll(() => {
  api.close();
  other.close();
});

it('does not send the global API key and email to another origin when the API answers with a redirect', async () => {
  const saas = new CloudflareSaaS({
    apiKey: API_KEY,
    email: EMAIL,
    zoneId: ZONE,
    baseUrl: `http://127.0.0.1:${apiPort}/client/v4`,
    rateLimit: false,
    maxRetries: 0,
  });
  const error = await saas.customHostnames.get(HOST_ID).catch((e: unknown) => e);
  // fetch itself strips only `Authorization` on a cross-origin redirect (Fetch spec); X-Auth-Key / X-Auth-Email would follow it.
  expect(seen).toEqual([]);
  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).status).toBe(307);
});

it('does not follow the redirect with a token either', async () => {
  seen.length = 0;
  const saas = new CloudflareSaaS({
    apiToken: 'tok_Y2xvdWRmbGFyZS1zZWNyZXQtdG9rZW4tdmFsdWU',
    zoneId: ZONE,
    baseUrl: `http://127.0.0.1:${apiPort}/client/v4`,
    rateLimit: false,
    maxRetries: 0,
  });
  await saas.customHostnames.get(HOST_ID).catch(() => {});
  expect(seen).toEqual([]);
});
