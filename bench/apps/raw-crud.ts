// The CRUD app with plain fetch + JSON.parse.
import { type Env, rawApi } from './raw-api.js';

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    const api = rawApi(env);
    await api.fallback('fallback.saasprovider.com');
    const host = await api.create('app.customer-one.com');
    await api.get(host.id);
    let count = 0;
    for await (const _ of api.list()) count++;
    await api.edit(host.id, { custom_metadata: { plan: 'pro' } });
    await api.delete(host.id);
    return Response.json({ count });
  },
};
