/**
 * One listing run in a fresh process (so that memory readings belong to it alone): walks
 * every hostname of the bench server at per_page 1000, lazily, with one client, once to warm
 * up and once measured, and prints
 * { items, requests, wallMs, peakHeapGrowth, peakRssGrowth } as JSON. Readings as each request
 * starts (the previous page may still be held then) and every 50 items from each page's first;
 * with `live`, a full GC before each reading and items read every 100 from each page's first.
 *
 *   node --expose-gc --import tsx bench/listing-child.ts <ours|official|raw> '<server json>' [live]
 */
import Cloudflare from 'cloudflare';
import { CloudflareSaaS } from './lib/ours.js';

const [variant, json] = process.argv.slice(2);
const server = JSON.parse(json as string) as { baseUrl: string; zoneId: string; apiToken: string; id: string };
let requests = 0;
let sample: () => void = () => {};
const counting: typeof fetch = (input, init) => {
  requests++;
  sample();
  return fetch(input, init);
};

function iterate(): AsyncIterable<unknown> {
  if (variant === 'ours') {
    const saas = new CloudflareSaaS({
      apiToken: server.apiToken,
      zoneId: server.zoneId,
      baseUrl: server.baseUrl,
      fetch: counting,
      rateLimit: false,
    });
    return saas.customHostnames.list({ per_page: 1000 });
  }
  if (variant === 'official') {
    const cf = new Cloudflare({ apiToken: server.apiToken, baseURL: server.baseUrl, fetch: counting });
    return cf.customHostnames.list({ zone_id: server.zoneId, per_page: 1000 });
  }
  return (async function* raw() {
    const headers = { authorization: `Bearer ${server.apiToken}` };
    for (let page = 1; ; page++) {
      const url = `${server.baseUrl}/zones/${server.zoneId}/custom_hostnames?per_page=1000&page=${page}`;
      const body = JSON.parse(await (await counting(url, { headers })).text());
      yield* body.result as unknown[];
      if (body.result.length === 0 || page >= body.result_info.total_pages) return;
    }
  })();
}

// Warm up with one whole walk, then measure from a clean heap. A walk stopped at its first
// hostname left the official package's walk reachable when the heap was read at once (about
// 0.8 MB that it let go of within the next 200 ms), so its growth read low; a whole walk also
// moves what the process grows once, on every client's first walk (compiled code, connection
// buffers), into the baseline.
for await (const _ of iterate());
requests = 0;
await new Promise((settled) => setTimeout(settled, 200));
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
gc?.();
const base = process.memoryUsage();
const live = process.argv[4] === 'live';
let peakHeap = base.heapUsed;
let peakRss = base.rss;
// `live`: a full GC before each reading, so the peak is what the iteration keeps reachable
// (the page in hand and its parsed copy), not garbage the collector has yet to reclaim.
sample = () => {
  if (live) gc?.();
  const now = process.memoryUsage();
  peakHeap = Math.max(peakHeap, now.heapUsed);
  peakRss = Math.max(peakRss, now.rss);
};
const started = performance.now();
let items = 0;
for await (const _ of iterate()) {
  items++;
  if (items % (live ? 100 : 50) === 1) sample();
}
sample();
const wallMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ items, requests, wallMs, peakHeapGrowth: peakHeap - base.heapUsed, peakRssGrowth: peakRss - base.rss })}\n`,
);
