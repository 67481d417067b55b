/**
 * The simulator's private model of a custom hostname. Responses are rendered from it
 * (render.ts); the lifecycle (lifecycle.ts) moves it through time.
 * @module
 */

/**
 * One DCV token set: what the customer must place for one certificate.
 *
 * @example
 * ```ts
 * const t: DcvToken = { txtName: '_acme-challenge.app.customer-one.com', txtValue: 'ab12…', httpUrl: 'http://…', httpBody: 'cd34…', emails: [] };
 * ```
 */
export interface DcvToken {
  txtName: string;
  txtValue: string;
  httpUrl: string;
  httpBody: string;
  emails: string[];
}

/**
 * An uploaded certificate in the hostname's certificate pack.
 *
 * @example
 * ```ts
 * const c: CustomCertificate = { id: '…', keyType: 'rsa', certificate: '-----BEGIN CERTIFICATE-----…' };
 * ```
 */
export interface CustomCertificate {
  id: string;
  keyType: 'rsa' | 'ecdsa';
  certificate: string;
}

/**
 * The certificate side of a hostname.
 *
 * @example
 * ```ts
 * host.ssl.status; // 'pending_validation'
 * ```
 */
export interface CertificateState {
  id: string;
  type: string;
  method: string;
  authority: string;
  bundleMethod: string;
  wildcard: boolean;
  settings: Record<string, unknown>;
  status: string;
  /** When the current DCV cycle's tokens appear (`initializing` until then). */
  recordsAt: number;
  tokens: DcvToken[] | undefined;
  /** Start of the DCV check schedule and the next attempt index in it. */
  scheduleStart: number;
  nextAttempt: number;
  tokensExpireAt: number;
  validationErrors: string[];
  /**
   * The earliest time the certificate may be issued: when it was submitted (created, or
   * re-issued by an edit), or the end of the issuance block it was submitted in (§8.4).
   */
  issuableAt: number;
  /** When the current `pending_issuance`/`pending_deployment` phase ends, once started. */
  phaseEndsAt: number | undefined;
  custom: CustomCertificate[] | undefined;
  uploadedOn: string | undefined;
}

/**
 * A custom hostname as the simulator keeps it.
 *
 * @example
 * ```ts
 * host.status; // 'pending' | 'active' | 'moved' | 'deleted'
 * ```
 */
export interface HostnameState {
  id: string;
  hostname: string;
  seq: number;
  createdAt: number;
  createdAtIso: string;
  status: 'pending' | 'active' | 'moved' | 'deleted';
  /** Start of the ownership check schedule (creation or the last refresh) and the next attempt index. */
  scheduleStart: number;
  nextAttempt: number;
  verificationErrors: string[];
  ownershipValue: string;
  customMetadata: Record<string, unknown> | undefined;
  customOriginServer: string | undefined;
  customOriginSni: string | undefined;
  ssl: CertificateState;
  /** Bumped on every change made by a request, so stale scheduler entries are skipped. */
  version: number;
}

/** The domain a CAA `issue` record must name for each CA (§6.3). @example `CA_DOMAINS.google // 'pki.goog'` */
export const CA_DOMAINS: Record<string, string> = {
  lets_encrypt: 'letsencrypt.org',
  google: 'pki.goog',
  ssl_com: 'ssl.com',
  digicert: 'digicert.com',
};

/** The CA used when none is chosen. @example `DEFAULT_AUTHORITY // 'google'` */
export const DEFAULT_AUTHORITY = 'google';
