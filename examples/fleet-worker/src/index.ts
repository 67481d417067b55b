/**
 * A Worker that onboards customer hostnames and follows each one until it serves, for a
 * whole fleet, with no process that sleeps:
 *
 * - `POST /hostnames { "hostname": "app.customer.com" }` creates it (idempotently), hands it
 *   to the fleet's Durable Object and answers with the records the customer must publish;
 * - `GET /status` reports every hostname: still watched, active, failed or given up;
 * - the Cron Trigger enrols pending hostnames created elsewhere (the dashboard, another
 *   service) and re-arms the Durable Object's alarm, which does the actual polling at
 *   Cloudflare's check times (see fleet-poller.ts).
 */
import { CloudflareSaaS, InputError, instructions, isCloudflareSaaSError } from 'cloudflare-custom-hostnames';
import type { Env } from './env.js';
import type { DurableObjectStub, ExecutionContext, ScheduledController } from './runtime.js';

export { FleetPoller } from './fleet-poller.js';

function fleet(env: Env): DurableObjectStub {
  return env.FLEET.get(env.FLEET.idFromName(env.CLOUDFLARE_ZONE_ID));
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    try {
      if (request.method === 'POST' && url.pathname === '/hostnames') {
        const { hostname } = (await request.json().catch(() => ({}))) as { hostname?: string };
        const saas = CloudflareSaaS.fromEnv(env);
        const created = await saas.customHostnames.createOrGet({
          hostname: hostname as string,
          ssl: { method: 'http', type: 'dv' },
        });
        const host = created.hostname;
        await fleet(env).fetch('https://fleet/enrol', {
          method: 'POST',
          body: JSON.stringify({ id: host.id, hostname: host.hostname, created_at: host.created_at }),
        });
        const todo = instructions(host, { cnameTarget: env.CLOUDFLARE_CNAME_TARGET });
        return Response.json(
          { id: host.id, hostname: host.hostname, outcome: created.outcome, instructions: todo },
          {
            status: created.created ? 201 : 200,
          },
        );
      }
      if (request.method === 'GET' && url.pathname === '/status') return fleet(env).fetch('https://fleet/status');
      return Response.json({ error: 'not found' }, { status: 404 });
    } catch (error) {
      if (error instanceof InputError) return Response.json({ error: error.message }, { status: 400 });
      if (isCloudflareSaaSError(error)) return Response.json({ error: error.message }, { status: 502 });
      throw error;
    }
  },

  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(fleet(env).fetch('https://fleet/discover', { method: 'POST' }));
  },
};
