import { describe, expect, test } from 'vitest';
import { BadRequestError, CloudflareSaaS } from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { api, EC_KEY, MINUTE, PEM_CERT, RSA_KEY } from './helpers.js';

// Wildcard custom hostnames (`*.customer-one.com`, reference §8.3 Enterprise): accepted as
// hostnames; 1448 with a Cloudflare-managed certificate, 1412 with custom_metadata, 1420 for a
// wildcard custom origin (§7.1).

const WILD = '*.customer-one.com';
const UPLOAD = { custom_certificate: PEM_CERT, custom_key: RSA_KEY };

function setup() {
  const clock = new VirtualClock({ start: Date.parse('2026-01-05T09:00:00Z') });
  const sim = createSimulator({ clock });
  sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
  return { clock, sim };
}

const errorOf = (reply: { status: number; json: { errors: { code: number; message: string }[] } }) => [
  reply.status,
  reply.json.errors[0]?.code,
  reply.json.errors[0]?.message,
];

describe('create a wildcard custom hostname', () => {
  test('with an uploaded certificate it is created, pending, its certificate deploying', async () => {
    const { sim } = setup();
    const reply = await api(sim, 'POST', 'custom_hostnames', { hostname: '*.Customer-One.com.', ssl: UPLOAD });
    expect(reply.status).toBe(200);
    const host = reply.json.result;
    expect(host).toMatchObject({
      hostname: WILD,
      status: 'pending',
      ssl: { status: 'pending_deployment', wildcard: false, custom_certificate: PEM_CERT, hosts: [WILD] },
      ownership_verification: { type: 'txt', name: `_cf-custom-hostname.${WILD}` },
      ownership_verification_http: { http_url: `http://${WILD}/.well-known/cf-custom-hostname-challenge/${host.id}` },
    });
    expect(host.ssl.validation_records).toBeUndefined();
    expect(sim.hostname(WILD)?.id).toBe(host.id);
    const again = await api(sim, 'POST', 'custom_hostnames', { hostname: WILD, ssl: UPLOAD });
    expect([again.status, again.json.errors[0].code]).toEqual([409, 1406]);
  });

  test.each([
    ['no ssl (the default http / dv)', {}],
    ['txt / dv', { ssl: { method: 'txt', type: 'dv' } }],
    ['txt / dv with a wildcard certificate', { ssl: { method: 'txt', type: 'dv', wildcard: true } }],
    ['a CA choice', { ssl: { method: 'txt', type: 'dv', certificate_authority: 'lets_encrypt' } }],
  ])('with a Cloudflare-managed certificate (%s) it is 400 / 1448', async (_, extra) => {
    const { sim } = setup();
    const reply = await api(sim, 'POST', 'custom_hostnames', { hostname: WILD, ...extra });
    expect(errorOf(reply)).toEqual([
      400,
      1448,
      'Wildcard custom hostnames are not supported for Cloudflare-managed certificates.',
    ]);
    expect(sim.hostnames()).toEqual([]);
  });

  test.each([
    [
      'custom_metadata (with an upload)',
      { ssl: UPLOAD, custom_metadata: { plan: 'pro' } },
      400,
      1412,
      'Custom metadata is not supported on wildcard custom hostnames.',
    ],
    [
      'custom_metadata (without an upload: 1412 comes before 1448)',
      { custom_metadata: { plan: 'pro' } },
      400,
      1412,
      'Custom metadata is not supported on wildcard custom hostnames.',
    ],
    [
      'a wildcard custom origin',
      { ssl: UPLOAD, custom_origin_server: '*.saasprovider.com' },
      400,
      1420,
      'Wildcard custom origin servers are not supported.',
    ],
  ])('with %s it is %i / %i', async (_, extra, status, code, message) => {
    const { sim } = setup();
    const reply = await api(sim, 'POST', 'custom_hostnames', { hostname: WILD, ...extra });
    expect(errorOf(reply)).toEqual([status, code, message]);
  });

  test('a custom origin in the zone is kept (the reference gives no wildcard rule for it)', async () => {
    const { sim } = setup();
    const reply = await api(sim, 'POST', 'custom_hostnames', {
      hostname: WILD,
      ssl: UPLOAD,
      custom_origin_server: 'origin-eu.saasprovider.com',
    });
    expect([reply.status, reply.json.result.custom_origin_server]).toEqual([200, 'origin-eu.saasprovider.com']);
  });

  test.each([
    ['*.com', 1410],
    ['*.co.uk', 1410],
    ['*.customer.test', 1409],
    ['*.shop.example.com', 1411],
    ['*.192.0.2.10', 1407],
    ['*.*.customer-one.com', 1407],
    ['a.*.customer-one.com', 1407],
    ['*app.customer-one.com', 1407],
    ['*', 1407],
    ['*.', 1407],
    ['*.bücher.de', 1408],
  ])('%s is 400 / %i, checked like any hostname after the "*." label', async (hostname, code) => {
    const { sim } = setup();
    const reply = await api(sim, 'POST', 'custom_hostnames', { hostname, ssl: UPLOAD });
    expect([reply.status, reply.json.errors[0].code]).toEqual([400, code]);
  });

  test('`*.` stays invalid in custom_origin_server other than as the wildcard itself', async () => {
    const { sim } = setup();
    const body = { hostname: 'app.customer-one.com', custom_origin_server: 'a.*.saasprovider.com' };
    const reply = await api(sim, 'POST', 'custom_hostnames', body);
    expect([reply.status, reply.json.errors[0].code]).toEqual([400, 1415]);
  });
});

