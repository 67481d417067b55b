import { expect, it } from 'vitest';
import { CloudflareSaaS } from '../../src/index.js';
import { hostname, recordingClock, TOKEN, ZONE } from '../helpers/scripted-fetch.js';

// 120 hostnames. The server caps pages at 50 (the 2024 API's per_page maximum, §1.4/§11)
// and sends result_info without per_page and without total_pages (all result_info fields
// are optional, §1.4; total_pages is "new since 2024"), but with count and total_count.
function cappedServer() {
  const all = Array.from({ length: 120 }, (_, i) =>
    hostname({ id: `0d89c70d-ad9f-4843-b99f-${String(i).padStart(12, '0')}`, hostname: `h${i}.customer-one.com` }),
  );
  const pages: number[] = [];
  const fetchImpl = async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    const page = Number(url.searchParams.get('page') ?? 1);
    pages.push(page);
    const result = all.slice((page - 1) * 50, page * 50);
    return Response.json({
      success: true,
      errors: [],
      messages: [],
      result,
      result_info: { page, count: result.length, total_count: all.length },
    });
  };
  return { fetch: fetchImpl as typeof fetch, pages };
}

/** A client of `fetch` alone: no rate governor, a clock that only records its sleeps. */
function clientOf(fetch: typeof globalThis.fetch): CloudflareSaaS {
  return new CloudflareSaaS({ apiToken: TOKEN, zoneId: ZONE, fetch, clock: recordingClock(), rateLimit: false });
}

it('iterating list({ per_page: 1000 }) yields every hostname when the server returns smaller pages', async () => {
  const server = cappedServer();
  const saas = clientOf(server.fetch);
  const seen: string[] = [];
  for await (const host of saas.customHostnames.list({ per_page: 1000 })) seen.push(host.hostname);
  // total_count says 120 and the first page held 50: the walk must go on (or at least not stop silently).
  expect({ items: seen.length, pages: server.pages }).toEqual({ items: 120, pages: [1, 2, 3] });
});

it('page.hasNextPage() is true when fewer items than total_count have been seen', async () => {
  const server = cappedServer();
  const saas = clientOf(server.fetch);
  const first = await saas.customHostnames.list({ per_page: 1000 });
  expect(first.result).toHaveLength(50);
  expect(first.result_info.total_count).toBe(120);
  expect(first.hasNextPage()).toBe(true);
});
