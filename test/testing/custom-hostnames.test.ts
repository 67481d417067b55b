import { describe, expect, test } from 'vitest';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { api, EC_KEY, PEM_CERT, RSA_KEY } from './helpers.js';

function setup() {
  const clock = new VirtualClock({ start: Date.parse('2026-01-05T09:00:00Z') });
  return { clock, sim: createSimulator({ clock }) };
}

async function create(sim: ReturnType<typeof createSimulator>, body: unknown) {
  return api(sim, 'POST', 'custom_hostnames', body);
}

describe('create', () => {
  test('renders a new hostname as the reference shows it', async () => {
    const { sim } = setup();
    const reply = await create(sim, { hostname: 'App.Customer-One.com', ssl: { method: 'txt', type: 'dv' } });
    expect(reply.status).toBe(200);
    const host = reply.json.result;
    expect(host).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      hostname: 'app.customer-one.com',
      ssl: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'dv',
        method: 'txt',
        status: 'initializing',
        settings: {},
        bundle_method: 'ubiquitous',
        wildcard: false,
        certificate_authority: 'google',
      },
      status: 'pending',
      verification_errors: [
        'Zone does not have a fallback origin set.',
        'custom hostname does not CNAME to this zone.',
      ],
      ownership_verification: {
        type: 'txt',
        name: '_cf-custom-hostname.app.customer-one.com',
        value: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
      ownership_verification_http: {
        http_url: `http://app.customer-one.com/.well-known/cf-custom-hostname-challenge/${host.id}`,
        http_body: host.ownership_verification.value,
      },
      created_at: expect.stringMatching(/^2026-01-05T09:00:00\.000\d{3}Z$/),
    });
    expect(host.ssl.validation_records).toBeUndefined();
  });

  test('without ssl it defaults to http / dv with the default CA', async () => {
    const { sim } = setup();
    const host = (await create(sim, { hostname: 'shop.customer-two.com' })).json.result;
    expect(host.ssl).toMatchObject({ method: 'http', type: 'dv', certificate_authority: 'google' });
  });

  test('a wildcard without a method gets txt; an edit that would make it wildcard over http is 400 / 1434', async () => {
    const { sim } = setup();
    const wild = (await create(sim, { hostname: 'wild.customer-one.com', ssl: { type: 'dv', wildcard: true } })).json
      .result;
    expect(wild.ssl).toMatchObject({ method: 'txt', wildcard: true });
    const plain = (await create(sim, { hostname: 'plain.customer-one.com' })).json.result;
    const edit = await api(sim, 'PATCH', `custom_hostnames/${plain.id}`, { ssl: { type: 'dv', wildcard: true } });
    expect([edit.status, edit.json.errors[0].code]).toEqual([400, 1434]);
    const http = await api(sim, 'PATCH', `custom_hostnames/${wild.id}`, { ssl: { method: 'http', type: 'dv' } });
    expect([http.status, http.json.errors[0].code]).toEqual([400, 1434]);
  });

  test('the wildcard rules hold against the hostname as an edit leaves it, not only the fields it sends', async () => {
    const { sim } = setup();
    const wild = (
      await create(sim, { hostname: 'wild.customer-one.com', ssl: { method: 'txt', type: 'dv', wildcard: true } })
    ).json.result;
    const settings = await api(sim, 'PATCH', `custom_hostnames/${wild.id}`, {
      ssl: { settings: { min_tls_version: '1.2' } },
    });
    expect([settings.status, settings.json.errors[0].code]).toEqual([400, 1434]);
    const tagged = (
      await create(sim, {
        hostname: 'tagged.customer-one.com',
        ssl: { method: 'txt', type: 'dv' },
        custom_metadata: { plan: 'pro' },
      })
    ).json.result;
    const wildcard = await api(sim, 'PATCH', `custom_hostnames/${tagged.id}`, {
      ssl: { method: 'txt', type: 'dv', wildcard: true },
    });
    expect([wildcard.status, wildcard.json.errors[0].code]).toEqual([400, 1412]);
    // Refused edits change nothing.
    expect(sim.hostname(wild.id)?.ssl?.settings).toEqual(wild.ssl.settings);
    expect(sim.hostname(tagged.id)?.ssl?.wildcard).toBe(false);
  });

  test('keeps custom metadata, custom origin server and SNI', async () => {
    const { sim } = setup();
    const host = (
      await create(sim, {
        hostname: 'app.customer-one.com',
        custom_metadata: { plan: 'pro' },
        custom_origin_server: 'origin-eu.saasprovider.com',
        custom_origin_sni: ':request_host_header:',
      })
    ).json.result;
    expect(host.custom_metadata).toEqual({ plan: 'pro' });
    expect(host.custom_origin_server).toBe('origin-eu.saasprovider.com');
    expect(host.custom_origin_sni).toBe(':request_host_header:');
    expect(host.verification_errors).toEqual(['custom hostname does not CNAME to this zone.']);
  });

  test.each([
    ['not JSON', '{hostname:', 400, 1400],
    ['a JSON array', '[]', 400, 1400],
    ['no hostname', {}, 400, 1407],
    [
      '256 characters',
      { hostname: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com` },
      400,
      1407,
    ],
    ['an IPv4 address', { hostname: '192.0.2.10' }, 400, 1407],
    ['an IPv6 address', { hostname: '2001:db8::1' }, 400, 1407],
    ['special characters', { hostname: 'app!.customer-one.com' }, 400, 1407],
    ['an underscore', { hostname: 'my_app.customer-one.com' }, 400, 1407],
    ['a wildcard name with a Cloudflare-managed certificate', { hostname: '*.customer-one.com' }, 400, 1448],
    ['a wildcard label not first', { hostname: 'app.*.customer-one.com' }, 400, 1407],
    ['non-ASCII', { hostname: 'bücher.customer-one.com' }, 400, 1408],
    ['TLD test', { hostname: 'app.customer.test' }, 400, 1409],
    ['TLD localhost', { hostname: 'app.localhost' }, 400, 1409],
    ['TLD invalid', { hostname: 'app.customer.invalid' }, 400, 1409],
    ['TLD example', { hostname: 'shop.example' }, 400, 1409],
    ['a single label', { hostname: 'intranet' }, 400, 1410],
    ['a bare public suffix', { hostname: 'co.uk' }, 400, 1410],
    ['under example.com', { hostname: 'app.example.com' }, 400, 1411],
    ['example.net itself', { hostname: 'example.net' }, 400, 1411],
    ['under example.org', { hostname: 'a.b.example.org' }, 400, 1411],
    ['ssl method sms', { hostname: 'app.customer-one.com', ssl: { method: 'sms', type: 'dv' } }, 400, 1432],
    ['ssl type ev', { hostname: 'app.customer-one.com', ssl: { method: 'txt', type: 'ev' } }, 400, 1433],
    [
      'an unknown ssl attribute',
      { hostname: 'app.customer-one.com', ssl: { method: 'txt', colour: 'red' } },
      400,
      1434,
    ],
    ['ssl not an object', { hostname: 'app.customer-one.com', ssl: 'txt' }, 400, 1434],
    ['an unknown CA', { hostname: 'app.customer-one.com', ssl: { certificate_authority: 'acme' } }, 400, 1434],
    ['bundle_method best', { hostname: 'app.customer-one.com', ssl: { bundle_method: 'best' } }, 400, 1449],
    ['http2 yes', { hostname: 'app.customer-one.com', ssl: { settings: { http2: 'yes' } } }, 400, 1422],
    ['tls_1_3 true', { hostname: 'app.customer-one.com', ssl: { settings: { tls_1_3: true } } }, 400, 1424],
    ['min TLS 1.4', { hostname: 'app.customer-one.com', ssl: { settings: { min_tls_version: '1.4' } } }, 400, 1425],
    ['ciphers not a list', { hostname: 'app.customer-one.com', ssl: { settings: { ciphers: 'ALL' } } }, 400, 1442],
    [
      'the same cipher twice',
      {
        hostname: 'app.customer-one.com',
        ssl: { settings: { ciphers: ['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'] } },
      },
      400,
      1442,
    ],
    [
      'ciphers with min TLS 1.3',
      {
        hostname: 'app.customer-one.com',
        ssl: { settings: { min_tls_version: '1.3', ciphers: ['ECDHE-RSA-AES128-GCM-SHA256'] } },
      },
      400,
      1443,
    ],
    [
      'metadata on a wildcard',
      { hostname: 'app.customer-one.com', ssl: { method: 'txt', wildcard: true }, custom_metadata: { a: 'b' } },
      400,
      1412,
    ],
    ['metadata not an object', { hostname: 'app.customer-one.com', custom_metadata: 'x' }, 400, 1401],
    ['metadata over 4 KB', { hostname: 'app.customer-one.com', custom_metadata: { a: 'x'.repeat(4100) } }, 400, 1401],
    [
      'custom origin under example.com',
      { hostname: 'app.customer-one.com', custom_origin_server: 'o.example.com' },
      400,
      1419,
    ],
    ['custom origin that is an IP', { hostname: 'app.customer-one.com', custom_origin_server: '192.0.2.1' }, 400, 1415],
    [
      'custom origin with an underscore',
      { hostname: 'app.customer-one.com', custom_origin_server: 'origin_eu.saasprovider.com' },
      400,
      1415,
    ],
    [
      'a wildcard custom origin',
      { hostname: 'app.customer-one.com', custom_origin_server: '*.saasprovider.com' },
      400,
      1420,
    ],
    [
      'a custom origin outside the zone',
      { hostname: 'app.customer-one.com', custom_origin_server: 'origin.elsewhere.com' },
      400,
      1421,
    ],
    [
      'an unparsable certificate',
      { hostname: 'app.customer-one.com', ssl: { custom_certificate: 'nope', custom_key: RSA_KEY } },
      400,
      1426,
    ],
    [
      'an unparsable key',
      { hostname: 'app.customer-one.com', ssl: { custom_certificate: PEM_CERT, custom_key: 'nope' } },
      400,
      1428,
    ],
    [
      'an unknown CSR',
      { hostname: 'app.customer-one.com', ssl: { custom_csr_id: '7b163417-1d2b-4c84-a38a-2fb7a0cd7752' } },
      404,
      1431,
    ],
    ['a malformed CSR id', { hostname: 'app.customer-one.com', ssl: { custom_csr_id: 'not a csr id!' } }, 400, 1430],
    [
      'a tls_1_2_only other than on/off',
      { hostname: 'app.customer-one.com', ssl: { method: 'http', type: 'dv', settings: { tls_1_2_only: 'yes' } } },
      400,
      1423,
    ],
  ])('rejects %s', async (_name, body, status, code) => {
    const { sim } = setup();
    const reply = await create(sim, body);
    expect(reply.status).toBe(status);
    expect(reply.json).toEqual({
      success: false,
      errors: [{ code, message: expect.any(String) }],
      messages: [],
      result: null,
    });
    expect(sim.hostnames()).toEqual([]);
  });

  test('a duplicate, in any letter case, is 409 / 1406', async () => {
    const { sim } = setup();
    await create(sim, { hostname: 'app.customer-one.com' });
    const again = await create(sim, { hostname: 'APP.customer-one.COM' });
    expect(again.status).toBe(409);
    expect(again.json.errors[0].code).toBe(1406);
    expect(sim.hostnames()).toHaveLength(1);
  });

  test('at the hard cap creation is 403 / 1405; quota reports allocated, used, exceeded', async () => {
    const sim = createSimulator({ quota: { allocated: 2, hardCap: 3 } });
    for (const name of ['a', 'b', 'c']) {
      expect((await create(sim, { hostname: `${name}.customer-one.com` })).status).toBe(200);
    }
    const refused = await create(sim, { hostname: 'd.customer-one.com' });
    expect(refused.status).toBe(403);
    expect(refused.json.errors[0].code).toBe(1405);
    const quota = await api(sim, 'GET', 'custom_hostnames/quota');
    expect(quota.json.result).toEqual({ allocated: 2, used: 3, exceeded: true, hard_cap: 3 });
  });
});

describe('get, edit, delete', () => {
  test('a malformed id is 400 / 1435 and an unknown one 404 / 1436, for GET, PATCH and DELETE', async () => {
    const { sim } = setup();
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const body = method === 'PATCH' ? {} : undefined;
      const malformed = await api(sim, method, 'custom_hostnames/not-an-id', body);
      expect([malformed.status, malformed.json.errors[0].code]).toEqual([400, 1435]);
      const unknown = await api(sim, method, 'custom_hostnames/0d89c70d-ad9f-4843-b99f-6cc0252067e9', body);
      expect([unknown.status, unknown.json.errors[0].code]).toEqual([404, 1436]);
    }
  });

  test('GET renders the same object as the simulator accessors', async () => {
    const { sim } = setup();
    const { id } = (await create(sim, { hostname: 'app.customer-one.com' })).json.result;
    const got = (await api(sim, 'GET', `custom_hostnames/${id}`)).json.result;
    expect(got).toEqual(sim.hostname(id));
    expect(got).toEqual(sim.hostname('APP.customer-one.com'));
    expect(sim.hostnames()).toEqual([got]);
  });

  test('PATCH with a hostname is 409 / 1439; a CA without type and method is 400 / 1440; bad JSON 400 / 1400', async () => {
    const { sim } = setup();
    const { id } = (await create(sim, { hostname: 'app.customer-one.com' })).json.result;
    const rename = await api(sim, 'PATCH', `custom_hostnames/${id}`, { hostname: 'other.customer-one.com' });
    expect([rename.status, rename.json.errors[0].code]).toEqual([409, 1439]);
    const ca = await api(sim, 'PATCH', `custom_hostnames/${id}`, {
      ssl: { certificate_authority: 'lets_encrypt', method: 'http' },
    });
    expect([ca.status, ca.json.errors[0].code]).toEqual([400, 1440]);
    const junk = await api(sim, 'PATCH', `custom_hostnames/${id}`, 'not json');
    expect([junk.status, junk.json.errors[0].code]).toEqual([400, 1400]);
  });

  test('PATCH replaces metadata and origin fields', async () => {
    const { sim } = setup();
    const { id } = (await create(sim, { hostname: 'app.customer-one.com', custom_metadata: { a: '1' } })).json.result;
    const edited = await api(sim, 'PATCH', `custom_hostnames/${id}`, {
      custom_metadata: { b: '2' },
      custom_origin_server: 'eu.saasprovider.com',
    });
    expect(edited.status).toBe(200);
    expect(edited.json.result.custom_metadata).toEqual({ b: '2' });
    expect(edited.json.result.custom_origin_server).toBe('eu.saasprovider.com');
  });

  test('PATCH changing the CA with type and method starts a new DCV cycle with new tokens', async () => {
    const { sim, clock } = setup();
    const { id } = (await create(sim, { hostname: 'app.customer-one.com', ssl: { method: 'txt', type: 'dv' } })).json
      .result;
    await clock.advance(10_000);
    const before = sim.hostname(id)?.ssl?.validation_records?.[0]?.txt_value;
    const edited = await api(sim, 'PATCH', `custom_hostnames/${id}`, {
      ssl: { method: 'txt', type: 'dv', certificate_authority: 'lets_encrypt' },
    });
    expect(edited.json.result.ssl.certificate_authority).toBe('lets_encrypt');
    expect(edited.json.result.ssl.status).toBe('pending_validation');
    expect(edited.json.result.ssl.validation_records[0].txt_value).not.toBe(before);
  });

  test('changing the CA of an active certificate re-issues it; a new method alone does not', async () => {
    const { sim, clock } = setup();
    sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
    sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget);
    const { id } = (await create(sim, { hostname: 'app.customer-one.com', ssl: { method: 'http', type: 'dv' } })).json
      .result;
    await clock.advance(600_000);
    expect(sim.hostname(id)).toMatchObject({
      status: 'active',
      ssl: { status: 'active', certificate_authority: 'google' },
    });
    const method = await api(sim, 'PATCH', `custom_hostnames/${id}`, { ssl: { method: 'txt', type: 'dv' } });
    expect(method.json.result.ssl).toMatchObject({ status: 'active', method: 'txt' });
    const ca = await api(sim, 'PATCH', `custom_hostnames/${id}`, {
      ssl: { method: 'txt', type: 'dv', certificate_authority: 'lets_encrypt' },
    });
    expect(ca.json.result.status).toBe('active');
    // The customer's CNAME lets the new order pass DCV at once: it goes on to issuance.
    expect(ca.json.result.ssl).toMatchObject({
      status: 'pending_issuance',
      certificate_authority: 'lets_encrypt',
      validation_records: [{ status: 'pending', txt_name: '_acme-challenge.app.customer-one.com' }],
    });
    await clock.advance(600_000);
    expect(sim.hostname(id)?.ssl).toMatchObject({ status: 'active', certificate_authority: 'lets_encrypt' });
  });

  test('changing the DCV method starts a new cycle with new tokens in the new shape', async () => {
    const { sim, clock } = setup();
    const { id } = (await create(sim, { hostname: 'app.customer-one.com', ssl: { method: 'http', type: 'dv' } })).json
      .result;
    await clock.advance(10_000);
    expect(sim.hostname(id)?.ssl?.validation_records?.[0]).toHaveProperty('http_url');
    const edited = await api(sim, 'PATCH', `custom_hostnames/${id}`, { ssl: { method: 'txt', type: 'dv' } });
    expect(edited.json.result.ssl.method).toBe('txt');
    expect(edited.json.result.ssl.validation_records).toEqual([
      {
        status: 'pending',
        txt_name: '_acme-challenge.app.customer-one.com',
        txt_value: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    ]);
  });

  test('after DELETE the hostname is gone from list, get and the quota', async () => {
    const { sim } = setup();
    const { id } = (await create(sim, { hostname: 'app.customer-one.com' })).json.result;
    await api(sim, 'DELETE', `custom_hostnames/${id}`);
    expect((await api(sim, 'GET', 'custom_hostnames')).json.result).toEqual([]);
    expect((await api(sim, 'GET', 'custom_hostnames/quota')).json.result.used).toBe(0);
    expect((await create(sim, { hostname: 'app.customer-one.com' })).status).toBe(200);
  });
});

describe('uploaded certificates and the certificate pack endpoints', () => {
  async function bundled(sim: ReturnType<typeof createSimulator>) {
    const host = (
      await create(sim, {
        hostname: 'secure.customer-one.com',
        ssl: {
          custom_cert_bundle: [
            { custom_certificate: PEM_CERT, custom_key: RSA_KEY },
            { custom_certificate: PEM_CERT, custom_key: EC_KEY },
          ],
        },
      })
    ).json.result;
    const [rsa, ecdsa] = sim.certificateIds(host.id);
    return {
      host,
      rsa: rsa as string,
      ecdsa: ecdsa as string,
      path: `custom_hostnames/${host.id}/certificate_pack/${host.ssl.id}/certificates`,
    };
  }

  test('a PKCS#8 key is typed by the algorithm it names: RSA and EC make a bundle, two EC keys do not', async () => {
    // The DER heads of PKCS#8 keys (version, then the algorithm: id-ecPublicKey or rsaEncryption).
    const pkcs8 = (der: string) => `-----BEGIN PRIVATE KEY-----\n${der}\n-----END PRIVATE KEY-----\n`;
    const ec = pkcs8('MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEH');
    const rsa = pkcs8('MIICdgIBADANBgkqhkiG9w0BAQEFAA==');
    const bundle = (...keys: string[]) => ({
      hostname: 'secure.customer-one.com',
      ssl: { custom_cert_bundle: keys.map((custom_key) => ({ custom_certificate: PEM_CERT, custom_key })) },
    });
    const { sim } = setup();
    const refused = [await create(sim, bundle(ec, EC_KEY)), await create(sim, bundle(rsa, RSA_KEY))];
    expect(refused.map((r) => [r.status, r.json.errors[0].code])).toEqual([
      [400, 1434],
      [400, 1434],
    ]);
    const created = await create(sim, bundle(rsa, ec));
    expect(created.status).toBe(200);
    expect(sim.certificateIds(created.json.result.id)).toHaveLength(2);
  });

  test('an uploaded bundle deploys without DCV records', async () => {
    const { sim, clock } = setup();
    const { host } = await bundled(sim);
    expect(host.ssl.status).toBe('pending_deployment');
    expect(host.ssl.custom_certificate).toBe(PEM_CERT);
    expect(sim.certificateIds(host.id)).toHaveLength(2);
    await clock.advance(30_000);
    expect(sim.hostname(host.id)?.ssl?.status).toBe('active');
    expect(sim.hostname(host.id)?.ssl?.validation_records).toBeUndefined();
  });

  test('PUT replaces a certificate of the same key type: 202 with the hostname in the envelope', async () => {
    const { sim } = setup();
    const { host, rsa, path } = await bundled(sim);
    const reply = await api(sim, 'PUT', `${path}/${rsa}`, { custom_certificate: PEM_CERT, custom_key: RSA_KEY });
    expect(reply.status).toBe(202);
    expect(reply.json).toMatchObject({ success: true, errors: [], messages: [], result: { id: host.id } });
    const wrongType = await api(sim, 'PUT', `${path}/${rsa}`, { custom_certificate: PEM_CERT, custom_key: EC_KEY });
    expect([wrongType.status, wrongType.json.errors[0].code]).toEqual([400, 1434]);
    const missing = await api(sim, 'PUT', `${path}/${rsa}`, { custom_key: RSA_KEY });
    expect([missing.status, missing.json.errors[0].code]).toEqual([400, 1427]);
  });

  test('DELETE answers 202 with the bare { id } and refuses to empty the pack', async () => {
    const { sim } = setup();
    const { host, rsa, ecdsa, path } = await bundled(sim);
    const first = await api(sim, 'DELETE', `${path}/${rsa}`);
    expect(first.status).toBe(202);
    expect(first.json).toEqual({ id: rsa });
    expect(sim.certificateIds(host.id)).toEqual([ecdsa]);
    const last = await api(sim, 'DELETE', `${path}/${ecdsa}`);
    expect([last.status, last.json.errors[0].code]).toEqual([400, 1434]);
  });

  test('an unknown pack or certificate is 404', async () => {
    const { sim } = setup();
    const { host, rsa } = await bundled(sim);
    const wrongPack = await api(sim, 'DELETE', `custom_hostnames/${host.id}/certificate_pack/nope/certificates/${rsa}`);
    expect(wrongPack.status).toBe(404);
    const plain = (await create(sim, { hostname: 'plain.customer-one.com' })).json.result;
    const noPack = await api(
      sim,
      'PUT',
      `custom_hostnames/${plain.id}/certificate_pack/${plain.ssl.id}/certificates/${rsa}`,
      {
        custom_certificate: PEM_CERT,
        custom_key: RSA_KEY,
      },
    );
    expect(noPack.status).toBe(404);
  });

  test('two certificates of one key type in a bundle are refused', async () => {
    const { sim } = setup();
    const reply = await create(sim, {
      hostname: 'secure.customer-one.com',
      ssl: {
        custom_cert_bundle: [
          { custom_certificate: PEM_CERT, custom_key: RSA_KEY },
          { custom_certificate: PEM_CERT, custom_key: RSA_KEY },
        ],
      },
    });
    expect([reply.status, reply.json.errors[0].code]).toEqual([400, 1434]);
  });
});
