/**
 * A Cloudflare Worker for a SaaS dashboard: "add my domain" and "what must I do".
 *
 *   POST /domains            { "hostname": "app.customer.com" }  → 201 { hostname, verdict, instructions } (200 when it existed)
 *   GET  /domains/:hostname                                      → 200 { hostname, verdict, instructions? }
 *
 * Every request needs `Authorization: Bearer <ADMIN_TOKEN>` (401 otherwise): the routes create
 * billable hostnames and show customers' validation tokens, so call them from your dashboard's
 * backend, not from browsers.
 *
 * Bindings (wrangler.toml / secrets): CLOUDFLARE_API_TOKEN and ADMIN_TOKEN (`npx wrangler secret
 * put ADMIN_TOKEN`), CLOUDFLARE_ZONE_ID, CLOUDFLARE_CNAME_TARGET, optionally CLOUDFLARE_BASE_URL
 * (tests point it at the simulator).
 */
import {
  APIError,
  CloudflareSaaS,
  type CloudflareSaaSEnv,
  ConfigError,
  type CustomHostname,
  InputError,
  instructions,
  isCloudflareSaaSError,
  NotFoundError,
} from 'cloudflare-custom-hostnames';

export interface Env extends CloudflareSaaSEnv {
  ADMIN_TOKEN: string;
  CLOUDFLARE_CNAME_TARGET: string;
}

const REQUIRED = ['ADMIN_TOKEN', 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ZONE_ID', 'CLOUDFLARE_CNAME_TARGET'] as const;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const missing = REQUIRED.filter((key) => !env[key]);
    if (missing.length > 0) return json(500, { error: 'the Worker is not configured', missing });
    if (!(await authorized(request, env.ADMIN_TOKEN))) {
      return json(401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer' });
    }
    const url = new URL(request.url);
    try {
      const saas = CloudflareSaaS.fromEnv(env);
      if (request.method === 'POST' && url.pathname === '/domains') {
        const body: unknown = await request.json().catch(() => null);
        const name = typeof body === 'object' && body !== null ? (body as { hostname?: unknown }).hostname : undefined;
        if (typeof name !== 'string') return json(400, { error: 'expected { "hostname": "…" }', field: 'hostname' });
        const { hostname, created } = await saas.customHostnames.createOrGet({
          hostname: name,
          ssl: { method: 'http', type: 'dv' },
        });
        return json(created ? 201 : 200, describe(saas, hostname, env));
      }
      const match = url.pathname.match(/^\/domains\/([^/]+)$/);
      if (request.method === 'GET' && match?.[1]) {
        const hostname = await saas.validation.resolve(decodeURIComponent(match[1]));
        return json(200, describe(saas, hostname, env));
      }
      return json(404, { error: 'not found' });
    } catch (error) {
      if (error instanceof URIError) return json(400, { error: 'malformed %-escape in the path' });
      if (error instanceof InputError) return json(400, { error: error.message, field: error.field });
      if (error instanceof NotFoundError) return json(404, { error: 'no such domain' });
      if (!isCloudflareSaaSError(error)) throw error;
      // The message names the zone and the API path: it goes to the Worker's logs, not to callers.
      console.error(error);
      if (error instanceof ConfigError) return json(500, { error: 'the Worker is not configured', name: error.name });
      const code = error instanceof APIError ? error.code : undefined;
      return json(502, { error: 'the Cloudflare API request failed', name: error.name, code });
    }
  },
};

function describe(saas: CloudflareSaaS, hostname: CustomHostname, env: Env) {
  const verdict = saas.validation.classify(hostname);
  return {
    hostname: hostname.hostname,
    id: hostname.id,
    verdict,
    instructions:
      verdict.state === 'active' ? undefined : instructions(hostname, { cnameTarget: env.CLOUDFLARE_CNAME_TARGET }),
  };
}

/** Whether the request carries `Bearer <secret>`, compared by SHA-256 digests in constant time. */
async function authorized(request: Request, secret: string): Promise<boolean> {
  const given = request.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1] ?? '';
  const digest = async (text: string) =>
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const [a, b] = await Promise.all([digest(given), digest(secret)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
