/**
 * Contract, static mode: every operation the client has is sent to Prism serving
 * Cloudflare's OpenAPI document, with token and with key+email auth. Prism validates each
 * request (path, query, body, security) and answers with the spec's examples, which the
 * client must parse without changing a field. The spec's own quirks are pinned exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, UnprocessableEntityError } from '../../src/index.js';
import {
  type Auth,
  CREDENTIALS,
  contractClient,
  ID,
  OPERATIONS,
  rawResult,
  recordingFetch,
  UUID_ID,
  ZONE,
} from './operations.js';
import { type RunningPrism, startPrism } from './prism.js';

let prism: RunningPrism;

beforeAll(async () => {
  prism = await startPrism({ dynamic: false });
  console.info(`prism (static) answered ${prism.startupMs} ms after spawn`);
}, 60_000);

afterAll(async () => {
  await prism?.close();
});

const requestLine = (e: { method: string; path: string }) => `${e.method} ${e.path.split('?')[0]}`;

describe.each(Object.keys(CREDENTIALS) as Auth[])('every operation against Prism, %s auth', (auth) => {
  it.each(OPERATIONS.filter((o) => !o.deleteBody))(
    '$name: Prism finds nothing wrong with the request, and the example parses unchanged',
    async (operation) => {
      const recorder = recordingFetch();
      const value = await operation.call(contractClient(prism.url, auth, recorder.fetch));
      expect(recorder.exchanges.map(requestLine)).toEqual(operation.requests);
      for (const exchange of recorder.exchanges) {
        expect(exchange.violations).toEqual([]);
        expect(exchange.status === 200 || exchange.status === 202).toBe(true);
      }
      if (operation.compare !== 'none') expect(value).toStrictEqual(rawResult(operation, recorder.exchanges.at(-1)));
      else expect(value).toMatchObject({ hostname: 'app.example.com' });
    },
  );

  it.each(OPERATIONS.filter((o) => o.deleteBody))(
    '$name: the one violation is the spec requiring a body on DELETE; with `{}` the example parses',
    async (operation) => {
      const strict = recordingFetch();
      const error = await operation.call(contractClient(prism.url, auth, strict.fetch)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnprocessableEntityError);
      expect(strict.exchanges).toHaveLength(1);
      expect(strict.exchanges[0]?.violations).toEqual([
        { location: ['request'], severity: 'Error', code: 'required', message: 'Body parameter is required' },
      ]);

      const lenient = recordingFetch({ deleteBody: true });
      const value = await operation.call(contractClient(prism.url, auth, lenient.fetch));
      expect(lenient.exchanges.map(requestLine)).toEqual(operation.requests);
      expect(lenient.exchanges[0]?.violations).toEqual([]);
      expect(value).toStrictEqual(rawResult(operation, lenient.exchanges[0]));
    },
  );
});

describe('what Prism checks, and where the spec disagrees with the real API', () => {
  it('a request without credentials is refused (401), so the passing calls above did carry them', async () => {
    const response = await fetch(`${prism.url}/zones/${ZONE}/custom_hostnames/quota`);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.headers.get('sl-violations') ?? '[]')).toMatchObject([{ code: 401 }]);
  });

  it('a query the spec forbids is refused (422), so the passing list calls were checked', async () => {
    const response = await fetch(`${prism.url}/zones/${ZONE}/custom_hostnames?per_page=2`, {
      headers: { authorization: `Bearer ${CREDENTIALS.token.apiToken}` },
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('sl-violations')).toContain('per_page');
  });

  it("a real 36-character hostname id breaks the spec's 32-character identifier (the client accepts both)", async () => {
    const recorder = recordingFetch();
    const error = await contractClient(prism.url, 'token', recorder.fetch)
      .customHostnames.get(UUID_ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(recorder.exchanges[0]?.violations).toEqual([
      {
        location: ['request', 'path', 'custom_hostname_id'],
        severity: 'Error',
        code: 'maxLength',
        message: 'Request path parameter custom_hostname_id must NOT have more than 32 characters',
      },
    ]);
    expect(ID).toHaveLength(32);
  });

  it("Prism's 401 surfaces as AuthenticationError with the spec's 4XX envelope", async () => {
    const noAuth = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const headers = new Headers(request.headers);
      headers.delete('authorization');
      return fetch(new Request(request.url, { method: request.method, headers }));
    };
    const error = await contractClient(prism.url, 'token', noAuth as typeof fetch)
      .customHostnames.quota()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 7003 });
  });
});
