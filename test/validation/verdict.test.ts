import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOSTNAME_STATUSES, SSL_STATUSES } from '../../src/schemas/index.js';
import {
  classify,
  FAILED_HOSTNAME_STATUSES,
  FAILED_SSL_STATUSES,
  isServing,
  SERVING_HOSTNAME_STATUSES,
  type Verdict,
} from '../../src/validation/verdict.js';
import { activeHost, makeHost } from './fixtures.js';

type Expected = Pick<Verdict, 'state' | 'actor'> & { fix?: string; missing?: string[] };

const ACTIVE: Expected = { state: 'active', actor: 'none' };
const OWNERSHIP: Expected = { state: 'waiting_on_customer', actor: 'customer', missing: ['ownership'] };
const CLOUDFLARE: Expected = { state: 'waiting_on_cloudflare', actor: 'cloudflare' };
const failed = (actor: string, fix: string) => ({ state: 'failed', actor, fix }) as Expected;

/** Every hostname status, with an active certificate and no verification errors. */
const BY_HOSTNAME_STATUS: Record<(typeof HOSTNAME_STATUSES)[number], Expected> = {
  active: ACTIVE,
  active_redeploying: ACTIVE,
  pending: OWNERSHIP,
  pending_provisioned: OWNERSHIP,
  provisioned: OWNERSHIP,
  pending_migration: OWNERSHIP,
  test_pending: OWNERSHIP,
  test_active: CLOUDFLARE,
  test_active_apex: CLOUDFLARE,
  moved: failed('customer', 'recheck'),
  test_failed: failed('customer', 'recheck'),
  deleted: failed('provider', 'recreate'),
  pending_deletion: failed('provider', 'recreate'),
  blocked: failed('provider', 'contact_cloudflare'),
  pending_blocked: CLOUDFLARE, // in progress towards blocked (§5.1)
  test_blocked: failed('provider', 'contact_cloudflare'),
};

/** Every certificate status, on an active hostname with no validation errors. */
const BY_SSL_STATUS: Record<(typeof SSL_STATUSES)[number], Expected> = {
  active: ACTIVE,
  pending_validation: { state: 'waiting_on_customer', actor: 'customer', missing: ['certificate'] },
  initializing: CLOUDFLARE,
  pending_issuance: CLOUDFLARE,
  pending_deployment: CLOUDFLARE,
  holding_deployment: CLOUDFLARE,
  staging_deployment: CLOUDFLARE,
  pending_cleanup: CLOUDFLARE,
  backup_issued: CLOUDFLARE,
  pending_expiration: CLOUDFLARE,
  validation_timed_out: failed('customer', 'recheck'),
  initializing_timed_out: failed('provider', 'recheck'),
  issuance_timed_out: failed('provider', 'recheck'),
  deployment_timed_out: failed('provider', 'recheck'),
  deletion_timed_out: failed('provider', 'recheck'),
  expired: failed('provider', 'recheck'),
  deleted: failed('provider', 'recheck'),
  pending_deletion: failed('provider', 'recheck'),
  deactivating: failed('provider', 'recheck'),
  inactive: failed('provider', 'recheck'),
  staging_active: failed('provider', 'contact_cloudflare'),
};

function shape(v: Verdict): Expected {
  const out: Expected = { state: v.state, actor: v.actor };
  if ('fix' in v) out.fix = v.fix;
  if ('missing' in v) out.missing = v.missing;
  return out;
}

describe('classify: every hostname status', () => {
  it('covers all 16 known values', () => {
    expect(Object.keys(BY_HOSTNAME_STATUS).sort()).toEqual([...HOSTNAME_STATUSES].sort());
  });

  it.each(Object.entries(BY_HOSTNAME_STATUS))('%s', (status, expected) => {
    const verdict = classify(makeHost({ status, verification_errors: [] }, { status: 'active' }));
    expect(shape(verdict)).toEqual(expected);
    expect(verdict.reason).toBe(
      expected.state === 'active' ? 'hostname and certificate are active' : `hostname is ${status}`,
    );
  });
});

