/**
 * Every operation the client has, as the contract tests call it against Prism, with a
 * fetch that records what Prism said about each request (`sl-violations`) and the raw body.
 */
import { CloudflareSaaS, InputError } from '../../src/index.js';
import { VirtualClock } from '../../src/testing/index.js';

/** Prism's path identifiers are the spec's `identifier` (at most 32 characters): a 32-hex id fits. */
export const ZONE = '023e105f4ecef8ad9ca31a8372d0c353';
export const ID = '0d89c70dad9f4843b99f6cc0252067e9';
export const UUID_ID = '0d89c70d-ad9f-4843-b99f-6cc0252067e9';
export const CREDENTIALS = {
  token: { apiToken: 'contract_token_4f9a2c7e1b8d3a6f0e5c9b2d7a4e1f8c' },
  'key+email': { apiKey: 'c2547eb745079dac9320b638f5e225cf483cc', email: 'owner@saasprovider.com' },
} as const;
export type Auth = keyof typeof CREDENTIALS;

const CERT = '-----BEGIN CERTIFICATE-----\nMIIDdjCCAl6gAwIBAgIJAPnMg0Fs+/B0\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';

export interface Exchange {
  method: string;
  path: string;
  status: number;
  /** Prism's request/response violations (`sl-violations`), `[]` when none. */
  violations: Array<{ location: string[]; severity: string; code: string | number; message: string }>;
  body: string;
}

/**
 * A fetch that records every exchange. With `deleteBody`, a DELETE goes out with `{}` as a
 * JSON body, the one thing the spec's DELETE declarations demand that the client (like the
 * official SDK) does not send.
 */
export function recordingFetch(options: { deleteBody?: boolean } = {}) {
  const exchanges: Exchange[] = [];
  const impl = async (input: RequestInfo | URL, init?: RequestInit) => {
    let request = new Request(input, init);
    if (options.deleteBody && request.method === 'DELETE') {
      const headers = new Headers(request.headers);
      headers.set('content-type', 'application/json');
      request = new Request(request.url, { method: 'DELETE', headers, body: '{}', signal: request.signal });
    }
    const response = await fetch(request);
    const body = await response.clone().text();
    const url = new URL(request.url);
    exchanges.push({
      method: request.method,
      path: `${url.pathname}${url.search}`,
      status: response.status,
      violations: JSON.parse(response.headers.get('sl-violations') ?? '[]'),
      body,
    });
    return response;
  };
  return { fetch: impl as typeof fetch, exchanges };
}

export function contractClient(baseUrl: string, auth: Auth, fetchImpl: typeof fetch): CloudflareSaaS {
  return new CloudflareSaaS({
    ...CREDENTIALS[auth],
    zoneId: ZONE,
    baseUrl,
    fetch: fetchImpl,
    rateLimit: false,
    maxRetries: 0,
    cnameTarget: 'customers.saasprovider.com',
    // Rechecks are paced one a minute per hostname: on virtual time, hundreds take no wall time.
    clock: new VirtualClock({ autoAdvance: true }),
  });
}

export interface Operation {
  name: string;
  /** The HTTP exchanges it makes, as `METHOD /path` (query left out). */
  requests: string[];
  /** The spec declares a required JSON body on this DELETE; the client sends none. */
  deleteBody?: boolean;
  /** Where the parsed value sits in the last raw answer: `result`, or the bare body. */
  bare?: boolean;
  /** `none` for composites whose value is built from the answer rather than parsed from it. */
  compare?: 'result' | 'none';
  /**
   * For dynamic answers the spec allows but the operation cannot act on: whether `error`
   * is exactly the documented refusal for the answer it got (`first` is the first exchange).
   */
  refusal?(error: unknown, first: Exchange | undefined): boolean;
  call(saas: CloudflareSaaS): Promise<unknown>;
}

const hosts = `/zones/${ZONE}/custom_hostnames`;
const cert = `${hosts}/${ID}/certificate_pack/${ID}/certificates/${ID}`;

