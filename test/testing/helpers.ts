import type { Simulator } from '../../src/testing/index.js';

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  json: any;
  text: string;
}

/** Calls the simulator's API with its token; `path` is relative to the zone unless it starts with '/'. */
export async function api(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${sim.apiToken}` },
): Promise<Reply> {
  const full = path.startsWith('/') ? path : `/zones/${sim.zoneId}/${path}`;
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await sim.fetch(`${sim.baseUrl}${full}`, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Placeholder certificate and keys, as the simulator reads them (by their PEM labels). */
export const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
export const RSA_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n';
export const EC_KEY = '-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\n';

/**
 * Creates seven hostnames that between them take every path the simulator has: live CNAME,
 * CAA-blocked, TXT with Let's Encrypt, wildcard, email DCV with SSL.com, HTTP, and an
 * uploaded certificate with metadata and a custom origin. Returns the create answers.
 */
export async function createVariedHostnames(sim: Simulator): Promise<Reply[]> {
  const create = (body: Record<string, unknown>) => api(sim, 'POST', 'custom_hostnames', body);
  sim.world.setRecord('CNAME', 'live.customer-one.com', sim.cnameTarget);
  sim.world.setRecord('CNAME', 'caa.customer-two.com', sim.cnameTarget);
  sim.world.setRecord('CAA', 'customer-two.com', '0 issue "letsencrypt.org"');
  return [
    await create({ hostname: 'live.customer-one.com' }),
    await create({
      hostname: 'caa.customer-two.com',
      ssl: { method: 'http', type: 'dv', settings: { min_tls_version: '1.2', http2: 'on' } },
    }),
    await create({
      hostname: 'txt.customer-three.com',
      ssl: { method: 'txt', type: 'dv', certificate_authority: 'lets_encrypt' },
    }),
    await create({ hostname: 'wild.customer-four.com', ssl: { method: 'txt', type: 'dv', wildcard: true } }),
    await create({
      hostname: 'mail.customer-five.com',
      ssl: { method: 'email', type: 'dv', certificate_authority: 'ssl_com' },
    }),
    await create({
      hostname: 'http.customer-six.com',
      ssl: { method: 'http', type: 'dv', certificate_authority: 'ssl_com' },
    }),
    await create({
      hostname: 'meta.customer-seven.com',
      custom_metadata: { plan: 'pro' },
      custom_origin_server: 'eu.saasprovider.com',
      custom_origin_sni: 'eu.saasprovider.com',
      ssl: { custom_certificate: PEM_CERT, custom_key: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----' },
    }),
  ];
}
