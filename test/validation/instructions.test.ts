import { describe, expect, it } from 'vitest';
import {
  dnsName,
  type Instructions,
  instructions,
  renderText,
  renderZoneFile,
} from '../../src/validation/instructions.js';
import { activeHost, CNAME_TARGET, HOST_ID, makeHost, OWNERSHIP_TOKEN, uploadedHost } from './fixtures.js';

const opts = { cnameTarget: CNAME_TARGET };
const ROUTING = { type: 'CNAME', name: 'app.customer-one.com', value: CNAME_TARGET, purpose: 'routing' } as const;
const OWNERSHIP_TXT = {
  type: 'TXT',
  name: '_cf-custom-hostname.app.customer-one.com',
  value: OWNERSHIP_TOKEN,
  purpose: 'ownership',
  optional: true,
  note: 'Not needed once the CNAME is in place: Cloudflare then validates the hostname by itself. Add it to validate before moving traffic.',
} as const;
const OWNERSHIP_HTTP = {
  type: 'HTTP',
  name: `http://app.customer-one.com/.well-known/cf-custom-hostname-challenge/${HOST_ID}`,
  value: OWNERSHIP_TOKEN,
  purpose: 'ownership',
  optional: true,
  note: 'An alternative to the TXT record: serve this exact body at this URL over plain HTTP.',
} as const;
const DCV_NOTE =
  'Not needed once the CNAME is in place: Cloudflare then validates the certificate over HTTP by itself. Add it to get the certificate before moving traffic.';
const DCV_TXT = {
  type: 'TXT',
  name: '_acme-challenge.app.customer-one.com',
  value: '810b7d5f01154524b961ba0cd578acc2',
  purpose: 'certificate',
  optional: true,
  note: DCV_NOTE,
} as const;