export const OPERATIONS: Operation[] = [
  {
    name: 'customHostnames.create',
    requests: [`POST ${hosts}`],
    call: (s) =>
      s.customHostnames.create({
        hostname: 'app.customer-one.com',
        ssl: { method: 'http', type: 'dv', settings: { min_tls_version: '1.2', http2: 'on' } },
        custom_metadata: { customer_id: '42' },
        custom_origin_server: 'origin.saasprovider.com',
      }),
  },
  { name: 'customHostnames.get', requests: [`GET ${hosts}/${ID}`], call: (s) => s.customHostnames.get(ID) },
  {
    name: 'customHostnames.edit',
    requests: [`PATCH ${hosts}/${ID}`],
    call: (s) => s.customHostnames.edit(ID, { ssl: { method: 'txt', type: 'dv' }, custom_metadata: { plan: 'pro' } }),
  },
  {
    name: 'customHostnames.delete',
    requests: [`DELETE ${hosts}/${ID}`],
    deleteBody: true,
    bare: true,
    call: (s) => s.customHostnames.delete(ID),
  },
  {
    name: 'customHostnames.list',
    requests: [`GET ${hosts}`],
    call: async (s) =>
      (
        await s.customHostnames.list({
          per_page: 50,
          ssl_status: 'pending_validation',
          hostname_status: 'pending',
          'hostname.contain': 'customer',
          direction: 'desc',
          ssl: 1,
        })
      ).result,
  },
  { name: 'customHostnames.quota', requests: [`GET ${hosts}/quota`], call: (s) => s.customHostnames.quota() },
  {
    name: 'customHostnames.replaceCertificate',
    requests: [`PUT ${cert}`],
    call: (s) =>
      s.customHostnames.replaceCertificate({
        id: ID,
        certificate_pack_id: ID,
        certificate_id: ID,
        custom_certificate: CERT,
        custom_key: KEY,
      }),
  },
  {
    name: 'customHostnames.deleteCertificate',
    requests: [`DELETE ${cert}`],
    deleteBody: true,
    bare: true,
    call: (s) => s.customHostnames.deleteCertificate({ id: ID, certificate_pack_id: ID, certificate_id: ID }),
  },
  { name: 'fallbackOrigin.get', requests: [`GET ${hosts}/fallback_origin`], call: (s) => s.fallbackOrigin.get() },
  {
    name: 'fallbackOrigin.update',
    requests: [`PUT ${hosts}/fallback_origin`],
    call: (s) => s.fallbackOrigin.update({ origin: 'proxy-fallback.saasprovider.com' }),
  },
  {
    name: 'fallbackOrigin.delete',
    requests: [`DELETE ${hosts}/fallback_origin`],
    deleteBody: true,
    call: (s) => s.fallbackOrigin.delete(),
  },
  {
    name: 'validation.recheck (GET, then the no-change PATCH)',
    requests: [`GET ${hosts}/${ID}`, `PATCH ${hosts}/${ID}`],
    call: (s) => s.validation.recheck(ID),
    // A recheck resends the hostname's own ssl method, type and settings, checked like any
    // edit. The spec lets them be any string (and `wildcard: true` go with `http`); such an
    // answer is refused before the PATCH with an InputError naming the very value it got.
    refusal: (error, first) => {
      if (!(error instanceof InputError) || !error.field.startsWith('ssl.')) return false;
      const result = (JSON.parse(first?.body ?? '{}') as { result?: unknown }).result;
      const path = error.field.replace(/\[(\d+)\]/g, '.$1').split('.');
      const got = path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], result);
      return JSON.stringify(got) === JSON.stringify(error.value);
    },
  },
  {
    name: 'validation.instructions',
    requests: [`GET ${hosts}/${ID}`],
    compare: 'none',
    call: (s) => s.validation.instructions(ID, { waitForRecords: false }),
  },
];

/** What the client should have parsed from the last exchange: its `result`, or the bare body. */
export function rawResult(operation: Operation, exchange: Exchange | undefined): unknown {
  const body = JSON.parse(exchange?.body ?? 'null') as { result?: unknown } | null;
  return operation.bare ? body : body?.result;
}
