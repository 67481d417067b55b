import { describe, expect, test } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  CloudflareSaaS,
  type CloudflareSaaSError,
  type CreateManyProgress,
  type CustomHostname,
  InputError,
  PermissionDeniedError,
} from '../../src/index.js';
import { rejection } from '../helpers/rejection.js';
import { countRequests, fleet, items, MINUTE, names } from './helpers.js';

describe('customHostnames.createMany', () => {
  test('one result per item in input order: created, existed (found by the listing, no POST), and input errors without a request', async () => {
    const { sim, saas } = fleet();
    const before = await saas.customHostnames.create({ hostname: 'shop.customer-2.com' });
    const mark = sim.requests.length;
    const progress: CreateManyProgress[] = [];
    const results = await saas.customHostnames.createMany(
      [
        { hostname: 'shop.customer-0.com', ssl: { method: 'http', type: 'dv' } },
        { hostname: 'Shop.Customer-1.com.' },
        { hostname: '10.0.0.1' },
        { hostname: 'SHOP.customer-0.com' },
        { hostname: 'shop.customer-2.com' },
      ],
      { onProgress: (p) => progress.push(p) },
    );
    expect(results.map((r) => [r.hostname, r.status])).toEqual([
      ['shop.customer-0.com', 'created'],
      ['shop.customer-1.com', 'created'],
      ['10.0.0.1', 'failed'],
      ['shop.customer-0.com', 'failed'],
      ['shop.customer-2.com', 'existed'],
    ]);
    expect(results[0]?.result?.hostname).toBe('shop.customer-0.com');
    expect(results[0]?.result?.ssl?.method).toBe('http');
    expect(results[2]?.error).toBeInstanceOf(InputError);
    expect(results[3]?.error).toBeInstanceOf(InputError);
    expect(results[3]?.error?.message).toBe('hostname "shop.customer-0.com": appears more than once in this batch');
    expect(results[4]?.result?.id).toBe(before.id);
    expect(countRequests(sim, mark)).toMatchObject({ total: 3, lists: 1, creates: 2, lookups: 0 });
    // status narrows the type: no `!` to reach a created hostname or a failure's error.
    const ready: CustomHostname[] = results.flatMap((r) => (r.status === 'failed' ? [] : [r.result]));
    const errors: CloudflareSaaSError[] = results.flatMap((r) => (r.status === 'failed' ? [r.error] : []));
    expect(ready.map((h) => h.hostname)).toEqual(['shop.customer-0.com', 'shop.customer-1.com', 'shop.customer-2.com']);
    expect(errors.map((e) => e.name)).toEqual(['InputError', 'InputError']);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.at(-1)).toMatchObject({ done: 5, total: 5, created: 2, existed: 1, failed: 2 });
    expect(sim.hostnames().map((h) => h.hostname)).toEqual([
      'shop.customer-2.com',
      'shop.customer-0.com',
      'shop.customer-1.com',
    ]);
  });

  test("skipExisting: 'none' POSTs an existing hostname, gets 1406 and looks it up", async () => {
    const { sim, saas } = fleet();
    const before = await saas.customHostnames.create({ hostname: 'shop.customer-0.com' });
    const mark = sim.requests.length;
    const results = await saas.customHostnames.createMany(items(['shop.customer-0.com']), { skipExisting: 'none' });
    expect(results).toEqual([{ hostname: 'shop.customer-0.com', status: 'existed', result: expect.anything() }]);
    expect(results[0]?.result?.id).toBe(before.id);
    expect(countRequests(sim, mark)).toMatchObject({ total: 2, lists: 0, creates: 1, lookups: 1 });
    expect(sim.requests.at(-2)?.status).toBe(409);
  });

  test("skipExisting: 'auto' stops listing a zone much larger than the batch; 'list' reads it all", async () => {
    const { sim, saas } = fleet();
    sim.seedHostnames(5_000);
    const batch = items(['tenant-5000.fleet-customer.com', 'shop.customer-0.com']);
    let mark = sim.requests.length;
    const auto = await saas.customHostnames.createMany(batch);
    expect(auto.map((r) => r.status)).toEqual(['existed', 'created']);
    // One page told there are 4 more: dearer than the 2 items, so the seeded one costs a POST (1406) and a lookup.
    expect(countRequests(sim, mark)).toMatchObject({ total: 4, lists: 1, creates: 2, lookups: 1 });

    mark = sim.requests.length;
    const listed = await saas.customHostnames.createMany(
      items(['tenant-4999.fleet-customer.com', 'shop.customer-1.com']),
      { skipExisting: 'list' },
    );
    expect(listed.map((r) => r.status)).toEqual(['existed', 'created']);
    expect(countRequests(sim, mark)).toMatchObject({ total: 7, lists: 6, creates: 1, lookups: 0 });
  });

  test("skipExisting: 'auto' counts the pages from total_count when total_pages is left out", async () => {
    const { sim } = fleet();
    sim.seedHostnames(5_000);
    // Cloudflare's answers before 2024 had no total_pages.
    const withoutTotalPages: typeof fetch = async (input, init) => {
      const answer = await sim.fetch(input, init);
      const body = await answer.json();
      if (body?.result_info) delete body.result_info.total_pages;
      return Response.json(body, { status: answer.status, headers: answer.headers });
    };
    const saas = new CloudflareSaaS({ ...sim.clientOptions(), fetch: withoutTotalPages });
    const mark = sim.requests.length;
    const results = await saas.customHostnames.createMany(items(['shop.customer-0.com']));
    expect(results.map((r) => r.status)).toEqual(['created']);
    expect(countRequests(sim, mark)).toMatchObject({ total: 2, lists: 1, creates: 1, lookups: 0 });
  });

  test('a create stored but answered with a damaged body, or answered by neither of two tries, is created', async () => {
    const { sim, saas } = fleet();
    const POST = /\/custom_hostnames$/;
    sim.faults.inject({ kind: 'truncated-json', method: 'POST', path: POST, times: 1 });
    const [damaged] = await saas.customHostnames.createMany(items(['shop.customer-0.com']), { skipExisting: 'none' });
    sim.faults.inject({ kind: 'status', status: 503, method: 'POST', path: POST, times: 1 });
    sim.faults.inject({ kind: 'lose-response', method: 'POST', path: POST, nth: 2 });
    const [lostTwice] = await saas.customHostnames.createMany(items(['shop.customer-1.com']), { skipExisting: 'none' });
    for (const [result, name] of [
      [damaged, 'shop.customer-0.com'],
      [lostTwice, 'shop.customer-1.com'],
    ] as const) {
      expect(result).toMatchObject({ hostname: name, status: 'created' });
      expect(result?.result?.id).toBe(sim.hostname(name)?.id);
    }
    expect(sim.hostnames()).toHaveLength(2);
  });

  test('creates wait for the issuance budget: 15 a minute, no 429', async () => {
    const { sim, saas, t0 } = fleet();
    const results = await saas.customHostnames.createMany(items(names(40)));
    expect(results.every((r) => r.status === 'created')).toBe(true);
    const minutes = sim.requests.filter((r) => r.method === 'POST').map((r) => Math.floor((r.at - t0) / MINUTE));
    expect([0, 1, 2].map((m) => minutes.filter((x) => x === m).length)).toEqual([15, 15, 10]);
    expect(countRequests(sim).limited).toBe(0);
  });

  test('abort: unfinished items fail with AbortError, the call still resolves, nothing more is sent', async () => {
    const { sim, saas, t0 } = fleet();
    const controller = new AbortController();
    const results = await saas.customHostnames.createMany(items(names(20)), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 15) controller.abort(new Error('deploy'));
      },
    });
    expect(results.map((r) => r.status)).toEqual([...Array(15).fill('created'), ...Array(5).fill('failed')]);
    for (const r of results.slice(15)) expect(r.error).toBeInstanceOf(AbortError);
    expect(countRequests(sim).creates).toBe(15);
    // The next five were waiting for the issuance budget: the abort ended the wait.
    expect(sim.clock.now() - t0).toBeLessThan(MINUTE);
    expect(sim.clock.pendingSleepers).toBe(0);
  });

  test('a throwing onProgress stops the run: the items in flight finish, none starts after, then the call rejects', async () => {
    const { sim, saas, t0 } = fleet();
    const failure = new Error('progress store down');
    const seen: number[] = [];
    const run = saas.customHostnames.createMany(items(names(40)), {
      concurrency: 8,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done === 3) throw failure;
      },
    });
    const error = await rejection(run);
    // When it threw, items 1–3 were done and the workers held items 4–10: the call settled
    // once those were created, and item 11 was never started.
    const atRejection = countRequests(sim);
    expect(error).toBe(failure);
    expect(atRejection).toMatchObject({ total: 11, lists: 1, creates: 10, limited: 0 });
    expect(sim.hostnames().map((h) => h.hostname)).toEqual(names(10));
    expect(sim.clock.now() - t0).toBe(0);
    // Nothing carries on once the promise has settled.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(countRequests(sim)).toEqual(atRejection);
    expect(seen).toEqual([1, 2, 3]);
    expect(sim.clock.now() - t0).toBe(0);
    expect(sim.clock.pendingSleepers).toBe(0);
  });

  test('a signal aborted from the start: every item fails with AbortError, nothing is sent', async () => {
    const { sim, saas } = fleet();
    const results = await saas.customHostnames.createMany(items(names(3)), { signal: AbortSignal.abort() });
    expect(results.map((r) => [r.status, r.error?.name])).toEqual([
      ['failed', 'AbortError'],
      ['failed', 'AbortError'],
      ['failed', 'AbortError'],
    ]);
    expect(countRequests(sim).total).toBe(0);
  });

  test('after a 403 (hard cap reached) no further item is sent', async () => {
    const { sim, saas } = fleet({ quota: { hardCap: 3 } });
    const results = await saas.customHostnames.createMany(items(names(6)), { concurrency: 1 });
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'created', 'failed', 'failed', 'failed']);
    for (const r of results.slice(3)) {
      expect(r.error).toBeInstanceOf(PermissionDeniedError);
      expect((r.error as PermissionDeniedError).code).toBe(1405);
    }
    expect(countRequests(sim).creates).toBe(4);
  });

  test('a 403 for a field the zone has no add-on for (1413, 1414) fails only the later items that send it', async () => {
    const { sim, saas } = fleet({ entitlements: { customMetadata: false, customOriginServer: false } });
    const origin = `origin.${sim.zoneName}`;
    const extras = [{ custom_metadata: { plan: 'pro' } }, { custom_origin_server: origin }, {}];
    extras.push({ custom_metadata: { plan: 'free' } }, { custom_origin_server: origin });
    const batch = items(names(5)).map((item, i) => ({ ...item, ...extras[i] }));
    const results = await saas.customHostnames.createMany(batch, { concurrency: 1 });
    expect(results.map((r) => [r.status, (r.error as PermissionDeniedError | undefined)?.code])).toEqual([
      ['failed', 1413],
      ['failed', 1414],
      ['created', undefined],
      ['failed', 1413],
      ['failed', 1414],
    ]);
    expect(results[3]?.error).toBe(results[0]?.error);
    expect(results[4]?.error).toBe(results[1]?.error);
    // the two later refusals were not sent
    expect(countRequests(sim)).toMatchObject({ creates: 3, lists: 1, total: 4 });
    expect(sim.hostnames().map((h) => h.hostname)).toEqual(['shop.customer-2.com']);
  });

  test('a refused credential fails the listing: the call rejects before any create', async () => {
    const { sim } = fleet();
    const { saas } = fleet({}, { apiToken: 'x'.repeat(40), fetch: sim.fetch, clock: sim.clock });
    await expect(saas.customHostnames.createMany(items(names(3)))).rejects.toBeInstanceOf(AuthenticationError);
    expect(countRequests(sim)).toMatchObject({ total: 1, creates: 0 });
  });

  test('a create refused with 429 (another client on the credential) waits Retry-After and is sent again', async () => {
    const { sim, saas, t0 } = fleet();
    sim.faults.inject({ kind: 'status', status: 429, method: 'POST', headers: { 'retry-after': '7' } });
    const results = await saas.customHostnames.createMany(items(names(1)));
    expect(results[0]?.status).toBe('created');
    const posts = sim.requests.filter((r) => r.method === 'POST');
    expect(posts.map((r) => [r.status, r.at - t0])).toEqual([
      [429, 0],
      [200, 7_000],
    ]);
  });

  test('a create whose answer is lost is reconciled by lookup, not sent twice', async () => {
    const { sim, saas } = fleet();
    sim.faults.inject({ kind: 'lose-response', method: 'POST' });
    const results = await saas.customHostnames.createMany(items(names(1)), { skipExisting: 'none' });
    expect(results[0]?.status).toBe('created');
    expect(countRequests(sim)).toMatchObject({ creates: 1, lookups: 1 });
    expect(sim.hostnames()).toHaveLength(1);
  });

  test('a hole in a sparse items array fails that item as InputError; the others go on', async () => {
    const { saas } = fleet();
    const batch: { hostname: string }[] = new Array(2);
    batch[1] = { hostname: 'shop.customer-1.com' };
    const results = await saas.customHostnames.createMany(batch);
    expect(results.map((r) => [r.hostname, r.status, r.error?.name])).toEqual([
      ['undefined', 'failed', 'InputError'],
      ['shop.customer-1.com', 'created', undefined],
    ]);
  });

  test('an item whose hostname is an object, even one without a prototype, fails alone', async () => {
    const { saas } = fleet();
    const batch = [{ hostname: Object.create(null) }, { hostname: ['a.com'] }, { hostname: 'shop.customer-1.com' }];
    const results = await saas.customHostnames.createMany(batch);
    expect(results.map((r) => [r.hostname, r.status, r.error?.name])).toEqual([
      ['an object', 'failed', 'InputError'],
      ['an array', 'failed', 'InputError'],
      ['shop.customer-1.com', 'created', undefined],
    ]);
  });

  test('a create whose answer was lost, then a lookup refused with 429: looked up again, reported created, never sent twice', async () => {
    const { sim, saas } = fleet();
    sim.faults.inject({ kind: 'lose-response', method: 'POST', nth: 1 });
    sim.faults.inject({
      kind: 'status',
      status: 429,
      method: 'GET',
      path: /custom_hostnames$/,
      nth: 2,
      headers: { 'retry-after': '100' },
    });
    const mark = sim.requests.length;
    const progress: number[] = [];
    const results = await saas.customHostnames.createMany(items(names(1)), {
      onProgress: (p) => progress.push(p.created),
    });
    expect(results.map((r) => [r.hostname, r.status])).toEqual([['shop.customer-0.com', 'created']]);
    expect(progress).toEqual([1]);
    expect(sim.hostnames()).toHaveLength(1);
    // The listing, the lost POST, the refused lookup, and after 100 s the lookup that finds it.
    expect(countRequests(sim, mark)).toMatchObject({ total: 4, lists: 1, creates: 1, lookups: 2, limited: 1 });
  });

  test('bad options are InputErrors', async () => {
    const { saas } = fleet();
    await expect(saas.customHostnames.createMany(items(names(1)), { concurrency: 0 })).rejects.toThrow(
      'concurrency 0: must be an integer from 1 to 100',
    );
    await expect(saas.customHostnames.createMany('nope' as never)).rejects.toBeInstanceOf(InputError);
    // Each of these used to be taken: a NaN retry count retried a 429 forever, a string
    // onProgress failed with a TypeError after the first hostname was created.
    const bad: [unknown, string][] = [
      [null, 'options'],
      [{ rateLimitRetries: Number.NaN }, 'rateLimitRetries'],
      [{ onProgress: 'log' }, 'onProgress'],
      [{ skipExisting: 'bogus' }, 'skipExisting'],
      [{ signal: 'stop' }, 'options.signal'],
    ];
    const { sim: counted, saas: client } = fleet();
    for (const [options, field] of bad) {
      await expect(client.customHostnames.createMany(items(names(1)), options as never)).rejects.toMatchObject({
        name: 'InputError',
        field,
      });
    }
    expect(counted.requests).toEqual([]);
  });

  test('a run started again after a crash: listing first costs 1 request instead of 150 POSTs, lookups and issuance slots', async () => {
    const runs: Record<string, { requests: ReturnType<typeof countRequests>; minutes: number }> = {};
    for (const mode of ['auto', 'none'] as const) {
      const { sim, saas } = fleet();
      const controller = new AbortController();
      const crashed = await saas.customHostnames.createMany(items(names(300)), {
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => p.done === 150 && controller.abort(),
      });
      expect(crashed.filter((r) => r.status === 'created')).toHaveLength(150);
      const mark = sim.requests.length;
      const start = sim.clock.now();
      const again = await saas.customHostnames.createMany(items(names(300)), { skipExisting: mode });
      expect(again.filter((r) => r.status === 'existed')).toHaveLength(150);
      expect(again.filter((r) => r.status === 'created')).toHaveLength(150);
      runs[mode] = { requests: countRequests(sim, mark), minutes: (sim.clock.now() - start) / MINUTE };
      expect(countRequests(sim).limited).toBe(0);
    }
    expect(runs.auto?.requests).toMatchObject({ total: 151, lists: 1, creates: 150, lookups: 0 });
    expect(runs.none?.requests).toMatchObject({ total: 450, lists: 0, creates: 300, lookups: 150 });
    // 150 creates at 15 a minute, against 300 POSTs booked as issuances.
    expect(runs.auto?.minutes).toBe(10);
    expect(runs.none?.minutes).toBe(20);
  });
});