describe('classify: every certificate status', () => {
  it('covers all 21 known values', () => {
    expect(Object.keys(BY_SSL_STATUS).sort()).toEqual([...SSL_STATUSES].sort());
  });

  it.each(Object.entries(BY_SSL_STATUS))('%s', (status, expected) => {
    const verdict = classify(makeHost({ status: 'active', verification_errors: [] }, { status }));
    expect(shape(verdict)).toEqual(expected);
    if (expected.state !== 'active') expect(verdict.reason).toBe(`certificate is ${status}`);
  });

  it('lets a failed hostname status win over a failed certificate status', () => {
    const verdict = classify(makeHost({ status: 'blocked' }, { status: 'validation_timed_out' }));
    expect(shape(verdict)).toEqual(failed('provider', 'contact_cloudflare'));
  });

  it('asks for every step a new hostname still owes', () => {
    const verdict = classify(makeHost());
    expect(verdict).toEqual({
      state: 'waiting_on_customer',
      actor: 'customer',
      missing: ['routing', 'ownership', 'certificate'],
      reason: 'hostname is pending: custom hostname does not CNAME to this zone.; certificate is pending_validation',
    });
  });

  it('puts the customer before Cloudflare when ownership is pending and the certificate is issuing', () => {
    const verdict = classify(makeHost({ verification_errors: [] }, { status: 'pending_issuance' }));
    expect(shape(verdict)).toEqual(OWNERSHIP);
  });
});

describe('classify: verification_errors (§7.2)', () => {
  const pending = (message: string) => classify(makeHost({ verification_errors: [message] }, { status: 'active' }));
  const routing: Expected = { state: 'waiting_on_customer', actor: 'customer', missing: ['routing', 'ownership'] };

  it.each([
    'Custom hostname does not `CNAME` to this zone.',
    'custom hostname does not CNAME to this zone.',
    'CUSTOM HOSTNAME DOES NOT CNAME TO THIS ZONE.',
    'None of the `A` or `AAAA` records are owned by this account and the pre-generated ownership validation token was not found.',
    'None of the A or AAAA records are owned by this account and the pre-generated ownership verification token was not found.',
    'This account and the pre-generated ownership validation token was not found.',
  ])('%s → routing and ownership', (message) => {
    const verdict = pending(message);
    expect(shape(verdict)).toEqual(routing);
    expect(verdict.reason).toBe(`hostname is pending: ${message}`);
  });

  it.each([
    'Zone does not have a fallback origin set.',
    'Fallback origin is in a status of `initializing`, `pending_deployment`, `pending_deletion`, or `deleted`.',
  ])('%s → waiting on the provider', (message) => {
    expect(pending(message)).toEqual({
      state: 'waiting_on_cloudflare',
      actor: 'provider',
      reason: `fallback origin not ready: ${message}`,
    });
  });

  it('fails with fix_fallback_origin when the fallback origin is known to be missing or timed out', () => {
    const host = makeHost({ verification_errors: ['Zone does not have a fallback origin set.'] }, { status: 'active' });
    expect(classify(host, { fallbackOrigin: null })).toEqual({
      state: 'failed',
      actor: 'provider',
      fix: 'fix_fallback_origin',
      reason: 'no fallback origin is set: Zone does not have a fallback origin set.',
    });
    const timedOut = classify(host, {
      fallbackOrigin: { origin: 'fallback.saasprovider.com', status: 'deployment_timed_out' },
    });
    expect(shape(timedOut)).toEqual(failed('provider', 'fix_fallback_origin'));
    expect(timedOut.reason).toMatch(/^fallback origin is deployment_timed_out: /);
    const deploying = classify(host, {
      fallbackOrigin: { origin: 'fallback.saasprovider.com', status: 'pending_deployment' },
    });
    expect(shape(deploying)).toEqual({ state: 'waiting_on_cloudflare', actor: 'provider' });
  });

  it('keeps ownership pending on a message it does not know, quoting it', () => {
    const verdict = pending('Something new went wrong.');
    expect(shape(verdict)).toEqual(OWNERSHIP);
    expect(verdict.reason).toBe('hostname is pending: Something new went wrong.');
  });

  it('ignores stale messages once the hostname is active', () => {
    const host = makeHost(
      { status: 'active', verification_errors: ['Zone does not have a fallback origin set.'] },
      { status: 'active' },
    );
    expect(shape(classify(host))).toEqual(ACTIVE);
  });
});

