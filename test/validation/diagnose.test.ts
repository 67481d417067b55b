import { describe, expect, it } from 'vitest';
import { type DiagnoseOptions, type Diagnosis, diagnose, type RecordCheck } from '../../src/validation/diagnose.js';
import { FakeWorld, RESOLVER } from './fake-world.js';
import { activeHost, CNAME_TARGET, HOST_ID, makeHost, OWNERSHIP_TOKEN, uploadedHost } from './fixtures.js';

const HOST = 'app.customer-one.com';
const OWNERSHIP_URL = `http://app.customer-one.com/.well-known/cf-custom-hostname-challenge/${HOST_ID}`;
const DCV_NAME = '_acme-challenge.app.customer-one.com';
const DCV_VALUE = '810b7d5f01154524b961ba0cd578acc2';

function run(world: FakeWorld, host = makeHost(), extra: Partial<DiagnoseOptions> = {}): Promise<Diagnosis> {
  return diagnose(host, {
    cnameTarget: CNAME_TARGET,
    resolver: RESOLVER,
    fetch: world.fetch,
    clock: { now: () => 42 },
    ...extra,
  });
}

/** `type name: status actor` per check, in order. */
function summary(d: Diagnosis): string[] {
  return d.checks.map((c) => `${c.record.type} ${c.record.purpose} ${c.record.name}: ${c.status} ${c.actor}`);
}

function flags(d: Diagnosis) {
  const { routingOk, ownershipOk, certificateOk, certificateVia, caaBlocks, readyForCloudflare } = d;
  return { routingOk, ownershipOk, certificateOk, certificateVia, caaBlocks, readyForCloudflare };
}

function check(d: Diagnosis, type: string, purpose: string): RecordCheck {
  const found = d.checks.find((c) => c.record.type === type && c.record.purpose === purpose);
  if (!found) throw new Error(`no ${type} ${purpose} check`);
  return found;
}

