/**
 * A Cloudflare Worker for a SaaS dashboard: "add my domain" and "what must I do".
 *
 *   POST /domains            { "hostname": "app.customer.com" }  → 201 { hostname, verdict, instructions }
 *   GET  /domains/:hostname                                      → 200 { hostname, verdict, instructions? }
 *
 * Bindings (wrangler.toml / secrets): CLOUDFLARE_API_TOKEN, CLOUDFLARE_ZONE_ID,
 * CLOUDFLARE_CNAME_TARGET, optionally CLOUDFLARE_BASE_URL (tests point it at the simulator).
 */
import {
  CloudflareSaaS,
  type CloudflareSaaSEnv,
  type CustomHostname,
  InputError,
  instructions,
  isCloudflareSaaSError,
  NotFoundError,
} from 'cloudflare-custom-hostnames';

export interface Env extends CloudflareSaaSEnv {
  CLOUDFLARE_CNAME_TARGET: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const saas = CloudflareSaaS.fromEnv(env);
    const url = new URL(request.url);
    try {
      if (request.method === 'POST' && url.pathname === '/domains') {
        const body = (await request.json().catch(() => ({}))) as { hostname?: unknown };
        const { hostname, outcome } = await saas.customHostnames.createOrGet({
          hostname: body.hostname as string,
          ssl: { method: 'http', type: 'dv' },
        });
        return json(outcome === 'created' ? 201 : 200, describe(saas, hostname, env));
      }
      const match = url.pathname.match(/^\/domains\/([^/]+)$/);
      if (request.method === 'GET' && match?.[1]) {
        const hostname = await saas.validation.resolve(decodeURIComponent(match[1]));
        return json(200, describe(saas, hostname, env));
      }
      return json(404, { error: 'not found' });
    } catch (error) {
      if (error instanceof InputError) return json(400, { error: error.message, field: error.field });
      if (error instanceof NotFoundError) return json(404, { error: 'no such domain' });
      if (isCloudflareSaaSError(error)) return json(502, { error: error.name, message: error.message });
      throw error;
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

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