describe('a wildcard custom hostname after creation', () => {
  async function created() {
    const { sim, clock } = setup();
    const host = (await api(sim, 'POST', 'custom_hostnames', { hostname: WILD, ssl: UPLOAD })).json.result;
    return { sim, clock, host };
  }

  test("goes active once the customer's wildcard CNAME points at the zone", async () => {
    const { sim, clock, host } = await created();
    sim.world.setRecord('CNAME', WILD, sim.cnameTarget, { at: clock.now() + 2 * MINUTE });
    await clock.advance(30_000);
    expect(sim.hostname(host.id)).toMatchObject({ status: 'pending', ssl: { status: 'active' } });
    await clock.advance(3 * MINUTE);
    const live = sim.hostname(host.id);
    expect(live).toMatchObject({ hostname: WILD, status: 'active', ssl: { status: 'active' } });
    expect(live?.ownership_verification).toBeUndefined();
  });

  test.each([
    ['a DCV method', { ssl: { method: 'txt', type: 'dv' } }, 1448],
    ['a CA with method and type', { ssl: { method: 'txt', type: 'dv', certificate_authority: 'google' } }, 1448],
    ['custom_metadata', { custom_metadata: { plan: 'pro' } }, 1412],
    ['a wildcard custom origin', { custom_origin_server: '*.saasprovider.com' }, 1420],
  ])('an edit with %s is 400 / %i and changes nothing', async (_, body, code) => {
    const { sim, host } = await created();
    const before = sim.hostname(host.id);
    const reply = await api(sim, 'PATCH', `custom_hostnames/${host.id}`, body);
    expect([reply.status, reply.json.errors[0].code]).toEqual([400, code]);
    expect(sim.hostname(host.id)).toEqual(before);
  });

  test('an edit that keeps an uploaded certificate is accepted', async () => {
    const { sim, host } = await created();
    const bundle = await api(sim, 'PATCH', `custom_hostnames/${host.id}`, { ssl: { bundle_method: 'force' } });
    expect([bundle.status, bundle.json.result.ssl.bundle_method]).toEqual([200, 'force']);
    const upload = { custom_certificate: PEM_CERT, custom_key: EC_KEY };
    const replaced = await api(sim, 'PATCH', `custom_hostnames/${host.id}`, { ssl: upload });
    expect([replaced.status, replaced.json.result.ssl.signature]).toEqual([200, 'ECDSAWithSHA256']);
  });

  test('the list finds it by exact name and with wildcard=true', async () => {
    const { sim, host } = await created();
    await api(sim, 'POST', 'custom_hostnames', { hostname: 'plain.customer-one.com' });
    const names = async (query: string) =>
      (await api(sim, 'GET', `custom_hostnames?${query}`)).json.result.map((h: { hostname: string }) => h.hostname);
    expect(await names(`hostname=${encodeURIComponent(WILD)}`)).toEqual([WILD]);
    expect(await names('wildcard=true')).toEqual([WILD]);
    expect(await names('wildcard=false')).toEqual(['plain.customer-one.com']);
    expect(host.hostname).toBe(WILD);
  });
});

describe('through the client (the reported case)', () => {
  test('create("*.acme.com") reaches the simulator: 1448 without an upload, created with one', async () => {
    const sim = createSimulator();
    const saas = new CloudflareSaaS(sim.clientOptions());
    const managed = saas.customHostnames.create({ hostname: '*.acme.com', ssl: { method: 'txt', type: 'dv' } });
    await expect(managed).rejects.toBeInstanceOf(BadRequestError);
    await expect(managed).rejects.toMatchObject({ status: 400, code: 1448 });
    const host = await saas.customHostnames.create({ hostname: '*.acme.com', ssl: UPLOAD });
    expect(host).toMatchObject({ hostname: '*.acme.com', status: 'pending', ssl: { status: 'pending_deployment' } });
  });
});
