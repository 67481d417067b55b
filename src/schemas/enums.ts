/**
 * Every value of Cloudflare's server-side enums known to this version of the package
 * (from the 2026-08 OpenAPI document). Responses are never rejected for a value outside
 * these lists: the schemas accept any string (see {@link openEnum}).
 *
 * @example
 * ```ts
 * import { HOSTNAME_STATUSES } from 'cloudflare-custom-hostnames';
 * HOSTNAME_STATUSES.includes('active'); // true
 * ```
 * @module
 */

/** The 16 hostname (ownership) statuses. @example `HOSTNAME_STATUSES[0] // 'active'` */
export const HOSTNAME_STATUSES = [
  'active',
  'pending',
  'active_redeploying',
  'moved',
  'pending_deletion',
  'deleted',
  'pending_blocked',
  'pending_migration',
  'pending_provisioned',
  'test_pending',
  'test_active',
  'test_active_apex',
  'test_blocked',
  'test_failed',
  'provisioned',
  'blocked',
] as const;

/** The 21 certificate (`ssl.status`) statuses. @example `SSL_STATUSES.includes('pending_validation') // true` */
export const SSL_STATUSES = [
  'initializing',
  'pending_validation',
  'deleted',
  'pending_issuance',
  'pending_deployment',
  'pending_deletion',
  'pending_expiration',
  'expired',
  'active',
  'initializing_timed_out',
  'validation_timed_out',
  'issuance_timed_out',
  'deployment_timed_out',
  'deletion_timed_out',
  'pending_cleanup',
  'staging_deployment',
  'staging_active',
  'deactivating',
  'inactive',
  'backup_issued',
  'holding_deployment',
] as const;

/** The 6 fallback origin statuses. @example `FALLBACK_ORIGIN_STATUSES.includes('active') // true` */
export const FALLBACK_ORIGIN_STATUSES = [
  'initializing',
  'pending_deployment',
  'pending_deletion',
  'active',
  'deployment_timed_out',
  'deletion_timed_out',
] as const;

/** DCV methods. `email` is deprecated by Cloudflare but still in the API. @example `DCV_METHODS // ['http','txt','email']` */
export const DCV_METHODS = ['http', 'txt', 'email'] as const;

/** Certificate authorities. `digicert` no longer issues. @example `CERTIFICATE_AUTHORITIES.includes('google') // true` */
export const CERTIFICATE_AUTHORITIES = ['digicert', 'google', 'lets_encrypt', 'ssl_com'] as const;

/** Certificate bundle methods. @example `BUNDLE_METHODS[0] // 'ubiquitous'` */
export const BUNDLE_METHODS = ['ubiquitous', 'optimal', 'force'] as const;

/** Minimum TLS versions. @example `MIN_TLS_VERSIONS.includes('1.2') // true` */
export const MIN_TLS_VERSIONS = ['1.0', '1.1', '1.2', '1.3'] as const;

/** A hostname status known to this version. @example `const s: KnownHostnameStatus = 'pending'` */
export type KnownHostnameStatus = (typeof HOSTNAME_STATUSES)[number];
/** A certificate status known to this version. @example `const s: KnownSslStatus = 'pending_issuance'` */
export type KnownSslStatus = (typeof SSL_STATUSES)[number];
/** A fallback origin status known to this version. @example `const s: KnownFallbackOriginStatus = 'active'` */
export type KnownFallbackOriginStatus = (typeof FALLBACK_ORIGIN_STATUSES)[number];
/** A DCV method. @example `const m: DcvMethod = 'txt'` */
export type DcvMethod = (typeof DCV_METHODS)[number];
/** A certificate authority. @example `const ca: CertificateAuthority = 'lets_encrypt'` */
export type CertificateAuthority = (typeof CERTIFICATE_AUTHORITIES)[number];
/** A bundle method. @example `const b: BundleMethod = 'force'` */
export type BundleMethod = (typeof BUNDLE_METHODS)[number];
/** A minimum TLS version. @example `const v: MinTlsVersion = '1.2'` */
export type MinTlsVersion = (typeof MIN_TLS_VERSIONS)[number];
