/**
 * A Worker that onboards customer hostnames and follows each one until it serves, for a
 * whole fleet, with no process that sleeps:
 *
 * - `POST /hostnames { "hostname": "app.customer.com" }` creates it (idempotently), hands it
 *   to the fleet's Durable Object and answers with the records the customer must publish;
 * - `GET /status?limit=100&offset=0` reports the hostnames: still watched, active, failed or
 *   given up (counts for all, `limit` of them listed, at most 1000; `next` is the next offset);
 * - the Cron Trigger enrols pending hostnames created elsewhere (the dashboard, another
 *   service) and re-arms the Durable Object's alarm, which does the actual polling at
 *   Cloudflare's check times (see fleet-poller.ts).
 *
 * Both routes need `Authorization: Bearer <ADMIN_TOKEN>` (see auth.ts).
 */
import {
  APIError,
  CloudflareSaaS,
  ConfigError,
  InputError,
  instructions,
  isCloudflareSaaSError,
} from 'cloudflare-custom-hostnames';
import { authorized } from './auth.js';
import type { Env } from './env.js';
import type { DurableObjectStub, ExecutionContext, ScheduledController } from './runtime.js';

export { FleetPoller } from './fleet-poller.js';

const REQUIRED = ['ADMIN_TOKEN', 'CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ZONE_ID', 'CLOUDFLARE_CNAME_TARGET'] as const;

function fleet(env: Env): DurableObjectStub {
  return env.FLEET.get(env.FLEET.idFromName(env.CLOUDFLARE_ZONE_ID));
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const missing = REQUIRED.filter((key) => !env[key]);
    if (missing.length > 0) return Response.json({ error: 'the Worker is not configured', missing }, { status: 500 });
    if (!(await authorized(request, env.ADMIN_TOKEN))) {
      return Response.json({ error: 'unauthorized' }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
    }
    const url = new URL(request.url);
    try {
      if (request.method === 'POST' && url.pathname === '/hostnames') {
        const body: unknown = await request.json().catch(() => null);
        const hostname =
          typeof body === 'object' && body !== null ? (body as { hostname?: unknown }).hostname : undefined;
        if (typeof hostname !== 'string') {
          return Response.json({ error: 'expected { "hostname": "…" }' }, { status: 400 });
        }
        const saas = CloudflareSaaS.fromEnv(env);
        const created = await saas.customHostnames.createOrGet({ hostname, ssl: { method: 'http', type: 'dv' } });
        const host = created.hostname;
        const enrolled = await fleet(env)
          .fetch('https://fleet/enrol', {
            method: 'POST',
            body: JSON.stringify({ id: host.id, hostname: host.hostname, created_at: host.created_at }),
          })
          .catch(() => undefined);
        if (!enrolled?.ok) {
          // The hostname exists but nothing watches it yet: the same POST again enrols it.
          return Response.json({ error: 'created but not enrolled: try again', id: host.id }, { status: 502 });
        }
        const todo = instructions(host, { cnameTarget: env.CLOUDFLARE_CNAME_TARGET });
        return Response.json(
          { id: host.id, hostname: host.hostname, outcome: created.outcome, instructions: todo },
          { status: created.created ? 201 : 200 },
        );
      }
      if (request.method === 'GET' && url.pathname === '/status') {
        return fleet(env).fetch(`https://fleet/status${url.search}`);
      }
      return Response.json({ error: 'not found' }, { status: 404 });
    } catch (error) {
      if (error instanceof InputError) return Response.json({ error: error.message }, { status: 400 });
      if (!isCloudflareSaaSError(error)) throw error;
      // The message names the zone and the API path: it goes to the Worker's logs, not to callers.
      console.error(error);
      if (error instanceof ConfigError) {
        return Response.json({ error: 'the Worker is not configured', name: error.name }, { status: 500 });
      }
      const code = error instanceof APIError ? error.code : undefined;
      return Response.json({ error: 'the Cloudflare API request failed', name: error.name, code }, { status: 502 });
    }
  },

  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(fleet(env).fetch('https://fleet/discover', { method: 'POST' }));
  },
};