describe('instructions', () => {
  it('lists routing, both ownership tokens and the DCV token for a new hostname', () => {
    expect(instructions(makeHost(), opts)).toEqual({
      hostname: 'app.customer-one.com',
      id: HOST_ID,
      records: [ROUTING, OWNERSHIP_TXT, OWNERSHIP_HTTP, DCV_TXT],
      complete: true,
      tokensExpired: false,
    });
  });

  it('drops ownership records once the hostname is active', () => {
    const todo = instructions(makeHost({ status: 'active' }), opts);
    expect(todo.records).toEqual([ROUTING, DCV_TXT]);
    expect(instructions(makeHost({ status: 'active_redeploying' }), opts).records).toEqual([ROUTING, DCV_TXT]);
  });

  it('drops certificate records once the certificate is active, keeping the routing CNAME', () => {
    expect(instructions(activeHost(), opts)).toEqual({
      hostname: 'app.customer-one.com',
      id: HOST_ID,
      records: [ROUTING],
      complete: true,
      tokensExpired: false,
    });
    const ownershipLeft = instructions(makeHost({}, { status: 'active' }), opts);
    expect(ownershipLeft.records).toEqual([ROUTING, OWNERSHIP_TXT, OWNERSHIP_HTTP]);
  });

  it('is incomplete while Cloudflare has not produced the DCV records yet', () => {
    const fresh = makeHost({}, { status: 'initializing', validation_records: undefined });
    const todo = instructions(fresh, opts);
    expect(todo.complete).toBe(false);
    expect(todo.records).toEqual([ROUTING, OWNERSHIP_TXT, OWNERSHIP_HTTP]);
    expect(instructions(makeHost({}, { status: 'pending_validation', validation_records: [] }), opts).complete).toBe(
      false,
    );
  });

  it('is complete for an uploaded certificate, which has no DCV records to wait for', () => {
    const todo = instructions(uploadedHost(), opts);
    expect(todo).toEqual({
      hostname: 'app.customer-one.com',
      id: HOST_ID,
      records: [ROUTING, OWNERSHIP_TXT, OWNERSHIP_HTTP],
      complete: true,
      tokensExpired: false,
    });
    expect(renderText(todo)).not.toContain('not ready yet');
  });

  it('lists HTTP DCV files as optional for a non-wildcard certificate', () => {
    const url = 'http://app.customer-one.com/.well-known/pki-validation/ca3-0052b6ea1bb1447d966a7a4a5dba2d8c.txt';
    const host = makeHost(
      { status: 'active' },
      { method: 'http', validation_records: [{ http_url: url, http_body: 'ca3-574ae8f2' }] },
    );
    expect(instructions(host, opts).records).toEqual([
      ROUTING,
      { type: 'HTTP', name: url, value: 'ca3-574ae8f2', purpose: 'certificate', optional: true, note: DCV_NOTE },
    ]);
  });

  it('requires both TXT tokens of a wildcard certificate', () => {
    const host = makeHost(
      { status: 'active' },
      {
        wildcard: true,
        validation_records: [
          { txt_name: '_acme-challenge.app.customer-one.com', txt_value: 'apex-token' },
          { txt_name: '_acme-challenge.app.customer-one.com.', txt_value: 'wildcard-token' },
        ],
      },
    );
    expect(instructions(host, opts).records).toEqual([
      ROUTING,
      { type: 'TXT', name: '_acme-challenge.app.customer-one.com', value: 'apex-token', purpose: 'certificate' },
      { type: 'TXT', name: '_acme-challenge.app.customer-one.com', value: 'wildcard-token', purpose: 'certificate' },
    ]);
  });

  it('keeps one copy of a record listed twice (SSL.com lists one token set per key type)', () => {
    const token = { txt_name: '_acme-challenge.app.customer-one.com', txt_value: 'same-token' };
    const host = makeHost(
      { status: 'active' },
      { validation_records: [token, { ...token, txt_name: '_ACME-challenge.app.customer-one.com.' }] },
    );
    expect(instructions(host, opts).records).toHaveLength(2);
  });

  const DELEGATION = {
    type: 'CNAME',
    name: '_acme-challenge.app.customer-one.com',
    value: 'app.customer-one.com.5b0c5a2e.dcv.cloudflare.com',
    purpose: 'certificate',
  } as const;
  const WILDCARD_TOKEN = {
    type: 'TXT',
    name: '_acme-challenge.app.customer-one.com',
    value: '810b7d5f01154524b961ba0cd578acc2',
    purpose: 'certificate',
  } as const;
  const delegationRecords = [{ cname: DELEGATION.name, cname_target: DELEGATION.value }];

  it("offers the delegation CNAME Cloudflare lists as an optional alternative to the method's tokens", () => {
    const host = makeHost({ status: 'active' }, { wildcard: true, dcv_delegation_records: delegationRecords });
    const records = instructions(host, opts).records;
    expect(records).toEqual([ROUTING, WILDCARD_TOKEN, { ...DELEGATION, optional: true, note: expect.any(String) }]);
    expect(records[2]?.note).toContain('instead of a TXT record at this name');
  });

  it('requires the delegation CNAME for a wildcard when there are no tokens to place', () => {
    const host = makeHost(
      { status: 'active' },
      { wildcard: true, validation_records: [], dcv_delegation_records: delegationRecords },
    );
    expect(instructions(host, opts).records).toEqual([ROUTING, { ...DELEGATION, note: expect.any(String) }]);
  });

  it('builds the delegation CNAME from dcvDelegationTarget when Cloudflare lists none', () => {
    const todo = instructions(makeHost({ status: 'active' }), {
      ...opts,
      dcvDelegationTarget: '5b0c5a2e.dcv.cloudflare.com.',
    });
    expect(todo.records.map((r) => [r.type, r.name, r.value, r.optional === true])).toEqual([
      ['CNAME', 'app.customer-one.com', 'customers.saasprovider.com', false],
      ['TXT', '_acme-challenge.app.customer-one.com', '810b7d5f01154524b961ba0cd578acc2', true],
      ['CNAME', DELEGATION.name, DELEGATION.value, true],
    ]);
  });

  it('adds an apex note, normalises names, and defaults the ownership TXT name', () => {
    const host = makeHost({
      hostname: 'Customer-One.com',
      ownership_verification: { type: 'txt', value: OWNERSHIP_TOKEN },
      ownership_verification_http: null,
    });
    const todo = instructions(host, { cnameTarget: 'Customers.SaaSProvider.com.' });
    expect(todo.hostname).toBe('Customer-One.com');
    expect(todo.records.slice(0, 2)).toEqual([
      {
        type: 'CNAME',
        name: 'customer-one.com',
        value: CNAME_TARGET,
        purpose: 'routing',
        note: 'At the zone apex use CNAME flattening, or an ALIAS/ANAME record, if your DNS provider offers it.',
      },
      { ...OWNERSHIP_TXT, name: '_cf-custom-hostname.customer-one.com' },
    ]);
  });

  it('refuses a target that is not a hostname, before it reaches the zone file', () => {
    const injected = 'customers.saasprovider.com.\nevil.customer-one.com. 60 IN A 203.0.113.9';
    const cases: [Record<string, unknown>, string, unknown][] = [
      [{ cnameTarget: injected }, 'cnameTarget', injected],
      [{ cnameTarget: 'customers saasprovider.com' }, 'cnameTarget', 'customers saasprovider.com'],
      [{ cnameTarget: '*.saasprovider.com' }, 'cnameTarget', '*.saasprovider.com'],
      [{}, 'cnameTarget', undefined],
      [
        { ...opts, dcvDelegationTarget: `x.dcv.cloudflare.com\n@ IN NS evil.example` },
        'dcvDelegationTarget',
        `x.dcv.cloudflare.com\n@ IN NS evil.example`,
      ],
    ];
    for (const [options, field, value] of cases) {
      expect(() => instructions(makeHost(), options as never)).toThrowError(
        expect.objectContaining({ name: 'InputError', field, value }),
      );
    }
  });

  it('stamps generatedAt and survives a JSON round trip', () => {
    const todo = instructions(makeHost(), { ...opts, generatedAt: Date.parse('2026-01-05T09:00:12Z') });
    expect(todo.generatedAt).toBe('2026-01-05T09:00:12.000Z');
    const copy: Instructions = JSON.parse(JSON.stringify(todo));
    expect(copy).toEqual(todo);
    expect(renderZoneFile(copy)).toBe(renderZoneFile(todo));
  });
});

