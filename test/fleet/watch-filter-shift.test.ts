import { expect, test } from 'vitest';
import { CloudflareSaaS, type WatchEvent } from '../../src/index.js';
import { fleet } from './helpers.js';

async function collect(events: AsyncIterable<WatchEvent>): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

test('a filter target whose listing shifts while another hostname joins the filter still watches every member', async () => {
  const { sim } = fleet();
  sim.seedHostnames(1_500, { prefix: 'shop-', status: 'pending' });
  const auth = { authorization: `Bearer ${sim.apiToken}`, 'content-type': 'application/json' };
  let shifted = false;
  const saas = new CloudflareSaaS({
    ...sim.clientOptions(),
    fetch: async (input, init) => {
      const answer = await sim.fetch(input, init);
      // Right after the first page: one pending hostname of page 1 is deleted (it leaves the
      // filter) and a new pending hostname is made (it joins at the end). total_count is
      // 1,500 on both pages, yet page 2 now starts one hostname later.
      if (!shifted && String(input).includes('hostname_status=pending')) {
        shifted = true;
        const victim = (await answer.clone().json()).result[0].id as string;
        await sim.clock.sleep(1_000); // a moment later, while the listing goes on
        const base = `${sim.baseUrl}/zones/${sim.zoneId}/custom_hostnames`;
        await sim.fetch(`${base}/${victim}`, { method: 'DELETE', headers: auth });
        await sim.fetch(base, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ hostname: 'shop-new.fleet-customer.com', ssl: { method: 'http', type: 'dv' } }),
        });
      }
      return answer;
    },
  });
  const before = sim.hostnames().filter((h) => h.status === 'pending');
  // The first hostname of page 2 as it was when the watch started.
  const boundary = before[1_000]?.id as string;
  const watcher = saas.validation.watch({ hostname_status: 'pending' }, { deadline: sim.clock.now() + 1 });
  await collect(watcher);

  expect(sim.hostname(boundary)?.status).toBe('pending');
  const watched = new Set(watcher.statuses().map((s) => s.id));
  // Pending from before the watch started to after its first listing: it must be watched.
  expect(watched.has(boundary)).toBe(true);
  const pending = sim.hostnames().filter((h) => h.status === 'pending');
  expect(pending.filter((h) => !watched.has(h.id) && h.hostname !== 'shop-new.fleet-customer.com')).toEqual([]);
});
