// The CRUD app against this package: fallback origin, create, get, list, edit, delete.
import { CloudflareSaaS } from 'cloudflare-custom-hostnames';

export interface Env {
  CLOUDFLARE_API_TOKEN: string;
  CLOUDFLARE_ZONE_ID: string;
}

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    const saas = new CloudflareSaaS({ apiToken: env.CLOUDFLARE_API_TOKEN, zoneId: env.CLOUDFLARE_ZONE_ID });
    await saas.fallbackOrigin.update({ origin: 'fallback.saasprovider.com' });
    const host = await saas.customHostnames.create({
      hostname: 'app.customer-one.com',
      ssl: { method: 'http', type: 'dv' },
    });
    await saas.customHostnames.get(host.id);
    let count = 0;
    for await (const _ of saas.customHostnames.list({ per_page: 1000 })) count++;
    await saas.customHostnames.edit(host.id, { custom_metadata: { plan: 'pro' } });
    await saas.customHostnames.delete(host.id);
    return Response.json({ count });
  },
};