describe('diagnose', () => {
  it('finds the CNAME in place: ownership and certificate follow from it', async () => {
    const world = new FakeWorld().add(HOST, 'CNAME', `${CNAME_TARGET}.`).serve(OWNERSHIP_URL, 'not found', 404);
    const d = await run(world);
    expect(summary(d)).toEqual([
      `CNAME routing ${HOST}: ok none`,
      `TXT ownership _cf-custom-hostname.${HOST}: missing none`,
      `HTTP ownership ${OWNERSHIP_URL}: missing none`,
      `TXT certificate ${DCV_NAME}: missing none`,
      `CAA certificate ${HOST}: ok none`,
    ]);
    expect(flags(d)).toEqual({
      routingOk: true,
      ownershipOk: true,
      certificateOk: true,
      certificateVia: 'routing',
      caaBlocks: false,
      readyForCloudflare: true,
    });
    expect(d.hostname).toBe(HOST);
    expect(d.checkedAt).toBe(42);
    expect(check(d, 'CNAME', 'routing').found).toEqual([CNAME_TARGET]);
    expect(check(d, 'CAA', 'certificate')).toEqual({
      record: { type: 'CAA', name: HOST, value: '0 issue "pki.goog"', purpose: 'certificate' },
      status: 'ok',
      actor: 'none',
      detail: 'no CAA records: any certificate authority may issue',
    });
  });

  it('asks the customer for everything when nothing is in place', async () => {
    const world = new FakeWorld();
    const d = await run(world);
    expect(summary(d)).toEqual([
      `CNAME routing ${HOST}: missing customer`,
      `TXT ownership _cf-custom-hostname.${HOST}: missing customer`,
      `HTTP ownership ${OWNERSHIP_URL}: error none`,
      `TXT certificate ${DCV_NAME}: missing customer`,
      `CAA certificate ${HOST}: ok none`,
    ]);
    expect(check(d, 'HTTP', 'ownership').detail).toBe('fetch failed: connection refused');
    expect(check(d, 'CNAME', 'routing').detail).toBe(`no CNAME at ${HOST}`);
    expect(flags(d)).toEqual({
      routingOk: false,
      ownershipOk: false,
      certificateOk: false,
      certificateVia: null,
      caaBlocks: false,
      readyForCloudflare: false,
    });
  });

  it('accepts pre-validation by TXT tokens, before any CNAME', async () => {
    const world = new FakeWorld()
      .add(`_cf-custom-hostname.${HOST}`, 'TXT', `"${OWNERSHIP_TOKEN}"`)
      .add(DCV_NAME, 'TXT', `"${DCV_VALUE}"`)
      .add(DCV_NAME, 'TXT', '"an-old-token"');
    const d = await run(world, makeHost(), { checkHttp: false });
    expect(summary(d)).toEqual([
      `CNAME routing ${HOST}: missing customer`,
      `TXT ownership _cf-custom-hostname.${HOST}: ok none`,
      `TXT certificate ${DCV_NAME}: ok none`,
      `CAA certificate ${HOST}: ok none`,
    ]);
    expect(check(d, 'TXT', 'certificate').found).toEqual([DCV_VALUE, 'an-old-token']);
    expect(flags(d)).toMatchObject({
      routingOk: false,
      ownershipOk: true,
      certificateVia: 'tokens',
      readyForCloudflare: true,
    });
    expect(world.log.filter((l) => l.startsWith('GET'))).toEqual([]);
  });

  it('takes an apex that answers with the target’s own addresses as routed (flattening), not as owned nor as validating the certificate', async () => {
    const APEX = 'customer-one.com';
    const apexHost = makeHost({ hostname: APEX });
    const world = new FakeWorld().add(APEX, 'A', '104.16.1.1').add(CNAME_TARGET, 'A', '104.16.1.1');
    const d = await run(world, apexHost, { checkHttp: false });
    expect(check(d, 'CNAME', 'routing')).toEqual({
      record: expect.objectContaining({ name: APEX, purpose: 'routing' }),
      status: 'ok',
      actor: 'none',
      found: ['104.16.1.1'],
      detail: `no CNAME, but the addresses of ${CNAME_TARGET} (CNAME flattening or ALIAS)`,
      flattened: true,
    });
    // Automatic HTTP DCV wants the CNAME (§6.3), as real-time ownership does: the customer's tokens are needed.
    expect(flags(d)).toMatchObject({ routingOk: true, ownershipOk: false, certificateVia: null, certificateOk: false });

    const elsewhere = await run(
      new FakeWorld().add(APEX, 'A', '203.0.113.10').add(CNAME_TARGET, 'A', '104.16.1.1'),
      apexHost,
      {
        checkHttp: false,
      },
    );
    expect(check(elsewhere, 'CNAME', 'routing')).toMatchObject({ status: 'missing', detail: `no CNAME at ${APEX}` });
  });

  it('at an apex, a failed address lookup is an error of the check, not a missing CNAME for the customer', async () => {
    const APEX = 'customer-one.com';
    for (const failing of [APEX, CNAME_TARGET]) {
      const world = new FakeWorld().add(APEX, 'A', '104.16.1.1').add(CNAME_TARGET, 'A', '104.16.1.1');
      world.resolverFailures.set(failing, 'servfail');
      const d = await run(world, makeHost({ hostname: APEX }), { checkHttp: false });
      expect(check(d, 'CNAME', 'routing')).toMatchObject({ status: 'error', actor: 'none' });
    }
  });

  it('an uploaded certificate needs no CA: no CAA check, and its certificate side is met', async () => {
    const world = new FakeWorld()
      .add(HOST, 'CNAME', CNAME_TARGET)
      .add('customer-one.com', 'CAA', '0 issue "digicert.com"');
    const d = await run(world, uploadedHost(), { checkHttp: false });
    expect(d.checks.some((c) => c.record.type === 'CAA')).toBe(false);
    expect(flags(d)).toMatchObject({ certificateOk: true, certificateVia: 'uploaded', caaBlocks: false });
    expect(d.readyForCloudflare).toBe(true);
  });

  it('asks no address queries for a hostname below the apex', async () => {
    const world = new FakeWorld().add(HOST, 'A', '104.16.1.1').add(CNAME_TARGET, 'A', '104.16.1.1');
    const d = await run(world, makeHost(), { checkHttp: false });
    expect(check(d, 'CNAME', 'routing').status).toBe('missing');
    expect(world.log.filter((l) => l.endsWith(' A'))).toEqual([]);
  });

  it('accepts the HTTP ownership token with a trailing newline', async () => {
    const world = new FakeWorld().serve(OWNERSHIP_URL, `${OWNERSHIP_TOKEN}\n`);
    const d = await run(world);
    expect(check(d, 'HTTP', 'ownership')).toMatchObject({ status: 'ok', actor: 'none' });
    expect(d.ownershipOk).toBe(true);
    expect(d.readyForCloudflare).toBe(false);
  });

  it('reports a wrong HTTP body or status', async () => {
    const wrongBody = await run(new FakeWorld().serve(OWNERSHIP_URL, 'hello\n\n'));
    expect(check(wrongBody, 'HTTP', 'ownership')).toMatchObject({
      status: 'wrong_value',
      found: ['hello\n\n'],
      actor: 'customer',
    });
    const serverError = await run(new FakeWorld().serve(OWNERSHIP_URL, 'boom', 500));
    expect(check(serverError, 'HTTP', 'ownership')).toMatchObject({ status: 'wrong_value', found: ['HTTP 500'] });
  });

  it('reports a CNAME to somewhere else, and a wrong TXT value', async () => {
    const world = new FakeWorld()
      .add(HOST, 'CNAME', 'old-provider.net.')
      .add(`_cf-custom-hostname.${HOST}`, 'TXT', '"a-different-token"');
    const d = await run(world, makeHost(), { checkHttp: false });
    expect(check(d, 'CNAME', 'routing')).toEqual({
      record: { type: 'CNAME', name: HOST, value: CNAME_TARGET, purpose: 'routing' },
      status: 'wrong_value',
      found: ['old-provider.net'],
      actor: 'customer',
      detail: `the CNAME chain does not reach ${CNAME_TARGET}`,
    });
    expect(check(d, 'TXT', 'ownership')).toMatchObject({
      status: 'wrong_value',
      found: ['a-different-token'],
      actor: 'customer',
    });
  });

  it('follows a CNAME chain through repeated queries, or from one answer', async () => {
    const build = () =>
      new FakeWorld()
        .add(HOST, 'CNAME', 'edge.customer-one.com.')
        .add('edge.customer-one.com', 'CNAME', `${CNAME_TARGET.toUpperCase()}.`)
        .add(CNAME_TARGET, 'CNAME', 'fallback.saasprovider.com.');
    const world = build();
    const d = await run(world, activeHost());
    expect(check(d, 'CNAME', 'routing')).toMatchObject({
      status: 'ok',
      found: ['edge.customer-one.com', CNAME_TARGET],
    });
    expect(world.log).toEqual([`DNS ${HOST} CNAME`, 'DNS edge.customer-one.com CNAME']);

    const oneAnswer = build();
    oneAnswer.chainInOneAnswer = true;
    const again = await run(oneAnswer, activeHost());
    expect(check(again, 'CNAME', 'routing')).toMatchObject({
      status: 'ok',
      found: ['edge.customer-one.com', CNAME_TARGET],
    });
    expect(oneAnswer.log).toEqual([`DNS ${HOST} CNAME`]);
  });

  it('stops on a CNAME loop and after 8 hops', async () => {
    const loop = new FakeWorld()
      .add(HOST, 'CNAME', 'a.customer-one.com.')
      .add('a.customer-one.com', 'CNAME', `${HOST}.`);
    const looped = await run(loop, activeHost());
    expect(check(looped, 'CNAME', 'routing')).toMatchObject({
      status: 'wrong_value',
      found: ['a.customer-one.com', HOST],
      detail: 'the CNAME chain loops',
    });
    expect(loop.log).toHaveLength(2);

    const long = new FakeWorld().add(HOST, 'CNAME', 'h1.customer-one.com.');
    for (let n = 1; n < 12; n++) long.add(`h${n}.customer-one.com`, 'CNAME', `h${n + 1}.customer-one.com.`);
    const tooLong = await run(long, activeHost());
    expect(check(tooLong, 'CNAME', 'routing')).toMatchObject({ status: 'wrong_value' });
    expect(check(tooLong, 'CNAME', 'routing').found).toHaveLength(8);
    expect(long.log).toHaveLength(8);
  });

  it('checks only the routing CNAME once hostname and certificate are active', async () => {
    const world = new FakeWorld().add(HOST, 'CNAME', CNAME_TARGET);
    const d = await run(world, activeHost());
    expect(summary(d)).toEqual([`CNAME routing ${HOST}: ok none`]);
    expect(flags(d)).toEqual({
      routingOk: true,
      ownershipOk: true,
      certificateOk: true,
      certificateVia: 'active',
      caaBlocks: false,
      readyForCloudflare: true,
    });
  });

  it('counts an active hostname as owned, with the certificate still to validate by tokens', async () => {
    const world = new FakeWorld().add(DCV_NAME, 'TXT', `"${DCV_VALUE}"`);
    const d = await run(world, makeHost({ status: 'active' }));
    expect(summary(d)).toEqual([
      `CNAME routing ${HOST}: missing customer`,
      `TXT certificate ${DCV_NAME}: ok none`,
      `CAA certificate ${HOST}: ok none`,
    ]);
    expect(flags(d)).toMatchObject({ ownershipOk: true, certificateVia: 'tokens', readyForCloudflare: true });
  });

  it('checks the delegation CNAME of a wildcard certificate', async () => {
    const target = 'app.customer-one.com.5b0c5a2e.dcv.cloudflare.com';
    const host = makeHost(
      { status: 'active' },
      { wildcard: true, dcv_delegation_records: [{ cname: DCV_NAME, cname_target: target }] },
    );
    const world = new FakeWorld().add(HOST, 'CNAME', CNAME_TARGET).add(DCV_NAME, 'CNAME', `${target}.`);
    const d = await run(world, host);
    expect(summary(d)).toEqual([
      `CNAME routing ${HOST}: ok none`,
      // The TXT token is the alternative the delegation CNAME replaces: not placed, and nobody must act.
      `TXT certificate ${DCV_NAME}: missing none`,
      `CNAME certificate ${DCV_NAME}: ok none`,
      `CAA certificate ${HOST}: ok none`,
    ]);
    expect(d.certificateVia).toBe('delegation');
    const missing = await run(new FakeWorld().add(HOST, 'CNAME', CNAME_TARGET), host);
    expect(flags(missing)).toMatchObject({
      routingOk: true,
      certificateOk: false,
      certificateVia: null,
      readyForCloudflare: false,
    });
    expect(check(missing, 'CNAME', 'certificate')).toMatchObject({ status: 'missing', actor: 'customer' });
  });

  it('turns resolver failures into error checks, never a throw', async () => {
    const world = new FakeWorld();
    world.resolverFailures.set(HOST, 'garbage');
    world.resolverFailures.set(`_cf-custom-hostname.${HOST}`, 'servfail');
    world.resolverFailures.set(DCV_NAME, 'throw');
    const d = await run(world, makeHost(), { checkHttp: false });
    expect(d.checks.map((c) => [c.record.type, c.status, c.detail])).toEqual([
      ['CNAME', 'error', 'resolver sent an unreadable answer'],
      ['TXT', 'error', `DNS SERVFAIL for _cf-custom-hostname.${HOST} TXT`],
      ['TXT', 'error', 'fetch failed: resolver unreachable'],
      ['CAA', 'error', 'resolver sent an unreadable answer'],
    ]);
    expect(d.checks.every((c) => c.actor === 'none')).toBe(true);
    expect(flags(d)).toMatchObject({ caaBlocks: false, readyForCloudflare: false });

    const down = new FakeWorld();
    down.resolverFailures.set(HOST, 'http500');
    expect((await run(down, activeHost())).checks).toEqual([
      {
        record: expect.objectContaining({ type: 'CNAME' }),
        status: 'error',
        actor: 'none',
        detail: 'resolver answered HTTP 500',
      },
    ]);
  });

  it('sends the documented DoH request to the default resolver', async () => {
    const seen: { url: string; accept: string | null }[] = [];
    const fetcher: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), accept: new Headers(init?.headers).get('accept') });
      return Response.json({ Status: 0, Answer: [{ name: `${HOST}.`, type: 5, TTL: 60, data: `${CNAME_TARGET}.` }] });
    };
    const d = await diagnose(activeHost(), { cnameTarget: CNAME_TARGET, fetch: fetcher });
    expect(d.routingOk).toBe(true);
    expect(seen).toEqual([
      { url: `https://cloudflare-dns.com/dns-query?name=${HOST}&type=CNAME`, accept: 'application/dns-json' },
    ]);
  });

  it('rejects with the signal’s reason when aborted, and asks nothing when aborted before', async () => {
    const before = new AbortController();
    before.abort(new Error('stop now'));
    const idle = new FakeWorld();
    await expect(run(idle, makeHost(), { signal: before.signal })).rejects.toThrow('stop now');
    expect(idle.log).toEqual([]);

    const during = new AbortController();
    const world = new FakeWorld();
    world.onRequest = () => during.abort(new Error('stopped during'));
    await expect(run(world, makeHost(), { signal: during.signal })).rejects.toThrow('stopped during');
  });
});

