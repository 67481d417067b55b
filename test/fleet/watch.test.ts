import { describe, expect, test } from 'vitest';
import {
  AbortError,
  CloudflareSaaS,
  type CustomHostname,
  InputError,
  type Watch,
  type WatchEvent,
  type WatchOptions,
} from '../../src/index.js';
import type { Simulator } from '../../src/testing/index.js';
import { checkTimes } from '../../src/validation/index.js';
import { countRequests, fleet, items, MINUTE, names, pointAt } from './helpers.js';

async function collect(events: AsyncIterable<WatchEvent>): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

const brief = (e: WatchEvent) => [e.hostname, e.current.status, e.current.sslStatus, e.current.verdict.state, e.end];

/** Three hostnames whose CNAMEs appear 10 minutes after they are created, watched as `target` says. */
async function watchThree(
  target: (hosts: CustomHostname[]) => (string | CustomHostname)[],
  options: WatchOptions = {},
): Promise<{
  sim: Simulator;
  events: WatchEvent[];
  watcher: Watch;
  hosts: CustomHostname[];
  mark: number;
  t0: number;
}> {
  const { sim, saas, t0 } = fleet();
  for (const name of names(3)) pointAt(sim, name, t0 + 10 * MINUTE);
  const hosts = (await saas.customHostnames.createMany(items(names(3)))).map((r) => r.result as CustomHostname);
  const mark = sim.requests.length;
  const watcher = saas.validation.watch(target(hosts), options);
  return { sim, events: await collect(watcher), watcher, hosts, mark, t0 };
}

/** One hostname, created at t0, whose CNAME appears `fixedAfter` ms later. */
async function oneHostname(fixedAfter: number) {
  const { sim, saas, t0 } = fleet();
  const host = await saas.customHostnames.create({
    hostname: 'shop.customer-one.com',
    ssl: { method: 'http', type: 'dv' },
  });
  pointAt(sim, 'shop.customer-one.com', t0 + fixedAfter);
  return { sim, saas, t0, host };
}

/** What a watch of those three by id yields: each change once per hostname, at the same look. */
const threeByIdEvents = (
  [
    [0, 'pending', 'initializing', 'waiting_on_customer', undefined],
    [72_000, 'pending', 'pending_validation', 'waiting_on_customer', undefined],
    [670_000, 'active', 'pending_issuance', 'waiting_on_cloudflare', undefined],
    [700_000, 'active', 'pending_deployment', 'waiting_on_cloudflare', undefined],
    [730_000, 'active', 'active', 'active', 'active'],
  ] as const
).flatMap(([at, ...rest]) => names(3).map((name) => [at, name, ...rest]));

