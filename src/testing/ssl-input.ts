import { BUNDLE_METHODS, CERTIFICATE_AUTHORITIES, DCV_METHODS, MIN_TLS_VERSIONS } from '../schemas/enums.js';
import { type ApiFailure, failure, isFailure } from './envelopes.js';
import type { CustomCertificate } from './state.js';

const SSL_KEYS = new Set([
  'method',
  'type',
  'certificate_authority',
  'bundle_method',
  'wildcard',
  'settings',
  'cloudflare_branding',
  'custom_certificate',
  'custom_key',
  'custom_csr_id',
  'custom_cert_bundle',
]);
// `tls_1_2_only` is a legacy setting the spec leaves out; the API still checks it (1423).
const SETTINGS_KEYS = new Set(['min_tls_version', 'tls_1_3', 'http2', 'early_hints', 'ciphers', 'tls_1_2_only']);
/** A CSR's id, as the spec's example has it (a UUID). */
const CSR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ON_OFF = ['on', 'off'];

/**
 * A request's `ssl` object after the checks (§3.3), uploaded certificates parsed into key types.
 *
 * @example
 * ```ts
 * const input: SslInput = { method: 'txt', type: 'dv' };
 * ```
 */
export interface SslInput {
  method?: string;
  type?: string;
  certificate_authority?: string;
  bundle_method?: string;
  wildcard?: boolean;
  settings?: Record<string, unknown>;
  cloudflare_branding?: boolean;
  certificates?: Omit<CustomCertificate, 'id'>[];
}

/**
 * A plain JSON object, as opposed to an array or a scalar.
 *
 * @example
 * ```ts
 * isPlainObject({}); // true
 * isPlainObject([]); // false
 * ```
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const bad = (code: number, message: string) => failure(400, code, message);

function checkSettings(settings: unknown): ApiFailure | null {
  if (!isPlainObject(settings)) return bad(1434, 'Invalid SSL attribute: settings must be an object.');
  for (const key of Object.keys(settings)) {
    if (!SETTINGS_KEYS.has(key)) return bad(1434, `Invalid SSL attribute: settings.${key}.`);
  }
  const { http2, tls_1_3, min_tls_version, early_hints, ciphers, tls_1_2_only } = settings;
  if (http2 !== undefined && !ON_OFF.includes(http2 as string)) return bad(1422, 'http2 must be "on" or "off".');
  if (tls_1_2_only !== undefined && !ON_OFF.includes(tls_1_2_only as string)) {
    return bad(1423, 'tls_1_2_only must be "on" or "off".');
  }
  if (tls_1_3 !== undefined && !ON_OFF.includes(tls_1_3 as string)) return bad(1424, 'tls_1_3 must be "on" or "off".');
  if (min_tls_version !== undefined && !(MIN_TLS_VERSIONS as readonly unknown[]).includes(min_tls_version)) {
    return bad(1425, 'min_tls_version must be one of 1.0, 1.1, 1.2, 1.3.');
  }
  if (early_hints !== undefined && !ON_OFF.includes(early_hints as string)) {
    return bad(1434, 'Invalid SSL attribute: early_hints must be "on" or "off".');
  }
  if (ciphers !== undefined) {
    // BoringSSL names, each at most once (the spec's `uniqueItems`, §3.5).
    const named = Array.isArray(ciphers) && ciphers.every((c) => typeof c === 'string' && /^[A-Z0-9_-]+$/.test(c));
    if (!named || new Set(ciphers).size !== ciphers.length) return bad(1442, 'Invalid ciphers.');
    if (ciphers.length > 0 && min_tls_version === '1.3') {
      return bad(1443, 'Cipher selection is not allowed when the minimum TLS version is 1.3.');
    }
  }
  return null;
}

function parseUpload(certificate: unknown, key: unknown): Omit<CustomCertificate, 'id'> | ApiFailure {
  if (typeof certificate !== 'string' || certificate.trim() === '') return bad(1427, 'The certificate is empty.');
  if (pemBody(certificate, 'CERTIFICATE') === undefined) return bad(1426, 'The certificate could not be parsed.');
  const keyLabel = typeof key === 'string' ? /-----BEGIN ((?:RSA |EC )?PRIVATE KEY)-----/.exec(key)?.[1] : undefined;
  const keyBody = keyLabel === undefined ? undefined : pemBody(key as string, keyLabel);
  if (keyLabel === undefined || keyBody === undefined) return bad(1428, 'The private key could not be parsed.');
  return { certificate, keyType: keyTypeOf(keyLabel, keyBody) };
}

/**
 * The base64 body of the PEM block `label`, or `undefined` when there is none or it is not
 * base64 (not even the encoding of some DER: what Cloudflare cannot parse).
 */
function pemBody(pem: string, label: string): string | undefined {
  const body = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(pem)?.[1];
  const compact = body?.replace(/\s+/g, '');
  return compact && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact) ? compact : undefined;
}

/** DER of the OID 1.2.840.10045.2.1 (id-ecPublicKey), which a PKCS#8 EC key names. */
const EC_KEY_OID = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];

/**
 * The type of the key with PEM label `label` and base64 `body`. `EC PRIVATE KEY` (SEC 1) and
 * `RSA PRIVATE KEY` (PKCS#1) say it in the label; a PKCS#8 `PRIVATE KEY` says it in its
 * algorithm identifier, an OID in the DER.
 */
