import { expect, test } from 'vitest';
import {
  CustomHostnameSchema,
  EnvelopeSchema,
  FALLBACK_ORIGIN_STATUSES,
  FallbackOriginSchema,
  HOSTNAME_STATUSES,
  QuotaSchema,
  ResultInfoSchema,
  SSL_STATUSES,
} from '../../src/schemas/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';
import { api, createVariedHostnames } from './helpers.js';

// Field names of the 2026 spec (reference §3): the simulator may leave fields out, never invent one.
const HOSTNAME_FIELDS = [
  'id',
  'hostname',
  'ssl',
  'status',
  'verification_errors',
  'ownership_verification',
  'ownership_verification_http',
  'custom_metadata',
  'custom_origin_server',
  'custom_origin_sni',
  'created_at',
];
const SSL_FIELDS = [
  'id',
  'type',
  'method',
  'status',
  'validation_records',
  'validation_errors',
  'dcv_delegation_records',
  'certificate_authority',
  'bundle_method',
  'wildcard',
  'settings',
  'custom_certificate',
  'custom_key',
  'custom_csr_id',
  'hosts',
  'issuer',
  'serial_number',
  'signature',
  'uploaded_on',
  'expires_on',
];
const RECORD_FIELDS = ['txt_name', 'txt_value', 'http_url', 'http_body', 'emails', 'cname', 'cname_target', 'status'];

async function richZone() {
  const clock = new VirtualClock({ start: Date.parse('2026-01-05T09:00:00Z') });
  const sim = createSimulator({ clock });
  sim.setFallbackOrigin('fallback.saasprovider.com');
  await createVariedHostnames(sim);
  await clock.advance(20_000);
  return sim;
}

function keysOutside(value: Record<string, unknown> | null | undefined, allowed: string[]): string[] {
  return Object.keys(value ?? {}).filter((k) => !allowed.includes(k));
}

test('every rendered field exists in the spec, every enum value is a known one, and the package schemas parse it', async () => {
  const sim = await richZone();
  const reply = await api(sim, 'GET', 'custom_hostnames?per_page=50');
  expect(EnvelopeSchema.safeParse(reply.json).success).toBe(true);
  expect(ResultInfoSchema.safeParse(reply.json.result_info).success).toBe(true);
  const hosts = reply.json.result as Array<Record<string, unknown>>;
  expect(hosts).toHaveLength(7);
  const sslStatuses = new Set<string>();
  for (const host of hosts) {
    expect(CustomHostnameSchema.safeParse(host).success).toBe(true);
    expect(keysOutside(host, HOSTNAME_FIELDS)).toEqual([]);
    const ssl = host.ssl as Record<string, unknown>;
    expect(keysOutside(ssl, SSL_FIELDS)).toEqual([]);
    for (const record of [...((ssl.validation_records as []) ?? []), ...((ssl.dcv_delegation_records as []) ?? [])]) {
      expect(keysOutside(record, RECORD_FIELDS)).toEqual([]);
    }
    expect(HOSTNAME_STATUSES).toContain(host.status);
    expect(SSL_STATUSES).toContain(ssl.status);
    sslStatuses.add(ssl.status as string);
  }
  // The fixture covers several certificate states.
  expect([...sslStatuses].sort()).toEqual(['pending_deployment', 'pending_issuance', 'pending_validation']);
  expect(hosts.find((h) => h.hostname === 'caa.customer-two.com')?.ssl).toMatchObject({
    settings: { min_tls_version: '1.2', http2: 'on' },
    validation_errors: [{ message: expect.stringContaining('CAA') }],
  });
});

test('fallback origin and quota answers parse with the package schemas and use known statuses', async () => {
  const sim = await richZone();
  const fallback = await api(sim, 'GET', 'custom_hostnames/fallback_origin');
  expect(FallbackOriginSchema.safeParse(fallback.json.result).success).toBe(true);
  expect(FALLBACK_ORIGIN_STATUSES).toContain(fallback.json.result.status);
  expect(Object.keys(fallback.json.result).sort()).toEqual(['created_at', 'errors', 'origin', 'status', 'updated_at']);
  const quota = await api(sim, 'GET', 'custom_hostnames/quota');
  expect(QuotaSchema.safeParse(quota.json.result).success).toBe(true);
  expect(Object.keys(quota.json.result).sort()).toEqual(['allocated', 'exceeded', 'hard_cap', 'used']);
});

test('created_at and the timestamps carry microseconds and parse to the virtual time', async () => {
  const sim = await richZone();
  for (const host of sim.hostnames()) {
    expect(host.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(host.created_at as string)).toBe(Date.parse('2026-01-05T09:00:00Z'));
  }
});