describe('validation.watch', () => {
  test('a recheck sent elsewhere on the client makes the hostname due at once, not at its old schedule’s next check', async () => {
    // The customer fixes DNS at +5 h; the "check now" button is pressed 10 minutes later.
    const { sim, saas, t0, host } = await oneHostname(300 * MINUTE);
    const pressAt = t0 + 310 * MINUTE;
    const pressed = (async () => {
      await sim.clock.sleep(pressAt - sim.clock.now());
      return saas.validation.recheck(host.id);
    })();
    const events = await collect(saas.validation.watch([host]));
    await pressed;
    expect(sim.requests.find((r) => r.method === 'PATCH')?.at).toBe(pressAt);
    // Read at the press (the recheck's check passed), then while Cloudflare issues and deploys.
    expect(events.slice(1).map((e) => [(e.at - pressAt) / 1000, e.current.status, e.current.sslStatus])).toEqual([
      [0, 'active', 'pending_issuance'],
      [30, 'active', 'pending_deployment'],
      [60, 'active', 'active'],
    ]);
    expect(events.at(-1)?.end).toBe('active');
  });

  test('a hostname rechecked before the watch started is counted from the recheck', async () => {
    // "Check now" at +3 h, the watch started right after; the customer fixes DNS 30 h later.
    const { sim, saas, t0, host } = await oneHostname(33 * 60 * MINUTE);
    await sim.clock.sleep(3 * 60 * MINUTE - (sim.clock.now() - t0));
    await saas.validation.recheck(host.id);
    const events = await collect(saas.validation.watch([host]));
    expect(events.at(-1)?.end).toBe('active');
    const passAt = (kind: 'hostname' | 'certificate') => sim.checks.find((c) => c.kind === kind && c.passed)?.at;
    const [hostnamePass, certificatePass] = [passAt('hostname'), passAt('certificate') as number];
    // Both schedules restarted at the recheck: one look 2 s after the certificate check of the
    // round that passes, then while Cloudflare issues and deploys (30 s each).
    expect(certificatePass).toBe(hostnamePass);
    expect(events.slice(-3).map((e) => (e.at - certificatePass) / 1000)).toEqual([2, 32, 62]);
  });

  test('one hostname: a look 12 s after each of Cloudflare’s hostname checks, an event only when something changed', async () => {
    const { sim, saas, t0, host } = await oneHostname(30 * MINUTE);
    const mark = sim.requests.length;
    const events = await collect(saas.validation.watch([host]));

    expect(events.map(brief)).toEqual([
      ['shop.customer-one.com', 'pending', 'pending_validation', 'waiting_on_customer', undefined],
      ['shop.customer-one.com', 'active', 'pending_issuance', 'waiting_on_cloudflare', undefined],
      ['shop.customer-one.com', 'active', 'pending_deployment', 'waiting_on_cloudflare', undefined],
      ['shop.customer-one.com', 'active', 'active', 'active', 'active'],
    ]);
    expect(events[0]?.previous).toMatchObject({ status: 'pending', sslStatus: 'initializing' });
    const hostnameCheck = sim.checks.find((c) => c.kind === 'hostname' && c.passed)?.at as number;
    const certificateCheck = sim.checks.find((c) => c.kind === 'certificate' && c.passed)?.at as number;
    expect([hostnameCheck - t0, certificateCheck - t0]).toEqual([1_962_000, 1_972_000]);
    // The look 12 s after the passing hostname check also sees the certificate check 10 s
    // later; then every 30 s while Cloudflare issues (30 s) and deploys (30 s): "active" is
    // seen 2 s after the hostname started serving.
    // The first sweep (at the start) shows what the create answer showed: no event until the
    // DCV records are seen, at the look after the first retries (+60 s and +70 s).
    expect(events.map((e) => e.at - hostnameCheck)).toEqual([72_000 - hostnameCheck + t0, 12_000, 42_000, 72_000]);
    expect((events[3]?.at as number) - (certificateCheck + 60_000)).toBe(2_000);

    // Until then, each look lands 12 s after a check of the schedule: none in between, and
    // none for the check at creation, which the first look already shows.
    const looks = sim.requests.slice(mark).map((r) => r.at);
    const checks = checkTimes(t0).filter((t) => t > t0 && t <= hostnameCheck);
    expect(looks).toEqual([t0, ...checks.map((t) => t + 12_000), hostnameCheck + 42_000, hostnameCheck + 72_000]);
    expect(countRequests(sim, mark)).toMatchObject({ total: 17, gets: 17, lists: 0 });
  });

  test('hostnames due together share one sweep: one list page for 15 pending hostnames', async () => {
    const { sim, saas, t0 } = fleet();
    const created = await saas.customHostnames.createMany(items(names(15)));
    for (const name of names(15)) pointAt(sim, name, t0 + 10 * MINUTE);
    const mark = sim.requests.length;
    const watcher = saas.validation.watch(created.map((r) => r.result!));
    const events = await collect(watcher);
    expect(events.filter((e) => e.end === 'active')).toHaveLength(15);
    const pendingPages = sim.requests.slice(mark).filter((r) => r.query.hostname_status === 'pending');
    // Each sweep is one page of all 15: at the start, then 12 s after each check (but the one
    // at creation) up to the one after the CNAMEs appeared.
    const before = checkTimes(t0).filter((t) => t > t0 && t < t0 + 10 * MINUTE);
    const passing = checkTimes(t0).find((t) => t >= t0 + 10 * MINUTE) as number;
    expect(pendingPages.map((r) => r.at - t0)).toEqual([0, ...[...before, passing].map((t) => t - t0 + 12_000)]);
    expect(pendingPages.every((r) => r.query.per_page === '1000')).toBe(true);
    expect(watcher.stats()).toMatchObject({ watching: 0, active: 15, failed: 0, getRequests: 0 });
  });

  test('a sweep of 10,000 pending hostnames costs 10 list requests', async () => {
    const { sim, saas, t0 } = fleet();
    sim.seedHostnames(10_000, { status: 'pending' });
    const mark = sim.requests.length;
    const watcher = saas.validation.watch(sim.hostnames(), { deadline: t0 + 1 });
    expect(await collect(watcher)).toEqual([]);
    const sent = sim.requests.slice(mark);
    expect(sent.map((r) => r.query.page)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(sent.every((r) => r.query.hostname_status === 'pending' && r.query.per_page === '1000')).toBe(true);
    expect(watcher.stats()).toMatchObject({ watching: 10_000, sweeps: 1, listRequests: 10, getRequests: 0 });
  });

  test('a filter target watches what it lists at the start', async () => {
    const { sim, saas, t0 } = fleet();
    sim.seedHostnames(1_500, { status: 'pending' });
    sim.seedHostnames(20);
    const watcher = saas.validation.watch({ hostname_status: 'pending' }, { deadline: t0 + 1 });
    const events = await collect(watcher);
    expect(events).toHaveLength(1_500);
    expect(events.every((e) => e.previous === undefined && e.current.status === 'pending')).toBe(true);
    expect(watcher.stats()).toMatchObject({ watching: 1_500, listRequests: 2 });
  });

  test('failed verdicts and deleted hostnames end with failed; names and ids are accepted', async () => {
    const { sim, saas, t0 } = fleet();
    const [ok, blocked, doomed] = ['shop.customer-one.com', 'shop.customer-two.com', 'shop.customer-six.com'];
    for (const name of [ok, blocked, doomed]) pointAt(sim, name as string, t0);
    sim.world.setRecord('CAA', 'customer-two.com', '0 issue "letsencrypt.org"');
    const created = await saas.customHostnames.createMany(items([ok, blocked, doomed] as string[]));
    const doomedId = created[2]?.result?.id as string;
    const events: WatchEvent[] = [];
    for await (const e of saas.validation.watch([ok as string, blocked as string, doomedId, 'shop.customer-ten.com'])) {
      events.push(e);
      if (events.length === 1) await saas.customHostnames.delete(doomedId);
    }
    const ends = Object.fromEntries(events.filter((e) => e.end).map((e) => [e.hostname, [e.end, e.current]]));
    expect(ends[ok as string]).toEqual(['active', expect.objectContaining({ status: 'active', sslStatus: 'active' })]);
    expect(ends[blocked as string]?.[0]).toBe('failed');
    expect(ends[blocked as string]?.[1]).toMatchObject({
      verdict: { state: 'failed', actor: 'customer', fix: 'fix_dns' },
    });
    expect(ends['shop.customer-six.com']?.[1]).toMatchObject({
      status: 'deleted',
      verdict: { state: 'failed', fix: 'recreate', reason: 'not found (deleted)' },
    });
    expect(ends['shop.customer-ten.com']?.[0]).toBe('failed');
  });

  test.for([
    ['ids, then names', (h: CustomHostname[]) => [...h.map((x) => x.id), ...h.map((x) => x.hostname)]],
    ['names, then ids', (h: CustomHostname[]) => [...h.map((x) => x.hostname), ...h.map((x) => x.id)]],
  ] as const)('a hostname named by id and by name (%s) is watched once, never as deleted', async ([, target]) => {
    const { sim, events, watcher, hosts, mark, t0 } = await watchThree(target);
    expect(events.map((e) => [e.at - t0, ...brief(e)])).toEqual(threeByIdEvents);
    expect(events.map((e) => e.id)).toEqual(threeByIdEvents.map((_, i) => hosts[i % 3]?.id));
    expect(watcher.stats()).toEqual({
      watching: 0,
      active: 3,
      failed: 0,
      sweeps: 12,
      listRequests: 15,
      getRequests: 0,
      largestSweep: 2,
    });
    expect(countRequests(sim, mark)).toMatchObject({ total: 15, lists: 15, lookups: 0, gets: 0 });
    expect(watcher.statuses().map((s) => [s.hostname, s.id, s.end])).toEqual(
      hosts.map((h) => [h.hostname, h.id, 'active']),
    );
  });

  test('the same id twice, or one name in other cases and with a trailing dot, is watched once', async () => {
    const { sim, events, watcher, mark, t0 } = await watchThree(([a]) => [
      a!.id,
      a!.id,
      'SHOP.CUSTOMER-1.COM',
      'shop.customer-1.com.',
      'shop.customer-2.com',
      'Shop.Customer-2.COM.',
    ]);
    expect(events.map((e) => [e.at - t0, ...brief(e)])).toEqual(threeByIdEvents);
    expect(watcher.stats()).toMatchObject({ watching: 0, active: 3, failed: 0, sweeps: 12, listRequests: 15 });
    expect(countRequests(sim, mark).total).toBe(15);
    expect(watcher.statuses()).toHaveLength(3);
  });

  test('a hostname named by id and by name, read with one GET each, is one hostname after the first read', async () => {
    // One at a time: the id's GET already tells the name, so the name costs no lookup.
    const one = await watchThree(([a]) => [a!.id, a!.hostname], { concurrency: 1 });
    const expected = threeByIdEvents.filter((_, i) => i % 3 === 0);
    expect(one.events.map((e) => [e.at - one.t0, ...brief(e)])).toEqual(expected);
    expect(one.watcher.stats()).toEqual({
      watching: 0,
      active: 1,
      failed: 0,
      sweeps: 12,
      listRequests: 0,
      getRequests: 12,
      largestSweep: 1,
    });
    expect(countRequests(one.sim, one.mark)).toMatchObject({ total: 12, gets: 12, lookups: 0 });

    // Both read at once in the first sweep: a GET and a lookup, then one GET a sweep.
    const both = await watchThree(([a]) => [a!.hostname, a!.id]);
    expect(both.events.map((e) => [e.at - both.t0, ...brief(e)])).toEqual(expected);
    expect(both.watcher.stats()).toMatchObject({ active: 1, failed: 0, sweeps: 12, getRequests: 13, largestSweep: 2 });
    expect(countRequests(both.sim, both.mark)).toMatchObject({ total: 13, gets: 12, lookups: 1 });
    expect(both.watcher.statuses().map((s) => [s.hostname, s.id, s.end])).toEqual([
      ['shop.customer-0.com', both.hosts[0]?.id, 'active'],
    ]);
  });

  test('a hostname named by id and by name that is deleted ends once, as deleted', async () => {
    const { sim, saas, t0 } = fleet();
    const host = await saas.customHostnames.create({
      hostname: 'shop.customer-one.com',
      ssl: { method: 'http', type: 'dv' },
    });
    const mark = sim.requests.length;
    const watcher = saas.validation.watch([host.id, host.hostname, 'SHOP.customer-one.com.']);
    const events: WatchEvent[] = [];
    for await (const e of watcher) {
      events.push(e);
      if (events.length === 1) await saas.customHostnames.delete(host.id);
    }
    expect(events.map((e) => [e.at - t0, ...brief(e)])).toEqual([
      [0, 'shop.customer-one.com', 'pending', 'initializing', 'waiting_on_customer', undefined],
      [72_000, 'shop.customer-one.com', 'deleted', 'initializing', 'failed', 'failed'],
    ]);
    expect(watcher.stats()).toMatchObject({ watching: 0, active: 0, failed: 1, sweeps: 2, getRequests: 3 });
    expect(countRequests(sim, mark)).toMatchObject({ gets: 2, lookups: 1 });
  });

  /** Watches three hostnames as `target` names them; just before the 135 s sweep the first is deleted and made again. */
  async function recreatedFirst(target: (hosts: CustomHostname[]) => (string | CustomHostname)[]) {
    const { sim, saas, t0 } = fleet();
    for (const name of names(3)) pointAt(sim, name, t0 + 10 * MINUTE);
    const hosts = (await saas.customHostnames.createMany(items(names(3)))).map((r) => r.result as CustomHostname);
    const first = hosts[0] as CustomHostname;
    const events: WatchEvent[] = [];
    let again: CustomHostname | undefined;
    for await (const e of saas.validation.watch(target(hosts))) {
      events.push(e);
      if (!again && e.hostname === first.hostname) {
        await sim.clock.sleep(t0 + 134_000 - sim.clock.now());
        await saas.customHostnames.delete(first.id);
        again = await saas.customHostnames.create(items([first.hostname])[0] as never);
      }
    }
    const seen = events
      .filter((e) => e.hostname === first.hostname)
      .map((e) => [(e.at - t0) / 1000, e.id, e.snapshot?.id, e.current.status, e.end]);
    return { first, again: again as CustomHostname, seen };
  }

  test('a hostname watched by id that is deleted and made again under its name ends as deleted at the next look', async () => {
    const { first, seen } = await recreatedFirst((hosts) => hosts);
    expect(seen).toEqual([
      [72, first.id, first.id, 'pending', undefined],
      [135, first.id, undefined, 'deleted', 'failed'],
    ]);
  });

  test('a hostname watched by name that is deleted and made again is followed under its new id', async () => {
    const { first, again, seen } = await recreatedFirst((hosts) => hosts.map((h) => h.hostname));
    expect(seen[0]).toEqual([0, first.id, first.id, 'pending', undefined]);
    expect(seen.slice(1).every(([, id, snapshotId]) => id === again.id && snapshotId === again.id)).toBe(true);
    expect(seen.at(-1)?.slice(3)).toEqual(['active', 'active']);
  });

  test('watched by name alone, read by id: the 404 of the old id looks the name up and follows the new one', async () => {
    const { first, again, seen } = await recreatedFirst((hosts) => [(hosts[0] as CustomHostname).hostname]);
    expect(seen[0]).toEqual([0, first.id, first.id, 'pending', undefined]);
    expect(seen[1]).toEqual([134, again.id, again.id, 'pending', undefined]);
    expect(seen.at(-1)?.slice(1)).toEqual([again.id, again.id, 'active', 'active']);
  });

  test('a hostname watched by name whose watch ended as deleted stays ended when its name is made again', async () => {
    const { sim, saas, t0 } = fleet();
    const watched = names(5); // enough for the watch to list its hostnames, not read each by id
    for (const name of watched) pointAt(sim, name, t0 + 20 * MINUTE);
    const hosts = (await saas.customHostnames.createMany(items(watched))).map((r) => r.result as CustomHostname);
    const first = hosts[0] as CustomHostname;
    const watcher = saas.validation.watch(watched);
    const churn = (async () => {
      await sim.clock.sleep(t0 + 5 * MINUTE - sim.clock.now());
      await saas.customHostnames.delete(first.id);
      await sim.clock.sleep(MINUTE);
      return saas.customHostnames.create(items([first.hostname])[0] as never);
    })();
    const events = await collect(watcher);
    const again = await churn;
    const ofFirst = events.filter((e) => e.hostname === first.hostname);
    expect(ofFirst.at(-1)).toMatchObject({ id: first.id, end: 'failed', current: { status: 'deleted' } });
    expect(ofFirst.every((e) => e.id === first.id)).toBe(true);
    expect(watcher.statuses()[0]).toMatchObject({
      hostname: first.hostname,
      id: first.id,
      current: { status: 'deleted' },
      end: 'failed',
    });
    expect(again.id).not.toBe(first.id);
  });

  test('a hostname missing from a listing that shifted under it is read by id, not taken as deleted', async () => {
    let deleteOnPage2 = async () => {};
    const { sim, saas } = fleet(
      {},
      {
        fetch: async (input, init) => {
          if (new URL(String(input)).searchParams.get('page') === '2') await deleteOnPage2();
          return sim.fetch(input, init);
        },
      },
    );
    sim.seedHostnames(1_000);
    const created = await saas.customHostnames.createMany(items(names(30)));
    const ids = created.map((r) => r.result?.id as string);
    const oldest = sim.hostnames()[0]?.id as string;
    deleteOnPage2 = async () => {
      deleteOnPage2 = async () => {};
      await saas.customHostnames.delete(oldest);
    };
    const mark = sim.requests.length;
    const watcher = saas.validation.watch(ids, { deadline: sim.clock.now() + 1 });
    const events = await collect(watcher);

    // Page 2 starts one hostname later than it did: the first target moved to page 1, unseen.
    expect(sim.hostname(oldest)).toBeUndefined();
    expect(events.map((e) => [e.id, e.previous, e.current.status, e.end])).toEqual(
      [...ids.slice(1), ids[0]].map((id) => [id, undefined, 'pending', undefined]),
    );
    expect(watcher.stats()).toMatchObject({ watching: 30, failed: 0, sweeps: 1, listRequests: 2, getRequests: 1 });
    expect(countRequests(sim, mark)).toMatchObject({ total: 4, lists: 2, gets: 1 });
    expect(sim.requests.slice(mark).find((r) => r.method === 'GET' && r.path.endsWith(ids[0] as string))).toBeDefined();
  });

  test('a filter target’s first listing that fails halfway yields every first-seen event once, after the retry', async () => {
    const { sim, saas, t0 } = fleet();
    sim.seedHostnames(1_500, { prefix: 'shop-', status: 'pending' });
    // Page 2 fails three times: the client's two retries are not enough, the watch retries the sweep.
    sim.faults.inject({ kind: 'status', status: 503, method: 'GET', nth: 2, times: 3 });
    const mark = sim.requests.length;
    const watcher = saas.validation.watch({ 'hostname.contain': 'shop' }, { deadline: t0 + MINUTE });
    const events = await collect(watcher);

    expect(events).toHaveLength(1_500);
    expect(new Set(events.map((e) => e.id)).size).toBe(1_500);
    expect(events.every((e) => e.previous === undefined && e.current.status === 'pending' && !e.end)).toBe(true);
    expect(sim.requests.slice(mark).map((r) => [r.query.page, r.status])).toEqual([
      ['1', 200],
      ['2', 503],
      ['2', 503],
      ['2', 503],
      ['1', 200],
      ['2', 200],
    ]);
    // Four list calls: page 1, page 2 (which failed after the client's retries), page 1, page 2.
    expect(watcher.stats()).toMatchObject({ watching: 1_500, sweeps: 1, listRequests: 4, getRequests: 0 });
  });

  test('a filter target’s first listing that shifts under it (a member deleted between pages) is read again', async () => {
    const { sim } = fleet();
    sim.seedHostnames(1_500, { prefix: 'shop-', status: 'pending' });
    let victim: string | undefined;
    const saas = new CloudflareSaaS({
      ...sim.clientOptions(),
      fetch: async (input, init) => {
        const answer = await sim.fetch(input, init);
        // Right after the first page, the first hostname of that page is deleted: page 2 starts one later.
        if (victim === undefined && String(input).includes('hostname_status=pending')) {
          victim = (await answer.clone().json()).result[0].id as string;
          const url = `${sim.baseUrl}/zones/${sim.zoneId}/custom_hostnames/${victim}`;
          await sim.fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${sim.apiToken}` } });
        }
        return answer;
      },
    });
    const mark = sim.requests.length;
    const watcher = saas.validation.watch({ hostname_status: 'pending' }, { deadline: sim.clock.now() + 1 });
    const events = await collect(watcher);

    const pending = sim.hostnames().filter((h) => h.status === 'pending');
    expect(pending).toHaveLength(1_499);
    const watched = new Set(watcher.statuses().map((s) => s.id));
    expect(pending.filter((h) => !watched.has(h.id))).toEqual([]);
    // The deleted one was listed on the first page: watched too, and found gone at its next look.
    expect(watched.has(victim)).toBe(true);
    expect(events).toHaveLength(1_500);
    // Pages 1 and 2 (whose counts differ: 1,500 then 1,499), then both again (steady).
    const lists = sim.requests.slice(mark).filter((r) => r.method === 'GET');
    expect(lists.map((r) => r.query.page)).toEqual(['1', '2', '1', '2']);
    expect(watcher.stats()).toMatchObject({ watching: 1_500, sweeps: 1, listRequests: 4 });
  });

  test('transient API failures are retried and never end the watch', async () => {
    const { sim, saas, t0 } = fleet();
    pointAt(sim, 'shop.customer-one.com', t0 + 5 * MINUTE);
    const host = await saas.customHostnames.create({
      hostname: 'shop.customer-one.com',
      ssl: { method: 'http', type: 'dv' },
    });
    sim.faults.inject({ kind: 'status', status: 503, method: 'GET', nth: 3, times: 6 });
    const events = await collect(saas.validation.watch([host]));
    expect(events.at(-1)?.end).toBe('active');
    expect(sim.requests.filter((r) => r.status === 503)).toHaveLength(6);
  });

  test('a failed single read stops the sweep: nothing more is sent once the watch has rejected', async () => {
    const { sim, saas } = fleet();
    // Deleted before the watch: the listing misses them, so the sweep reads each by id.
    const hosts = (await saas.customHostnames.createMany(items(names(10)))).map((r) => r.result as CustomHostname);
    for (const h of hosts) await saas.customHostnames.delete(h.id);
    sim.faults.inject({
      kind: 'status',
      status: 403,
      method: 'GET',
      path: /\/custom_hostnames\/[0-9a-f-]{36}$/,
      code: 10000,
    });
    const mark = sim.requests.length;
    const error = await collect(
      saas.validation.watch(
        hosts.map((h) => h.id),
        { concurrency: 2 },
      ),
    ).catch((e) => e);
    expect(error).toMatchObject({ name: 'PermissionDeniedError', status: 403 });
    const atRejection = sim.requests.length;
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sim.requests.length).toBe(atRejection);
    // The listing, then the two reads in flight together (the first refused), and no more.
    expect(countRequests(sim, mark)).toMatchObject({ total: 3, lists: 1, gets: 2 });
  });

  test('sweeps that fail are paced too: calls stay within requestsPerMinute', async () => {
    const { sim, saas } = fleet();
    const hosts = (await saas.customHostnames.createMany(items(names(30)))).map((r) => r.result as CustomHostname);
    const mark = sim.requests.length;
    const start = sim.clock.now();
    sim.faults.inject({ kind: 'status', status: 503, method: 'GET', times: Number.POSITIVE_INFINITY });
    await collect(saas.validation.watch(hosts, { requestsPerMinute: 2, deadline: start + 2 * MINUTE - 1 }));
    // One list call at 0 s and one at 30 s each minute, each sent three times (the client's two retries).
    const sent = sim.requests.slice(mark).map((r) => Math.floor((r.at - start) / 1000));
    expect(sent.length).toBe(12);
    expect(new Set(sent.map((s) => Math.floor(s / 30)))).toEqual(new Set([0, 1, 2, 3]));
  });

  test('a deadline ends the iteration quietly; an abort ends it with AbortError', async () => {
    const { saas, sim, t0 } = fleet();
    const created = await saas.customHostnames.createMany(items(names(2)));
    const hosts = created.map((r) => r.result!);
    const watcher = saas.validation.watch(hosts, { deadline: new Date(t0 + 10 * MINUTE) });
    expect((await collect(watcher)).map((e) => e.current.sslStatus)).toEqual([
      'pending_validation',
      'pending_validation',
    ]);
    expect(sim.clock.now()).toBe(t0 + 10 * MINUTE);
    expect(watcher.statuses().map((s) => [s.hostname, s.current?.status, s.end])).toEqual([
      ['shop.customer-0.com', 'pending', undefined],
      ['shop.customer-1.com', 'pending', undefined],
    ]);

    const controller = new AbortController();
    const aborted = saas.validation.watch(hosts, { signal: controller.signal });
    const seen: WatchEvent[] = [];
    const run = (async () => {
      for await (const e of aborted) seen.push(e);
    })();
    setTimeout(() => controller.abort(new Error('shutdown')), 0);
    await expect(run).rejects.toBeInstanceOf(AbortError);
    expect(sim.clock.pendingSleepers).toBe(0);
    await expect(collect(aborted)).rejects.toBeInstanceOf(InputError);
  });

  test('sweeps are paced to requestsPerMinute', async () => {
    const { sim, saas, t0 } = fleet();
    sim.seedHostnames(2_500, { status: 'pending' });
    const mark = sim.requests.length;
    const watcher = saas.validation.watch(sim.hostnames(), { requestsPerMinute: 1, deadline: t0 + 7 * MINUTE });
    await collect(watcher);
    // Three pages a sweep at one request a minute: a sweep every 3 minutes, though checks come every minute.
    expect(sim.requests.slice(mark).map((r) => (r.at - t0) / MINUTE)).toEqual([0, 0, 0, 3, 3, 3, 6, 6, 6]);
    expect(watcher.stats()).toMatchObject({ sweeps: 3, largestSweep: 3 });
  });

  test('bad options are InputErrors', () => {
    const { saas } = fleet();
    expect(() => saas.validation.watch([], { marginMs: -1 })).toThrow('marginMs -1: must be a finite number ≥ 0');
    expect(() => saas.validation.watch([], { requestsPerMinute: 0 })).toThrow(InputError);
    expect(() => saas.validation.watch(['not an id'])).toThrow(InputError);
    expect(() => saas.validation.watch([], { deadline: Number.NaN })).toThrow('deadline');
    expect(() => saas.validation.watch([], { concurrency: 1.5 })).toThrow(
      'concurrency 1.5: must be an integer from 1 to 100',
    );
  });

  test('a bad list filter is an InputError at the call, and nothing is sent', () => {
    const { sim, saas } = fleet();
    const before = sim.requests.length;
    const bad: [Record<string, unknown>, string, string | RegExp][] = [
      [{ hostname_status: 'bogus' }, 'hostname_status', /^must be one of /],
      [{ ssl_status: 3 }, 'ssl_status', /^must be one of /],
      [{ hostname: 'app.customer.com', 'hostname.contain': 'x' }, 'hostname.contain', /^cannot be combined/],
      [{ per_page: 50 }, 'per_page', /^is set by watch itself \(allowed: hostname, /],
      [{ id: '0d89c70d-ad9f-4843-b99f-6cc0252067e9' }, 'id', /^is set by watch itself/],
      [{ hostname_stats: 'active' }, 'hostname_stats', /^unknown field; did you mean "hostname_status"\?/],
    ];
    for (const [filter, field, reason] of bad) {
      let caught: unknown;
      try {
        saas.validation.watch(filter as never);
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(filter)).toBeInstanceOf(InputError);
      expect(caught).toMatchObject({ field, reason: expect.stringMatching(reason) });
    }
    expect(sim.requests.length).toBe(before);
  });
});