describe('classify: ssl.validation_errors (§7.3)', () => {
  const withError = (message: string, status = 'pending_validation') =>
    classify(makeHost({ status: 'active', verification_errors: [] }, { status, validation_errors: [{ message }] }));

  it.each([
    [
      'CAA records block issuance. Please remove all CAA records or add records for this authority.',
      failed('customer', 'fix_dns'),
    ],
    ['dns problem: looking up caa for app.customer-one.com: dnssec: bogus', failed('customer', 'fix_dns')],
    [
      'the Certificate Authority had trouble performing a DNS lookup: dns problem: looking up caa for app.customer-one.com: dnssec: bogus',
      failed('customer', 'fix_dns'),
    ],
    ['Issuance blocked by a CAA error for app.customer-one.com', failed('customer', 'fix_dns')],
    [
      'The authority has rate limited these domains. Please wait for the rate limit to expire or try another authority.',
      failed('provider', 'change_ca'),
    ],
    ['The certificate authority will not issue for this domain.', failed('provider', 'change_ca')],
    ['app.customer-one.com reported as potential risk: google_safe_browsing', failed('provider', 'contact_cloudflare')],
    ['app.customer-one.com reported as potential risk: phishtank', failed('provider', 'contact_cloudflare')],
    [
      'Issuance blocked due to the Common Name being too long (over 64 characters).',
      failed('provider', 'contact_cloudflare'),
    ],
    ['Domain validation failed for app.customer-one.com', failed('provider', 'recheck')],
  ])('%s', (message, expected) => {
    const verdict = withError(message);
    expect(shape(verdict)).toEqual(expected);
    expect(verdict.reason).toBe(`certificate authority: ${message}`);
  });

  it.each([
    'Certificate authority encountered a SERVFAIL during DNS lookup, please check your DNS reachability.',
    'SERVFAIL looking up CAA for app.customer-one.com',
    'Certificate authority encountered a multiple perspective CAA check error, please ensure your DNS is configured to allow CAA queries from all geographic perspectives.',
    'Certificate authority encountered a multiple perspective CAA check error, please ensure your DNS is configured to allow CAA queries',
  ])('%s → waiting on the customer', (message) => {
    for (const status of ['pending_validation', 'pending_issuance']) {
      const verdict = withError(message, status);
      expect(verdict).toEqual({
        state: 'waiting_on_customer',
        actor: 'customer',
        missing: ['certificate'],
        reason: `certificate is ${status}: ${message}`,
      });
    }
  });

  it('reads a CA internal error as waiting, for the provider to act on (§7.3), even during validation', () => {
    const message = 'Internal error with Certificate Authority. Please check later.';
    for (const status of ['pending_validation', 'pending_issuance']) {
      expect(withError(message, status)).toEqual({
        state: 'waiting_on_cloudflare',
        actor: 'provider',
        reason: `certificate is ${status}: ${message} (retry later; change the certificate authority if it lasts over 24 h)`,
      });
    }
  });

  it('ignores certificate errors once the certificate is active, and empty messages', () => {
    expect(shape(withError('CAA records block issuance.', 'active'))).toEqual(ACTIVE);
    const host = makeHost(
      { status: 'active' },
      { status: 'pending_issuance', validation_errors: [{}, { message: '' }] },
    );
    expect(classify(host)).toEqual({
      state: 'waiting_on_cloudflare',
      actor: 'cloudflare',
      reason: 'certificate is pending_issuance',
    });
  });
});

