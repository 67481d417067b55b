import { describe, expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { api } from './helpers.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');

function setup() {
  const clock = new VirtualClock({ start: T0 });
  const sim = createSimulator({ clock, rateLimit: false });
  return { clock, sim };
}

const names = (reply: { json: { result: Array<{ hostname: string }> } }) => reply.json.result.map((h) => h.hostname);

async function fixture() {
  const { clock, sim } = setup();
  sim.setFallbackOrigin('fallback.saasprovider.com');
  sim.world.setRecord('CNAME', 'live.customer-one.com', sim.cnameTarget);
  const make = (hostname: string, extra: Record<string, unknown> = {}) =>
    api(sim, 'POST', 'custom_hostnames', { hostname, ...extra });
  await make('live.customer-one.com');
  await make('shop.customer-two.com', { ssl: { method: 'txt', type: 'dv', certificate_authority: 'lets_encrypt' } });
  await make('wild.customer-three.com', { ssl: { method: 'txt', type: 'dv', wildcard: true } });
  await make('eu.customer-four.com', { custom_origin_server: 'eu.saasprovider.com' });
  await clock.advance(120_000);
  return { clock, sim };
}

describe('list', () => {
  test('default: creation order, 20 per page, with result_info', async () => {
    const { sim } = await fixture();
    const reply = await api(sim, 'GET', 'custom_hostnames');
    expect(reply.status).toBe(200);
    expect(names(reply)).toEqual([
      'live.customer-one.com',
      'shop.customer-two.com',
      'wild.customer-three.com',
      'eu.customer-four.com',
    ]);
    expect(reply.json.result_info).toEqual({ page: 1, per_page: 20, count: 4, total_count: 4, total_pages: 1 });
    expect(reply.json.messages).toEqual([]);
    expect(reply.json.result[0]).toEqual(sim.hostname('live.customer-one.com'));
  });

  test.each([
    ['hostname=SHOP.customer-two.com', ['shop.customer-two.com']],
    ['hostname.exact=shop.customer-two.com', ['shop.customer-two.com']],
    ['hostname.startsWith=wild.', ['wild.customer-three.com']],
    ['hostname.contain=customer-t', ['shop.customer-two.com', 'wild.customer-three.com']],
    ['ssl_status=active', ['live.customer-one.com']],
    ['ssl_status=pending_validation', ['shop.customer-two.com', 'wild.customer-three.com', 'eu.customer-four.com']],
    ['hostname_status=active', ['live.customer-one.com']],
    ['hostname_status=pending', ['shop.customer-two.com', 'wild.customer-three.com', 'eu.customer-four.com']],
    ['certificate_authority=lets_encrypt', ['shop.customer-two.com']],
    ['wildcard=true', ['wild.customer-three.com']],
    ['wildcard=false', ['live.customer-one.com', 'shop.customer-two.com', 'eu.customer-four.com']],
    ['custom_origin_server=eu.saasprovider.com', ['eu.customer-four.com']],
    ['ssl=1', ['live.customer-one.com']],
    ['ssl=0', ['live.customer-one.com', 'shop.customer-two.com', 'wild.customer-three.com', 'eu.customer-four.com']],
    ['hostname_status=pending&certificate_authority=google', ['wild.customer-three.com', 'eu.customer-four.com']],
    [
      'direction=desc',
      ['eu.customer-four.com', 'wild.customer-three.com', 'shop.customer-two.com', 'live.customer-one.com'],
    ],
  ])('filters %s', async (query, expected) => {
    const { sim } = await fixture();
    const reply = await api(sim, 'GET', `custom_hostnames?${query}`);
    expect(names(reply)).toEqual(expected);
    expect(reply.json.result_info.total_count).toBe(expected.length);
  });

  test('a repeated parameter counts once, by its first value, in the answer and in the log', async () => {
    const { sim } = await fixture();
    const reply = await api(
      sim,
      'GET',
      'custom_hostnames?per_page=5&per_page=50&hostname_status=active&hostname_status=pending',
    );
    expect(reply.json.result_info.per_page).toBe(5);
    expect(names(reply)).toEqual(['live.customer-one.com']);
    expect(sim.requests.at(-1)?.query).toEqual({ per_page: '5', hostname_status: 'active' });
  });

  test('id filter finds exactly one', async () => {
    const { sim } = await fixture();
    const id = sim.hostname('shop.customer-two.com')?.id as string;
    expect(names(await api(sim, 'GET', `custom_hostnames?id=${id}`))).toEqual(['shop.customer-two.com']);
  });

  test('order=ssl_status sorts by certificate status, direction reverses', async () => {
    const { sim } = await fixture();
    const asc = (await api(sim, 'GET', 'custom_hostnames?order=ssl_status&direction=asc')).json.result.map(
      (h: { ssl: { status: string } }) => h.ssl.status,
    );
    expect(asc).toEqual(['active', 'pending_validation', 'pending_validation', 'pending_validation']);
    const desc = (await api(sim, 'GET', 'custom_hostnames?order=ssl_status&direction=desc')).json.result.map(
      (h: { ssl: { status: string } }) => h.ssl.status,
    );
    expect(desc).toEqual([...asc].reverse());
  });

  test.each([
    [
      'id with another filter',
      `id=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}&hostname=a.customer-one.com`,
      1438,
    ],
    ['an id that is not 36 characters', 'id=abc', 1435],
    ['a bad hostname.contain', 'hostname.contain=%20spaces%20', 1437],
    ['two hostname filters', 'hostname=a.customer-one.com&hostname.contain=a', 10001],
    ['per_page 4', 'per_page=4', 10001],
    ['per_page 1001', 'per_page=1001', 10001],
    ['per_page abc', 'per_page=abc', 10001],
    ['page 0', 'page=0', 10001],
    ['order by name', 'order=hostname', 10001],
    ['direction up', 'direction=up', 10001],
    ['an unknown ssl_status', 'ssl_status=ready', 10001],
    ['an unknown hostname_status', 'hostname_status=ready', 10001],
    ['the digicert filter', 'certificate_authority=digicert', 10001],
    ['wildcard=yes', 'wildcard=yes', 10001],
    ['ssl=2', 'ssl=2', 10001],
  ])('rejects %s with 400', async (_name, query, code) => {
    const { sim } = setup();
    const reply = await api(sim, 'GET', `custom_hostnames?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      success: false,
      errors: [{ code, message: expect.any(String) }],
      messages: [],
      result: null,
    });
  });

  test('per_page 5 and 1000 are the accepted bounds; a page past the end is empty', async () => {
    const { sim } = setup();
    sim.seedHostnames(12);
    const five = await api(sim, 'GET', 'custom_hostnames?per_page=5&page=3');
    expect(five.json.result_info).toEqual({ page: 3, per_page: 5, count: 2, total_count: 12, total_pages: 3 });
    const thousand = await api(sim, 'GET', 'custom_hostnames?per_page=1000');
    expect(thousand.json.result_info.count).toBe(12);
    const past = await api(sim, 'GET', 'custom_hostnames?per_page=5&page=4');
    expect(past.json.result).toEqual([]);
    expect(past.json.result_info).toEqual({ page: 4, per_page: 5, count: 0, total_count: 12, total_pages: 3 });
  });
});

describe('fleets', () => {
  test('10,000 seeded hostnames are 10 pages of 1000, every one listed once, quickly', async () => {
    const { sim } = setup();
    const started = performance.now();
    sim.seedHostnames(10_000);
    const seen = new Set<string>();
    let pages = 0;
    for (let page = 1; ; page++) {
      const reply = await api(sim, 'GET', `custom_hostnames?per_page=1000&page=${page}`);
      if (reply.json.result.length === 0) break;
      pages += 1;
      expect(reply.json.result_info).toEqual({
        page,
        per_page: 1000,
        count: 1000,
        total_count: 10_000,
        total_pages: 10,
      });
      for (const host of reply.json.result) seen.add(host.id);
    }
    expect(pages).toBe(10);
    expect(seen.size).toBe(10_000);
    // Generous bound: a whole fleet of seeding and paging, far below what a per-request re-sort would cost.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test('seeded hostnames are active with an active certificate by default, or pending on request', async () => {
    const { sim } = setup();
    sim.seedHostnames(2);
    sim.seedHostnames(2, { prefix: 'shop-', status: 'pending' });
    expect(sim.hostnames().map((h) => [h.hostname, h.status, h.ssl?.status])).toEqual([
      ['tenant-1.fleet-customer.com', 'active', 'active'],
      ['tenant-2.fleet-customer.com', 'active', 'active'],
      ['shop-3.fleet-customer.com', 'pending', 'initializing'],
      ['shop-4.fleet-customer.com', 'pending', 'initializing'],
    ]);
    expect(sim.checks.filter((c) => c.kind === 'hostname')).toHaveLength(2);
    expect(sim.requests).toHaveLength(0);
    expect(sim.world.resolve('tenant-1.fleet-customer.com', 'CNAME')).toEqual([sim.cnameTarget]);
    expect(sim.world.resolve('shop-3.fleet-customer.com', 'CNAME')).toEqual([]);
  });

  test('seeding 10,000 takes well under a second', () => {
    const { sim } = setup();
    const started = performance.now();
    sim.seedHostnames(10_000);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(sim.hostnames()).toHaveLength(10_000);
  });
});