function keyTypeOf(label: string, body: string): 'rsa' | 'ecdsa' {
  if (label === 'EC PRIVATE KEY') return 'ecdsa';
  if (label !== 'PRIVATE KEY') return 'rsa';
  const der = atob(body);
  // The algorithm identifier comes within the first few bytes; a short search is enough.
  const head = Array.from(der.slice(0, 32), (c) => c.charCodeAt(0));
  const found = head.some((_, i) => EC_KEY_OID.every((byte, j) => head[i + j] === byte));
  return found ? 'ecdsa' : 'rsa';
}

function parseUploads(ssl: Record<string, unknown>): Omit<CustomCertificate, 'id'>[] | ApiFailure | undefined {
  if (ssl.custom_csr_id !== undefined) {
    // No CSR is ever made here: a well-formed id names one that does not exist.
    if (typeof ssl.custom_csr_id !== 'string' || !CSR_ID.test(ssl.custom_csr_id)) {
      return bad(1430, 'Invalid custom CSR ID.');
    }
    return failure(404, 1431, 'Custom CSR not found.');
  }
  if (ssl.custom_cert_bundle !== undefined) {
    const bundle = ssl.custom_cert_bundle;
    if (!Array.isArray(bundle) || bundle.length < 1 || bundle.length > 2 || !bundle.every(isPlainObject)) {
      return bad(1434, 'Invalid SSL attribute: custom_cert_bundle must hold one or two certificates.');
    }
    const parsed = bundle.map((item) => parseUpload(item.custom_certificate, item.custom_key));
    const failed = parsed.find(isFailure);
    if (failed) return failed;
    const certs = parsed as Omit<CustomCertificate, 'id'>[];
    if (certs.length === 2 && certs[0]?.keyType === certs[1]?.keyType) {
      return bad(1434, 'Invalid SSL attribute: a bundle holds one RSA and one ECDSA certificate.');
    }
    return certs;
  }
  if (ssl.custom_certificate !== undefined || ssl.custom_key !== undefined) {
    const parsed = parseUpload(ssl.custom_certificate, ssl.custom_key);
    return isFailure(parsed) ? parsed : [parsed];
  }
  return undefined;
}

function checkScalars(ssl: Record<string, unknown>): ApiFailure | null {
  for (const key of Object.keys(ssl)) if (!SSL_KEYS.has(key)) return bad(1434, `Invalid SSL attribute: ${key}.`);
  const { method, type, certificate_authority: ca, bundle_method, wildcard, cloudflare_branding } = ssl;
  if (method !== undefined && !(DCV_METHODS as readonly unknown[]).includes(method)) {
    return bad(1432, 'Unsupported validation method. Supported methods are http, email and txt.');
  }
  if (type !== undefined && type !== 'dv') return bad(1433, 'Unsupported validation type. Only dv is supported.');
  if (ca !== undefined && ca !== '' && !(CERTIFICATE_AUTHORITIES as readonly unknown[]).includes(ca)) {
    return bad(1434, 'Invalid SSL attribute: certificate_authority.');
  }
  if (ca === 'digicert') return bad(1434, 'Invalid SSL attribute: DigiCert no longer issues certificates.');
  if (bundle_method !== undefined && !(BUNDLE_METHODS as readonly unknown[]).includes(bundle_method)) {
    return bad(1449, 'bundle_method must be one of ubiquitous, optimal, force.');
  }
  if (wildcard !== undefined && typeof wildcard !== 'boolean') return bad(1434, 'Invalid SSL attribute: wildcard.');
  if (cloudflare_branding !== undefined && typeof cloudflare_branding !== 'boolean') {
    return bad(1434, 'Invalid SSL attribute: cloudflare_branding.');
  }
  if (wildcard === true && method !== undefined && method !== 'txt') {
    return bad(1434, 'Invalid SSL attribute: wildcard certificates need the txt validation method.');
  }
  if (ssl.settings !== undefined) {
    const problem = checkSettings(ssl.settings);
    if (problem) return problem;
    if (wildcard === true && Object.keys(ssl.settings as object).length > 0) {
      return bad(1434, 'Invalid SSL attribute: TLS settings cannot be customised on wildcard hostnames.');
    }
  }
  return null;
}

/**
 * Checks a request's `ssl` object with the codes of §7.1 and returns it normalised, or the
 * failure to answer.
 *
 * @example
 * ```ts
 * parseSslInput({ method: 'sms', type: 'dv' }); // failure 400 / 1432
 * parseSslInput({ method: 'txt', type: 'dv' }); // { method: 'txt', type: 'dv' }
 * ```
 */
export function parseSslInput(value: unknown): SslInput | ApiFailure {
  if (!isPlainObject(value)) return bad(1434, 'Invalid SSL attribute: ssl must be an object.');
  const problem = checkScalars(value);
  if (problem) return problem;
  const uploads = parseUploads(value);
  if (isFailure(uploads)) return uploads;
  const out: SslInput = {};
  for (const key of [
    'method',
    'type',
    'certificate_authority',
    'bundle_method',
    'wildcard',
    'cloudflare_branding',
  ] as const) {
    if (value[key] !== undefined) (out as Record<string, unknown>)[key] = value[key];
  }
  if (value.settings !== undefined) out.settings = { ...(value.settings as Record<string, unknown>) };
  if (uploads) out.certificates = uploads;
  return out;
}
