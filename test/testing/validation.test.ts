import { describe, expect, test } from 'vitest';
import { createSimulator, type SimulatorOptions, VirtualClock } from '../../src/testing/index.js';
import { api, HOUR, MINUTE } from './helpers.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const HOST = 'app.customer-one.com';
const DAY = 86_400_000;

function setup(options: SimulatorOptions = {}) {
  const clock = new VirtualClock({ start: T0 });
  const sim = createSimulator({ clock, rateLimit: false, ...options });
  sim.setFallbackOrigin('fallback.saasprovider.com');
  return { clock, sim };
}

async function createHost(sim: ReturnType<typeof createSimulator>, body: Record<string, unknown> = {}) {
  return (await api(sim, 'POST', 'custom_hostnames', { hostname: HOST, ...body })).json.result;
}

describe('validation records', () => {
  test('absent from the create answer, present after validationRecordsDelayMs', async () => {
    const { clock, sim } = setup();
    const created = await createHost(sim, { ssl: { method: 'txt', type: 'dv' } });
    expect(created.ssl.status).toBe('initializing');
    expect(created.ssl.validation_records).toBeUndefined();
    await clock.advance(9_999);
    expect(sim.hostname(HOST)?.ssl?.validation_records).toBeUndefined();
    await clock.advance(1);
    const ssl = (await api(sim, 'GET', `custom_hostnames/${created.id}`)).json.result.ssl;
    expect(ssl.status).toBe('pending_validation');
    expect(ssl.validation_records).toEqual([
      { status: 'pending', txt_name: `_acme-challenge.${HOST}`, txt_value: expect.stringMatching(/^[0-9a-f]{32}$/) },
    ]);
  });

  test('http records point into /.well-known/acme-challenge/ (or pki-validation for SSL.com)', async () => {
    const { clock, sim } = setup({ validationRecordsDelayMs: 0 });
    await createHost(sim, { ssl: { method: 'http', type: 'dv' } });
    await api(sim, 'POST', 'custom_hostnames', {
      hostname: 'shop.customer-two.com',
      ssl: { method: 'http', type: 'dv', certificate_authority: 'ssl_com' },
    });
    await clock.advance(0);
    const acme = sim.hostname(HOST)?.ssl?.validation_records;
    expect(acme).toEqual([
      {
        status: 'pending',
        http_url: expect.stringMatching(
          /^http:\/\/app\.customer-one\.com\/\.well-known\/acme-challenge\/[0-9a-f]{32}$/,
        ),
        http_body: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    ]);
    const sslCom = sim.hostname('shop.customer-two.com')?.ssl?.validation_records ?? [];
    expect(sslCom).toHaveLength(2);
    for (const record of sslCom) {
      expect(record.http_url).toMatch(
        /^http:\/\/shop\.customer-two\.com\/\.well-known\/pki-validation\/ca3-[0-9a-f]{32}\.txt$/,
      );
    }
  });

  test('a wildcard certificate needs two TXT tokens under the same name', async () => {
    const { sim } = setup({ validationRecordsDelayMs: 0 });
    const host = await createHost(sim, { ssl: { method: 'txt', type: 'dv', wildcard: true } });
    const records = host.ssl.validation_records;
    expect(records).toHaveLength(2);
    expect(records[0].txt_name).toBe(`_acme-challenge.${HOST}`);
    expect(records[1].txt_name).toBe(`_acme-challenge.${HOST}`);
    expect(records[0].txt_value).not.toBe(records[1].txt_value);
  });

  test('turning wildcard on by PATCH re-issues: two new TXT tokens, pending or active before', async () => {
    const { clock, sim } = setup({ validationRecordsDelayMs: 0 });
    const pending = await createHost(sim, { ssl: { method: 'txt', type: 'dv' } });
    const [before] = pending.ssl.validation_records;
    const edited = (await api(sim, 'PATCH', `custom_hostnames/${pending.id}`, { ssl: { wildcard: true } })).json.result;
    expect(edited.ssl).toMatchObject({ status: 'pending_validation', wildcard: true });
    expect(edited.ssl.validation_records.map((r: { txt_name: string }) => r.txt_name)).toEqual([
      `_acme-challenge.${HOST}`,
      `_acme-challenge.${HOST}`,
    ]);
    expect(edited.ssl.validation_records.map((r: { txt_value: string }) => r.txt_value)).not.toContain(
      before.txt_value,
    );

    const live = 'live.customer-one.com';
    sim.world.setRecord('CNAME', live, sim.cnameTarget);
    const active = await createHost(sim, { hostname: live, ssl: { method: 'txt', type: 'dv' } });
    await clock.advance(100_000);
    expect((await api(sim, 'GET', `custom_hostnames/${active.id}`)).json.result.ssl.status).toBe('active');
    const body = { ssl: { method: 'txt', type: 'dv', wildcard: true } };
    const rewildcarded = (await api(sim, 'PATCH', `custom_hostnames/${active.id}`, body)).json.result;
    expect(rewildcarded.ssl).toMatchObject({ status: 'pending_validation', wildcard: true });
    expect(rewildcarded.ssl.validation_records).toHaveLength(2);
  });

  test('email records list the usual addresses of the registrable domain', async () => {
    const { sim } = setup({ validationRecordsDelayMs: 0 });
    const host = await createHost(sim, { ssl: { method: 'email', type: 'dv' } });
    expect(host.ssl.validation_records[0].emails).toEqual([
      'admin@customer-one.com',
      'administrator@customer-one.com',
      'webmaster@customer-one.com',
      'hostmaster@customer-one.com',
      'postmaster@customer-one.com',
    ]);
  });
});

describe('pre-validation without traffic moving', () => {
  test('TXT ownership token and TXT DCV token make both active without any CNAME', async () => {
    const { clock, sim } = setup();
    const host = await createHost(sim, { ssl: { method: 'txt', type: 'dv' } });
    sim.world.setRecord('TXT', host.ownership_verification.name, host.ownership_verification.value);
    await clock.advance(10_000);
    const record = sim.hostname(HOST)?.ssl?.validation_records?.[0];
    sim.world.setRecord('TXT', record?.txt_name as string, record?.txt_value as string);
    await clock.advance(5 * MINUTE);
    const now = sim.hostname(HOST);
    expect(now?.status).toBe('active');
    expect(now?.ssl?.status).toBe('active');
    expect(sim.checks.filter((c) => c.kind === 'hostname').map((c) => c.passed)).toEqual([false, true]);
  });

  test('HTTP ownership token (trailing newline allowed) and HTTP DCV token make both active', async () => {
    const { clock, sim } = setup();
    const host = await createHost(sim, { ssl: { method: 'http', type: 'dv' } });
    sim.world.setRecord('A', HOST, '203.0.113.10'); // the customer's current origin serves the tokens
    sim.world.serveHttp(host.ownership_verification_http.http_url, `${host.ownership_verification_http.http_body}\n`);
    await clock.advance(10_000);
    const record = sim.hostname(HOST)?.ssl?.validation_records?.[0];
    sim.world.serveHttp(record?.http_url as string, record?.http_body as string);
    await clock.advance(5 * MINUTE);
    expect(sim.hostname(HOST)?.status).toBe('active');
    expect(sim.hostname(HOST)?.ssl?.status).toBe('active');
  });

  test('HTTP tokens are fetched only from a name that resolves: served for a name without DNS, they do not validate', async () => {
    const { clock, sim } = setup();
    const host = await createHost(sim, { ssl: { method: 'http', type: 'dv' } });
    sim.world.serveHttp(host.ownership_verification_http.http_url, host.ownership_verification_http.http_body);
    await clock.advance(10_000);
    const record = sim.hostname(HOST)?.ssl?.validation_records?.[0];
    sim.world.serveHttp(record?.http_url as string, record?.http_body as string);
    // A CNAME to a name with no address does not resolve either.
    sim.world.setRecord('CNAME', HOST, 'old-origin.customer-one.com');
    await clock.advance(HOUR);
    expect(sim.hostname(HOST)?.status).toBe('pending');
    expect(sim.hostname(HOST)?.ssl?.status).toBe('pending_validation');
    expect(sim.checks.filter((c) => c.passed)).toEqual([]);
    // Once the chain ends at an address, the next checks fetch the tokens and pass.
    sim.world.setRecord('A', 'old-origin.customer-one.com', '203.0.113.10');
    await clock.advance(HOUR);
    expect(sim.hostname(HOST)?.status).toBe('active');
    expect(sim.hostname(HOST)?.ssl?.status).toBe('active');
  });

  test('a wrong token or a non-200 answer does not validate', async () => {
    const { clock, sim } = setup();
    const host = await createHost(sim);
    sim.world.setRecord('A', HOST, '203.0.113.10');
    sim.world.setRecord('TXT', host.ownership_verification.name, 'not-the-value');
    sim.world.serveHttp(host.ownership_verification_http.http_url, host.ownership_verification_http.http_body, {
      status: 500,
    });
    await clock.advance(HOUR);
    expect(sim.hostname(HOST)?.status).toBe('pending');
    expect(sim.hostname(HOST)?.verification_errors).toEqual(['custom hostname does not CNAME to this zone.']);
  });

  test('wildcard DCV needs both TXT tokens; a CNAME alone is not enough', async () => {
    const { clock, sim } = setup({ validationRecordsDelayMs: 0 });
    const host = await createHost(sim, { ssl: { method: 'txt', type: 'dv', wildcard: true } });
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
    const [first, second] = host.ssl.validation_records;
    sim.world.addRecord('TXT', first.txt_name, first.txt_value);
    await clock.advance(HOUR);
    expect(sim.hostname(HOST)?.ssl?.status).toBe('pending_validation');
    sim.world.addRecord('TXT', second.txt_name, second.txt_value);
    await clock.advance(HOUR);
    expect(sim.hostname(HOST)?.ssl?.status).toBe('active');
  });

  test('a delegated DCV CNAME to the dcv_delegation target validates the certificate', async () => {
    const { clock, sim } = setup({ validationRecordsDelayMs: 0 });
    const host = await createHost(sim, { ssl: { method: 'txt', type: 'dv' } });
    const uuid = (await api(sim, 'GET', 'dcv_delegation/uuid')).json.result.uuid;
    expect(host.ssl.dcv_delegation_records).toEqual([
      { cname: `_acme-challenge.${HOST}`, cname_target: `${HOST}.${uuid}.dcv.cloudflare.com` },
    ]);
    sim.world.setRecord('CNAME', `_acme-challenge.${HOST}`, `${HOST}.${uuid}.dcv.cloudflare.com`);
    await clock.advance(2 * MINUTE);
    expect(sim.hostname(HOST)?.ssl?.status).toBe('active');
  });
});

describe('CAA', () => {
  test('CAA for another CA blocks issuance with the documented error until it allows this CA', async () => {
    const { clock, sim } = setup();
    await createHost(sim, { ssl: { method: 'http', type: 'dv' } });
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
    sim.world.setRecord('CAA', 'customer-one.com', '0 issue "letsencrypt.org"');
    await clock.advance(10_000);
    const blocked = sim.hostname(HOST)?.ssl;
    expect(blocked?.status).toBe('pending_validation');
    expect(blocked?.validation_errors).toEqual([
      { message: 'CAA records block issuance. Please remove all CAA records or add records for this authority.' },
    ]);
    expect(sim.checks.filter((c) => c.kind === 'certificate').map((c) => c.passed)).toEqual([false]);

    sim.world.addRecord('CAA', 'customer-one.com', '0 issue "pki.goog"');
    await clock.advance(MINUTE);
    expect(sim.hostname(HOST)?.ssl?.status).toBe('pending_issuance');
    expect(sim.hostname(HOST)?.ssl?.validation_errors).toBeUndefined();
  });

  test('the lookup stops at the nearest name with CAA records', async () => {
    const { clock, sim } = setup();
    await createHost(sim, { ssl: { method: 'http', type: 'dv', certificate_authority: 'lets_encrypt' } });
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
    sim.world.setRecord('CAA', 'customer-one.com', '0 issue "pki.goog"');
    sim.world.setRecord('CAA', HOST, '0 issue "letsencrypt.org"');
    await clock.advance(10_000);
    expect(sim.hostname(HOST)?.ssl?.status).toBe('pending_issuance');
  });

  test('CAA records without an issue tag do not restrict', async () => {
    const { clock, sim } = setup();
    await createHost(sim);
    sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
    sim.world.setRecord('CAA', 'customer-one.com', '0 iodef "mailto:security@customer-one.com"');
    await clock.advance(10_000);
    expect(sim.hostname(HOST)?.ssl?.status).toBe('pending_issuance');
  });
});

describe('a recheck PATCH while the certificate is pending validation (§6.5)', () => {
  test('starts a new DCV cycle with fresh tokens: a TXT placed before it no longer passes', async () => {
    const { clock, sim } = setup();
    const host = await createHost(sim, { ssl: { method: 'txt', type: 'dv' } });
    sim.world.setRecord('TXT', host.ownership_verification.name, host.ownership_verification.value);
    await clock.advance(10_000);
    const before = sim.hostname(HOST)?.ssl?.validation_records?.[0];
    sim.world.setRecord('TXT', before?.txt_name as string, 'placed-too-late-for-the-first-checks');
    await clock.advance(2 * MINUTE);
    sim.world.setRecord('TXT', before?.txt_name as string, before?.txt_value as string);
    const checked = sim.checks.length;
    const rechecked = await api(sim, 'PATCH', `custom_hostnames/${host.id}`, { ssl: { method: 'txt', type: 'dv' } });
    const after = rechecked.json.result.ssl.validation_records[0];
    expect(after.txt_name).toBe(before?.txt_name);
    expect(after.txt_value).toMatch(/^[0-9a-f]{32}$/);
    expect(after.txt_value).not.toBe(before?.txt_value);
    await clock.advance(0);
    expect(
      sim.checks
        .slice(checked)
        .filter((c) => c.kind === 'certificate')
        .map((c) => c.passed),
    ).toEqual([false]);
    sim.world.setRecord('TXT', after.txt_name, after.txt_value);
    await clock.advance(2 * MINUTE);
    expect(sim.hostname(HOST)?.ssl?.status).not.toBe('pending_validation');
  });

  test('a hostname that points at the zone passes the immediate check whatever the tokens', async () => {
    const { clock, sim } = setup();
    const host = await createHost(sim, { ssl: { method: 'http', type: 'dv' } });
    await clock.advance(3 * MINUTE);
    sim.world.setRecord('CNAME', HOST, `customers.${sim.zoneName}`);
    const checked = sim.checks.length;
    await api(sim, 'PATCH', `custom_hostnames/${host.id}`, { ssl: { method: 'http', type: 'dv' } });
    await clock.advance(0);
    expect(sim.checks.slice(checked).map((c) => [c.kind, c.passed])).toEqual([
      ['hostname', true],
      ['certificate', true],
    ]);
  });
});

describe('token lifetime', () => {
  test("Let's Encrypt tokens time out after 7 days: validation_timed_out, checks stop; a refresh brings new tokens", async () => {
    const { clock, sim } = setup();
    const host = await createHost(sim, { ssl: { method: 'txt', type: 'dv', certificate_authority: 'lets_encrypt' } });
    const recordsAt = T0 + 10_000;
    await clock.advance(recordsAt + 7 * DAY - T0 - 1);
    expect(sim.hostname(HOST)?.ssl?.status).toBe('pending_validation');
    const oldToken = sim.hostname(HOST)?.ssl?.validation_records?.[0]?.txt_value;
    await clock.advance(1);
    expect(sim.hostname(HOST)?.ssl?.status).toBe('validation_timed_out');
    const certChecks = sim.checks.filter((c) => c.kind === 'certificate').length;
    await clock.advance(DAY);
    expect(sim.checks.filter((c) => c.kind === 'certificate')).toHaveLength(certChecks);

    const refreshed = await api(sim, 'PATCH', `custom_hostnames/${host.id}`, {
      ssl: { method: 'txt', type: 'dv', certificate_authority: 'lets_encrypt' },
    });
    expect(refreshed.json.result.ssl.status).toBe('pending_validation');
    expect(refreshed.json.result.ssl.validation_records[0].txt_value).not.toBe(oldToken);
  });

  test('Google tokens last 14 days', async () => {
    const { clock, sim } = setup();
    await createHost(sim, { ssl: { method: 'txt', type: 'dv' } });
    await clock.advance(10_000 + 14 * DAY - 1);
    expect(sim.hostname(HOST)?.ssl?.status).toBe('pending_validation');
    await clock.advance(1);
    expect(sim.hostname(HOST)?.ssl?.status).toBe('validation_timed_out');
  });
});

describe('issuance limit', () => {
  type Sim = ReturnType<typeof createSimulator>;
  const pointed = (sim: Sim, hostname: string) => {
    sim.world.setRecord('CNAME', hostname, sim.cnameTarget);
    return api(sim, 'POST', 'custom_hostnames', { hostname });
  };
  const status = (sim: Sim, hostname: string) => sim.hostname(hostname)?.ssl?.status;

  async function twenty(options: SimulatorOptions) {
    const { clock, sim } = setup(options);
    for (let i = 1; i <= 20; i++) await pointed(sim, `shop${i}.customer-one.com`);
    const count = (status: string) => sim.hostnames().filter((h) => h.ssl?.status === status).length;
    return { clock, sim, count };
  }

  test('20 creates at once: the 16th goes over and blocks issuance 30 s for it and the 4 after it', async () => {
    const { clock, count } = await twenty({});
    await clock.advance(10_000); // every DCV passes at 10 s
    expect(count('pending_issuance')).toBe(20);
    await clock.advance(30_000); // 40 s: 15 issued; the other 5 started issuing at 30 s, the end of the block
    expect([count('pending_deployment'), count('pending_issuance')]).toEqual([15, 5]);
    await clock.advance(20_000); // 60 s
    expect(count('pending_deployment')).toBe(20);
    await clock.advance(10_000); // 70 s
    expect([count('active'), count('pending_deployment')]).toEqual([15, 5]);
    await clock.advance(20_000); // 90 s
    expect(count('active')).toBe(20);
  });

  test('the 16th create within a minute waits for the block; a create during the block too; one after it does not', async () => {
    const { clock, sim } = setup();
    for (let i = 1; i <= 15; i++) await pointed(sim, `shop${i}.customer-one.com`); // at 0 s
    await clock.advance(50_000);
    await pointed(sim, 'late16.customer-one.com'); // at 50 s: over the limit, issuance blocked until 80 s
    expect(status(sim, 'shop15.customer-one.com')).toBe('pending_deployment'); // issued at 40 s: not held back
    await clock.advance(11_000);
    await pointed(sim, 'late17.customer-one.com'); // at 61 s: inside the block
    await clock.advance(20_000);
    await pointed(sim, 'late18.customer-one.com'); // at 81 s: after it, 3 in the last minute
    // late16 and late17 passed DCV at 60 s and 71 s; both start issuing at 80 s and issue at 110 s.
    await clock.advance(28_999); // 109.999 s
    expect([status(sim, 'late16.customer-one.com'), status(sim, 'late17.customer-one.com')]).toEqual([
      'pending_issuance',
      'pending_issuance',
    ]);
    await clock.advance(1); // 110 s
    expect([status(sim, 'late16.customer-one.com'), status(sim, 'late17.customer-one.com')]).toEqual([
      'pending_deployment',
      'pending_deployment',
    ]);
    // late18 passed DCV at 91 s and issues 30 s later, at 121 s.
    await clock.advance(10_999);
    expect(status(sim, 'late18.customer-one.com')).toBe('pending_issuance');
    await clock.advance(1);
    expect(status(sim, 'late18.customer-one.com')).toBe('pending_deployment');
  });

  test('creates spread out are never throttled, even when all their certificates pass DCV at once', async () => {
    const { clock, sim } = setup();
    const hosts = [];
    for (let i = 1; i <= 20; i++) {
      hosts.push((await api(sim, 'POST', 'custom_hostnames', { hostname: `shop${i}.customer-one.com` })).json.result);
      await clock.advance(2 * MINUTE);
    }
    // Every customer's DNS is fixed at the same moment, and each hostname is rechecked then.
    for (const host of hosts) sim.world.setRecord('CNAME', host.hostname, sim.cnameTarget);
    for (const host of hosts) {
      await api(sim, 'PATCH', `custom_hostnames/${host.id}`, { ssl: { method: 'http', type: 'dv' } });
    }
    const count = (status: string) => sim.hostnames().filter((h) => h.ssl?.status === status).length;
    expect(count('pending_issuance')).toBe(20);
    await clock.advance(30_000);
    expect(count('pending_deployment')).toBe(20);
    await clock.advance(30_000);
    expect(count('active')).toBe(20);
  });

  test('an edit that re-issues (a new CA) is a submission; a recheck is not', async () => {
    const { clock, sim } = setup();
    const first = (await pointed(sim, 'shop1.customer-one.com')).json.result;
    for (let i = 2; i <= 14; i++) await pointed(sim, `shop${i}.customer-one.com`);
    for (let i = 0; i < 5; i++) {
      await api(sim, 'PATCH', `custom_hostnames/${first.id}`, { ssl: { method: 'http', type: 'dv' } });
    }
    await pointed(sim, 'shop15.customer-one.com'); // the 15th submission: the rechecks did not count
    await clock.advance(20_000);
    const reissued = await api(sim, 'PATCH', `custom_hostnames/${first.id}`, {
      ssl: { method: 'http', type: 'dv', certificate_authority: 'lets_encrypt' },
    });
    // The 16th, at 20 s: its new certificate passes DCV at once (the CNAME) but issues only from 50 s.
    expect(reissued.json.result.ssl.status).toBe('pending_issuance');
    await clock.advance(20_000); // 40 s
    expect(status(sim, 'shop15.customer-one.com')).toBe('pending_deployment');
    await clock.advance(39_999); // 79.999 s
    expect(status(sim, 'shop1.customer-one.com')).toBe('pending_issuance');
    await clock.advance(1);
    expect(status(sim, 'shop1.customer-one.com')).toBe('pending_deployment');
  });

  test('issuanceLimit: false lets every certificate through at once', async () => {
    const { clock, count } = await twenty({ issuanceLimit: false });
    await clock.advance(40_000);
    expect(count('pending_deployment')).toBe(20);
  });
});
