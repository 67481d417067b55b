import { expect, it } from 'vitest';
import { CloudflareSaaS } from '../../src/index.js';
import { hostname, recordingClock, TOKEN, ZONE } from '../helpers/scripted-fetch.js';

// Cloudflare stores the create, but the answer is a 504 from a gateway (or 500/1500, "retryable",
// reference §7.1): the outcome of the POST is unknown, just as after a dropped connection.
function server(stores = true) {
  const stored = new Map<string, ReturnType<typeof hostname>>();
  let posts = 0;
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    if (init?.method === 'POST') {
      posts++;
      const { hostname: name } = JSON.parse(String(init.body));
      if (stored.has(name)) {
        return Response.json(
          {
            success: false,
            errors: [{ code: 1406, message: 'Duplicate custom hostname found.' }],
            messages: [],
            result: null,
          },
          { status: 409 },
        );
      }
      if (stores) stored.set(name, hostname({ hostname: name }));
      return new Response('<html>504 Gateway Time-out</html>', {
        status: 504,
        headers: { 'content-type': 'text/html' },
      });
    }
    const wanted = url.searchParams.get('hostname');
    const result = [...stored.values()].filter((h) => h.hostname === wanted);
    return Response.json({
      success: true,
      errors: [],
      messages: [],
      result,
      result_info: { page: 1, per_page: 50, count: result.length, total_count: result.length },
    });
  };
  return { fetch: fetchImpl as typeof fetch, stored, posts: () => posts };
}

/** A client of `fetch` alone: no rate governor, a clock that only records its sleeps. */
function clientOf(fetch: typeof globalThis.fetch): CloudflareSaaS {
  return new CloudflareSaaS({ apiToken: TOKEN, zoneId: ZONE, fetch, clock: recordingClock(), rateLimit: false });
}

it('createOrGet reconciles a create answered 5xx instead of failing (and later reporting "existed")', async () => {
  const s = server();
  const saas = clientOf(s.fetch);
  const first = await saas.customHostnames.createOrGet({ hostname: 'app.customer-one.com' }).then(
    (r) => ({ outcome: r.outcome, created: r.created }),
    (e: Error) => ({ error: e.name }),
  );
  expect(s.stored.has('app.customer-one.com')).toBe(true); // the hostname does exist now
  // As after a ConnectionError or TimeoutError: looked up, found, the caller's own.
  expect({ ...first, posts: s.posts() }).toEqual({ outcome: 'reconciled', created: true, posts: 1 });
});

it('createOrGet sends the create once more when the lookup after a 5xx finds nothing', async () => {
  const s = server(false);
  const saas = clientOf(s.fetch);
  const error = await saas.customHostnames
    .createOrGet({ hostname: 'app.customer-one.com' })
    .catch((e: Error) => e.name);
  // Nothing stored: the lookup proves it absent, the second create gets the same 504 and fails.
  expect({ error, posts: s.posts() }).toEqual({ error: 'InternalServerError', posts: 2 });
});
