// The CRUD app against this package: fallback origin, create, get, list, edit, delete, with
// only the two modules it uses built on a bare core (the validation module stays out).
import { CloudflareSaaSCore, CustomHostnames, FallbackOriginResource } from 'cloudflare-custom-hostnames';

export interface Env {
  CLOUDFLARE_API_TOKEN: string;
  CLOUDFLARE_ZONE_ID: string;
}

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    const core = new CloudflareSaaSCore({ apiToken: env.CLOUDFLARE_API_TOKEN, zoneId: env.CLOUDFLARE_ZONE_ID });
    const fallbackOrigin = new FallbackOriginResource(core);
    const customHostnames = new CustomHostnames(core);
    await fallbackOrigin.update({ origin: 'fallback.saasprovider.com' });
    const host = await customHostnames.create({
      hostname: 'app.customer-one.com',
      ssl: { method: 'http', type: 'dv' },
    });
    await customHostnames.get(host.id);
    let count = 0;
    for await (const _ of customHostnames.list({ per_page: 1000 })) count++;
    await customHostnames.edit(host.id, { custom_metadata: { plan: 'pro' } });
    await customHostnames.delete(host.id);
    return Response.json({ count });
  },
};