describe('renderZoneFile', () => {
  it('writes BIND lines, with HTTP files as comments', () => {
    expect(renderZoneFile(instructions(makeHost(), opts))).toBe(
      [
        `; app.customer-one.com (custom hostname ${HOST_ID})`,
        '; routing',
        'app.customer-one.com. 3600 IN CNAME customers.saasprovider.com.',
        '; ownership (optional)',
        `_cf-custom-hostname.app.customer-one.com. 3600 IN TXT "${OWNERSHIP_TOKEN}"`,
        '; ownership (optional)',
        `; HTTP: serve "${OWNERSHIP_TOKEN}" at http://app.customer-one.com/.well-known/cf-custom-hostname-challenge/${HOST_ID}`,
        '; certificate (optional)',
        '_acme-challenge.app.customer-one.com. 3600 IN TXT "810b7d5f01154524b961ba0cd578acc2"',
        '',
      ].join('\n'),
    );
  });

  it('escapes TXT content and splits it into 255-character strings', () => {
    const value = `${'a'.repeat(255)}b"c\\`;
    const todo: Instructions = {
      hostname: 'app.customer-one.com',
      id: HOST_ID,
      complete: false,
      tokensExpired: false,
      records: [{ type: 'TXT', name: 'x.customer-one.com', value, purpose: 'ownership' }],
    };
    expect(renderZoneFile(todo).split('\n').slice(2)).toEqual([
      `x.customer-one.com. 3600 IN TXT "${'a'.repeat(255)}" "b\\"c\\\\"`,
      '; certificate validation records are not ready yet: fetch these instructions again shortly',
      '',
    ]);
  });
});

describe('renderText', () => {
  it('writes one numbered step per record', () => {
    const todo = instructions(makeHost({ status: 'active' }, { status: 'initializing', validation_records: [] }), opts);
    expect(renderText(todo)).toBe(
      [
        'To connect app.customer-one.com:',
        '1. Add a CNAME record named app.customer-one.com with the value customers.saasprovider.com. It sends the traffic of this hostname to us.',
        'The certificate details are not ready yet; we will send them in a few minutes.',
        '',
      ].join('\n'),
    );
  });

  it('marks optional steps and explains each one', () => {
    const lines = renderText(instructions(makeHost(), opts)).split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[2]).toBe(
      `2. (Optional) Add a TXT record named _cf-custom-hostname.app.customer-one.com with the value ${OWNERSHIP_TOKEN}. It proves that you own this hostname. ${OWNERSHIP_TXT.note}`,
    );
    expect(lines[3]).toBe(
      `3. (Optional) Serve a file at ${OWNERSHIP_HTTP.name} (plain HTTP, status 200) whose whole content is: ${OWNERSHIP_TOKEN}. It proves that you own this hostname. ${OWNERSHIP_HTTP.note}`,
    );
    expect(lines[4]).toBe(
      `4. (Optional) Add a TXT record named _acme-challenge.app.customer-one.com with the value 810b7d5f01154524b961ba0cd578acc2. It lets the certificate authority issue the HTTPS certificate. ${DCV_NOTE}`,
    );
  });
});

describe('dnsName', () => {
  it('lower-cases and drops the trailing dot', () => {
    expect(dnsName(' Customers.SaaSProvider.com. ')).toBe('customers.saasprovider.com');
  });
});
