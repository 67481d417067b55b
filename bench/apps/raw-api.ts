// A minimal hand-written client: fetch + JSON.parse, v4 envelope unwrap, no retries, no checks.
export interface Env {
  CLOUDFLARE_API_TOKEN: string;
  CLOUDFLARE_ZONE_ID: string;
}

export interface Hostname {
  id: string;
  hostname: string;
  status?: string;
  ssl?: { status?: string };
}

export function rawApi(env: Env, base = 'https://api.cloudflare.com/client/v4') {
  const zone = `${base}/zones/${env.CLOUDFLARE_ZONE_ID}/custom_hostnames`;
  async function call<T>(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{ result: T; result_info?: { total_pages?: number } }> {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${env.CLOUDFLARE_API_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const envelope = JSON.parse(await response.text());
    if (!response.ok || envelope.success === false) throw new Error(`${method} ${url}: ${response.status}`);
    return envelope;
  }
  return {
    fallback: (origin: string) => call('PUT', `${zone}/fallback_origin`, { origin }),
    create: async (hostname: string) =>
      (await call<Hostname>('POST', zone, { hostname, ssl: { method: 'http', type: 'dv' } })).result,
    get: async (id: string) => (await call<Hostname>('GET', `${zone}/${id}`)).result,
    edit: async (id: string, body: unknown) => (await call<Hostname>('PATCH', `${zone}/${id}`, body)).result,
    delete: (id: string) => call('DELETE', `${zone}/${id}`),
    async *list(): AsyncGenerator<Hostname> {
      for (let page = 1; ; page++) {
        const { result, result_info } = await call<Hostname[]>('GET', `${zone}?per_page=1000&page=${page}`);
        yield* result;
        if (result.length === 0 || page >= (result_info?.total_pages ?? page)) return;
      }
    },
  };
}