describe('diagnose: CAA', () => {
  const caaCheck = async (world: FakeWorld, host = makeHost()) => {
    const d = await run(world, host, { checkHttp: false });
    return { d, caa: check(d, 'CAA', 'certificate') };
  };

  it('walks up to the first name with CAA records and blocks a CA it does not list', async () => {
    const world = new FakeWorld().add('customer-one.com', 'CAA', '0 issue "letsencrypt.org"');
    const { d, caa } = await caaCheck(world);
    expect(caa).toEqual({
      record: { type: 'CAA', name: 'customer-one.com', value: '0 issue "pki.goog"', purpose: 'certificate' },
      status: 'wrong_value',
      found: ['0 issue "letsencrypt.org"'],
      actor: 'customer',
      detail: 'CAA at customer-one.com does not allow pki.goog',
    });
    expect(flags(d)).toMatchObject({ caaBlocks: true, readyForCloudflare: false });
    expect(world.log.filter((l) => l.endsWith('CAA'))).toEqual([`DNS ${HOST} CAA`, 'DNS customer-one.com CAA']);
  });

  it('allows a listed CA, with parameters, in either answer format', async () => {
    const plain = await caaCheck(
      new FakeWorld().add('customer-one.com', 'CAA', '0 issue "pki.goog; cansignhttpexchanges=yes"'),
    );
    expect(plain.caa).toMatchObject({ status: 'ok', found: ['0 issue "pki.goog; cansignhttpexchanges=yes"'] });
    // 0 issue "pki.goog" in RFC 3597 generic form.
    const generic = await caaCheck(
      new FakeWorld().add(HOST, 'CAA', '\\# 15 00 05 69 73 73 75 65 70 6b 69 2e 67 6f 6f 67'),
    );
    expect(generic.caa).toMatchObject({ status: 'ok', found: ['0 issue "pki.goog"'] });
    expect(generic.caa.record.name).toBe(HOST);
  });

  it('stops at the hostname when it has CAA records itself', async () => {
    const world = new FakeWorld().add(HOST, 'CAA', '0 issue "pki.goog"').add('customer-one.com', 'CAA', '0 issue ";"');
    const { caa } = await caaCheck(world);
    expect(caa.status).toBe('ok');
    expect(world.log.filter((l) => l.endsWith('CAA'))).toEqual([`DNS ${HOST} CAA`]);
  });

  it('blocks on issue ";" and on an unknown critical property', async () => {
    expect((await caaCheck(new FakeWorld().add(HOST, 'CAA', '0 issue ";"'))).caa.status).toBe('wrong_value');
    const critical = new FakeWorld().add(HOST, 'CAA', '0 issue "pki.goog"').add(HOST, 'CAA', '128 tbs "x"');
    expect((await caaCheck(critical)).caa.status).toBe('wrong_value');
  });

  it('reads issuewild for a wildcard certificate only', async () => {
    const records = () =>
      new FakeWorld().add(HOST, 'CAA', '0 issue "pki.goog"').add(HOST, 'CAA', '0 issuewild "letsencrypt.org"');
    expect((await caaCheck(records())).caa.status).toBe('ok');
    const wildcard = makeHost({}, { wildcard: true });
    expect((await caaCheck(records(), wildcard)).caa.status).toBe('wrong_value');
    const onlyIssue = new FakeWorld().add(HOST, 'CAA', '0 issue "pki.goog"');
    expect((await caaCheck(onlyIssue, wildcard)).caa.status).toBe('ok');
  });

  it('accepts any of Cloudflare’s CAs when none was chosen, and does not judge an unknown CA', async () => {
    const none = makeHost({}, { certificate_authority: null });
    const le = await caaCheck(new FakeWorld().add(HOST, 'CAA', '0 issue "letsencrypt.org"'), none);
    expect(le.caa).toMatchObject({ status: 'ok', record: { value: '0 issue "letsencrypt.org"' } });
    const digicertOnly = await caaCheck(new FakeWorld().add(HOST, 'CAA', '0 issue "digicert.com"'), none);
    expect(digicertOnly.caa.status).toBe('wrong_value');
    expect(digicertOnly.caa.detail).toBe(
      'CAA at app.customer-one.com does not allow letsencrypt.org or pki.goog or ssl.com',
    );

    const world = new FakeWorld().add(HOST, 'CAA', '0 issue "digicert.com"');
    const unknown = await caaCheck(world, makeHost({}, { certificate_authority: 'acme_ca' }));
    expect(unknown.caa).toMatchObject({
      status: 'ok',
      detail: 'certificate authority "acme_ca" is not known: CAA not judged',
    });
    // A CA named like an object built-in is just as unknown.
    const builtIn = await caaCheck(world, makeHost({}, { certificate_authority: 'constructor' }));
    expect(builtIn.caa).toMatchObject({
      status: 'ok',
      detail: 'certificate authority "constructor" is not known: CAA not judged',
    });
    expect(world.log.filter((l) => l.endsWith('CAA'))).toEqual([]);
  });

  it('maps every known CA to its CAA domain', async () => {
    for (const [ca, domain] of [
      ['lets_encrypt', 'letsencrypt.org'],
      ['google', 'pki.goog'],
      ['ssl_com', 'ssl.com'],
      ['digicert', 'digicert.com'],
    ]) {
      const { caa } = await caaCheck(
        new FakeWorld().add(HOST, 'CAA', `0 issue "${domain}"`),
        makeHost({}, { certificate_authority: ca }),
      );
      expect(caa).toMatchObject({ status: 'ok', record: { value: `0 issue "${domain}"` } });
    }
  });
});