describe('classify: statuses this version does not know', () => {
  it('reports them as unknown, in progress, never failed', () => {
    expect(classify(makeHost({ status: 'quarantined', verification_errors: [] }, { status: 'active' }))).toEqual({
      state: 'unknown',
      actor: 'cloudflare',
      status: 'quarantined',
      sslStatus: 'active',
      reason: 'status not known to this version (hostname "quarantined", certificate "active"): treated as in progress',
    });
    const ssl = classify(makeHost({ status: 'active' }, { status: 'pending_quantum_issuance' }));
    expect(ssl).toMatchObject({ state: 'unknown', status: 'active', sslStatus: 'pending_quantum_issuance' });
  });

  it('treats a missing status or certificate as unknown', () => {
    const noStatus = { ...makeHost({ verification_errors: [] }, { status: 'active' }), status: undefined };
    expect(classify(noStatus)).toMatchObject({ state: 'unknown', status: '', sslStatus: 'active' });
    const noSsl = { ...activeHost(), ssl: null };
    expect(classify(noSsl)).toMatchObject({ state: 'unknown', status: 'active', sslStatus: '' });
  });

  it('still asks the customer for what a known status says is missing', () => {
    expect(shape(classify(makeHost({ verification_errors: [] }, { status: 'brand_new' })))).toEqual(OWNERSHIP);
  });

  it('a status named like an object built-in is unknown, not a class', () => {
    for (const status of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(classify(makeHost({ status, verification_errors: [] }, { status })).state).toBe('unknown');
      expect(isServing(makeHost({ status }, { status: 'active' }))).toBe(false);
    }
  });

  it('never fails on unknown statuses, whatever the messages', () => {
    const known = new Set<string>([...HOSTNAME_STATUSES, ...SSL_STATUSES]);
    const unknownStatus = fc.string().filter((s) => !known.has(s));
    fc.assert(
      fc.property(unknownStatus, unknownStatus, fc.array(fc.string()), (status, sslStatus, messages) => {
        const verdict = classify(makeHost({ status, verification_errors: messages }, { status: sslStatus }));
        expect(['unknown', 'waiting_on_customer', 'waiting_on_cloudflare']).toContain(verdict.state);
        const quiet = classify(makeHost({ status, verification_errors: [] }, { status: sslStatus }));
        expect(quiet.state).toBe('unknown');
      }),
    );
  });
});

describe('isServing and the status lists', () => {
  it('is true only for an active hostname with an active certificate', () => {
    expect(isServing(activeHost())).toBe(true);
    expect(isServing(activeHost({ status: 'active_redeploying' }))).toBe(true);
    expect(isServing(makeHost({ status: 'active' }, { status: 'pending_deployment' }))).toBe(false);
    expect(isServing(makeHost({ status: 'test_active' }, { status: 'active' }))).toBe(false);
    expect(isServing({ ...activeHost(), ssl: undefined })).toBe(false);
  });

  it('lists the serving and failed statuses', () => {
    expect(SERVING_HOSTNAME_STATUSES).toEqual(['active', 'active_redeploying']);
    expect([...FAILED_HOSTNAME_STATUSES].sort()).toEqual(
      ['blocked', 'deleted', 'moved', 'pending_deletion', 'test_blocked', 'test_failed'].sort(),
    );
    expect([...FAILED_SSL_STATUSES].sort()).toEqual(
      [
        'deactivating',
        'deleted',
        'deletion_timed_out',
        'deployment_timed_out',
        'expired',
        'inactive',
        'initializing_timed_out',
        'issuance_timed_out',
        'pending_deletion',
        'staging_active',
        'validation_timed_out',
      ].sort(),
    );
  });

  it('gives verdicts that survive JSON', () => {
    const verdict = classify(makeHost());
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
  });
});
