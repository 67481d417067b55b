import type { SimContext } from './context.js';
import type { HostnameInput } from './hostname-input.js';
import { isoMicros } from './ids.js';
import { startDcvCycle } from './lifecycle.js';
import type { SslInput } from './ssl-input.js';
import { type CustomCertificate, type DcvToken, DEFAULT_AUTHORITY, type HostnameState } from './state.js';

const EMAIL_LOCAL_PARTS = ['admin', 'administrator', 'webmaster', 'hostmaster', 'postmaster'];

/**
 * Fresh DCV tokens for a hostname's current method and CA: one set per certificate, two for a
 * wildcard (apex + wildcard) and twice that for SSL.com (RSA + ECDSA cycles, §6.3).
 *
 * @example
 * ```ts
 * newTokens(ctx, host)[0].txtName; // '_acme-challenge.app.customer-one.com'
 * ```
 */
export function newTokens(ctx: SimContext, host: HostnameState): DcvToken[] {
  const { ids } = ctx.state;
  const sslCom = host.ssl.authority === 'ssl_com';
  const count = (host.ssl.wildcard ? 2 : 1) * (sslCom ? 2 : 1);
  const apex = host.hostname.split('.').slice(-2).join('.');
  return Array.from({ length: count }, () => {
    const path = sslCom ? `pki-validation/ca3-${ids.hex(32)}.txt` : `acme-challenge/${ids.hex(32)}`;
    return {
      txtName: `_acme-challenge.${host.hostname}`,
      txtValue: ids.hex(32),
      httpUrl: `http://${host.hostname}/.well-known/${path}`,
      httpBody: ids.hex(32),
      emails: EMAIL_LOCAL_PARTS.map((local) => `${local}@${apex}`),
    };
  });
}

/**
 * Gives uploaded certificates their ids.
 *
 * @example
 * ```ts
 * withIds(ctx, [{ keyType: 'rsa', certificate: pem }]);
 * ```
 */
export function withIds(ctx: SimContext, certificates: Omit<CustomCertificate, 'id'>[]): CustomCertificate[] {
  return certificates.map((c) => ({ ...c, id: ctx.state.ids.uuid() }));
}

/**
 * Starts deploying uploaded certificates at `at` (no DCV for them).
 *
 * @example
 * ```ts
 * deployUploads(ctx, host, certificates, now);
 * ```
 */
export function deployUploads(
  ctx: SimContext,
  host: HostnameState,
  certificates: CustomCertificate[],
  at: number,
): void {
  const { ssl } = host;
  ssl.custom = certificates;
  ssl.tokens = undefined;
  ssl.validationErrors = [];
  ssl.status = 'pending_deployment';
  ssl.phaseEndsAt = at + ctx.config.deploymentMs;
  ssl.uploadedOn = isoMicros(at, ctx.state.ids.micros());
}

function authorityOf(ssl: SslInput | undefined): string {
  const ca = ssl?.certificate_authority;
  return ca === undefined || ca === '' ? DEFAULT_AUTHORITY : ca;
}

/**
 * A new hostname created at `at` from checked input: `pending`, certificate `initializing`
 * until the validation records appear (or already `active` for a seeded live one).
 *
 * @example
 * ```ts
 * const host = newHostname(ctx, { hostname: 'app.customer-one.com', ssl: { method: 'txt', type: 'dv' } }, now);
 * ```
 */
export function newHostname(ctx: SimContext, input: HostnameInput, at: number, live = false): HostnameState {
  const { ids } = ctx.state;
  const ssl = input.ssl;
  const host: HostnameState = {
    id: ids.uuid(),
    hostname: input.hostname as string,
    seq: ctx.state.nextSeq++,
    createdAt: at,
    createdAtIso: isoMicros(at, ids.micros()),
    status: live ? 'active' : 'pending',
    scheduleStart: at,
    nextAttempt: 0,
    verificationErrors: [],
    ownershipValue: ids.uuid(),
    customMetadata: input.custom_metadata,
    customOriginServer: input.custom_origin_server,
    customOriginSni: input.custom_origin_sni,
    ssl: {
      id: ids.uuid(),
      type: ssl?.type ?? 'dv',
      method: ssl?.method ?? (ssl?.wildcard ? 'txt' : 'http'),
      authority: authorityOf(ssl),
      bundleMethod: ssl?.bundle_method ?? 'ubiquitous',
      wildcard: ssl?.wildcard ?? false,
      settings: ssl?.settings ?? {},
      status: live ? 'active' : 'initializing',
      recordsAt: at + ctx.config.validationRecordsDelayMs,
      tokens: undefined,
      scheduleStart: at,
      nextAttempt: 0,
      tokensExpireAt: Number.POSITIVE_INFINITY,
      validationErrors: [],
      issuableAt: at,
      phaseEndsAt: undefined,
      custom: undefined,
      uploadedOn: undefined,
    },
    version: 0,
  };
  if (ssl?.certificates) deployUploads(ctx, host, withIds(ctx, ssl.certificates), at);
  return host;
}

/**
 * Applies an edit's `ssl` (§2.4, §6.5): a new CA, or turning `wildcard` on or off, re-issues,
 * so it starts a new DCV cycle with new tokens (two TXT tokens for a wildcard, §6.3) even on
 * an active certificate (the old one would keep serving meanwhile); a new
 * method starts one on a certificate not yet active (an active one records the choice for its
 * renewal); repeating the current method and type is a refresh, reported as `'refresh'`.
 * A new certificate ordered from a CA (a new CA, `wildcard` turned on or off, or leaving an
 * uploaded certificate for a DCV method) is reported as `'reissue'`: like a create, it is a
 * submission that the zone's issuance limit counts (§8.4).
 *
 * @example
 * ```ts
 * applySslEdit(ctx, host, { method: 'txt', type: 'dv' }, now); // 'refresh' when it was already txt
 * ```
 */
export function applySslEdit(
  ctx: SimContext,
  host: HostnameState,
  input: SslInput,
  at: number,
): 'refresh' | 'reissue' | 'changed' {
  const { ssl } = host;
  const authority = input.certificate_authority === undefined ? ssl.authority : authorityOf(input);
  const newMethod = input.method !== undefined && input.method !== ssl.method;
  const newAuthority = authority !== ssl.authority;
  const sameMethodAndType = input.method === ssl.method && input.type === ssl.type;
  // Covering `*.hostname` or no longer: another certificate, with its own tokens (two for a wildcard).
  const newCoverage = input.wildcard !== undefined && input.wildcard !== ssl.wildcard;
  if (input.bundle_method !== undefined) ssl.bundleMethod = input.bundle_method;
  if (input.settings !== undefined) ssl.settings = input.settings;
  if (input.wildcard !== undefined) ssl.wildcard = input.wildcard;
  if (input.method !== undefined) ssl.method = input.method;
  ssl.authority = authority;
  if (input.certificates) {
    deployUploads(ctx, host, withIds(ctx, input.certificates), at);
    return 'changed';
  }
  const leavingUpload = ssl.custom !== undefined && input.method !== undefined;
  if (leavingUpload) ssl.custom = undefined;
  if (leavingUpload || newAuthority || newCoverage) {
    startDcvCycle(host, at, newTokens(ctx, host));
    return 'reissue';
  }
  if (newMethod && ssl.status !== 'active') {
    startDcvCycle(host, at, newTokens(ctx, host)); // the same certificate, validated another way
    return 'changed';
  }
  return sameMethodAndType && !newAuthority ? 'refresh' : 'changed';
}
