// The CRUD app against the official SDK's tree-shakable entry (only the two resources used).

import { BaseCustomHostnames } from 'cloudflare/resources/custom-hostnames/custom-hostnames';
import { BaseFallbackOrigin } from 'cloudflare/resources/custom-hostnames/fallback-origin';
import { createClient } from 'cloudflare/tree-shakable';

export interface Env {
  CLOUDFLARE_API_TOKEN: string;
  CLOUDFLARE_ZONE_ID: string;
}

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    const cf = createClient({
      apiToken: env.CLOUDFLARE_API_TOKEN,
      resources: [BaseCustomHostnames, BaseFallbackOrigin],
    });
    const zone_id = env.CLOUDFLARE_ZONE_ID;
    await cf.customHostnames.fallbackOrigin.update({ zone_id, origin: 'fallback.saasprovider.com' });
    const host = await cf.customHostnames.create({
      zone_id,
      hostname: 'app.customer-one.com',
      ssl: { method: 'http', type: 'dv' },
    });
    await cf.customHostnames.get(host.id, { zone_id });
    let count = 0;
    for await (const _ of cf.customHostnames.list({ zone_id, per_page: 1000 })) count++;
    await cf.customHostnames.edit(host.id, { zone_id, custom_metadata: { plan: 'pro' } });
    await cf.customHostnames.delete(host.id, { zone_id });
    return Response.json({ count });
  },
};
