/**
 * Request parameters for custom hostnames and the fallback origin, with Cloudflare's own
 * snake_case names so examples from Cloudflare's docs carry over. Every call checks its
 * parameters before sending (see `src/input`); a wrong value throws `InputError`.
 *
 * @example
 * ```ts
 * const params: CreateCustomHostnameParams = { hostname: 'app.customer-one.com', ssl: { method: 'txt', type: 'dv' } };
 * ```
 * @module
 */
import type {
  BundleMethod,
  CertificateAuthority,
  DcvMethod,
  KnownHostnameStatus,
  KnownSslStatus,
  MinTlsVersion,
} from '../schemas/enums.js';

/**
 * TLS settings of a custom hostname's certificate (schema `sslsettings`).
 *
 * @example
 * ```ts
 * const settings: SslSettingsInput = { min_tls_version: '1.2', http2: 'on', ciphers: ['ECDHE-RSA-AES128-GCM-SHA256'] };
 * ```
 */
export interface SslSettingsInput {
  /** Lowest TLS version accepted; the zone's minimum when omitted. A string: `'1.2'`, not `1.2`. */
  min_tls_version?: MinTlsVersion | undefined;
  /** TLS 1.3 on or off (strings, not booleans). */
  tls_1_3?: 'on' | 'off' | undefined;
  /** HTTP/2 on or off. */
  http2?: 'on' | 'off' | undefined;
  /** Early Hints on or off. */
  early_hints?: 'on' | 'off' | undefined;
  /** Allowed cipher suites, BoringSSL names, unique. Not with `min_tls_version: '1.3'` (code 1443). */
  ciphers?: string[] | undefined;
}

/**
 * The certificate part of a create or edit (schema `sslpost`).
 *
 * @example
 * ```ts
 * const ssl: SslInput = { method: 'txt', type: 'dv', settings: { min_tls_version: '1.2' } };
 * const changeCa: SslInput = { method: 'txt', type: 'dv', certificate_authority: 'google' };
 * ```
 */
export interface SslInput {
  /**
   * How the certificate authority checks control of the hostname (DCV): `http` (a file
   * Cloudflare serves once traffic reaches it) or `txt` (a DNS record the customer adds).
   * `email` still exists in the API but Cloudflare has deprecated it.
   */
  method?: DcvMethod | undefined;
  /** Validation type: only `dv` (domain validation). */
  type?: 'dv' | undefined;
  /**
   * Issuing CA (Enterprise). `''` asks for the default CA. Needs `method` and `type` in the
   * same call (code 1440). `digicert` no longer issues.
   */
  certificate_authority?: CertificateAuthority | '' | undefined;
  /** Chain to serve: `ubiquitous` (default), `optimal` or `force`. */
  bundle_method?: BundleMethod | undefined;
  /** Cover `*.hostname` too (Enterprise). Validated by TXT (the default then): `method: 'http'` cannot prove a wildcard. */
  wildcard?: boolean | undefined;
  /** TLS settings. */
  settings?: SslSettingsInput | undefined;
  /** Use a `sni.cloudflaressl.com` subdomain as the certificate's common name. */
  cloudflare_branding?: boolean | undefined;
  /** A custom certificate (PEM), with `custom_key`, or with `custom_csr_id` when Cloudflare holds the key. */
  custom_certificate?: string | undefined;
  /** The custom certificate's private key (PEM). Never shown in errors. */
  custom_key?: string | undefined;
  /** The id of a Cloudflare-generated CSR whose key signs `custom_certificate`. */
  custom_csr_id?: string | undefined;
  /** One or two certificate/key pairs (one RSA, one ECDSA), instead of `custom_certificate`. */
  custom_cert_bundle?: { custom_certificate: string; custom_key: string }[] | undefined;
}

/**
 * Body of `customHostnames.create()`.
 *
 * @example
 * ```ts
 * const params: CreateCustomHostnameParams = {
 *   hostname: 'app.customer-one.com',
 *   ssl: { method: 'http', type: 'dv' },
 *   custom_metadata: { customer_id: '42' },
 * };
 * ```
 */
export interface CreateCustomHostnameParams {
  /** The customer's hostname; IDNs are converted to Punycode, a leading `*.` makes a wildcard. */
  hostname: string;
  /** Certificate options. */
  ssl?: SslInput | undefined;
  /** String values readable in Workers as `request.cf.hostMetadata` (≤ 4 KB, not on wildcards). */
  custom_metadata?: Record<string, string> | undefined;
  /** A hostname in the zone (proxied A/AAAA/CNAME) to send this hostname's traffic to instead of the fallback origin. */
  custom_origin_server?: string | undefined;
  /** SNI sent to the custom origin: a hostname, or `':request_host_header:'` to use the request's Host. */
  custom_origin_sni?: string | undefined;
}

/**
 * Body of `customHostnames.edit()`: the hostname itself cannot change (code 1439).
 *
 * @example
 * ```ts
 * const params: EditCustomHostnameParams = { ssl: { method: 'txt', type: 'dv' } };
 * ```
 */
export interface EditCustomHostnameParams {
  /** Certificate options; resending the current method and type asks Cloudflare to check again. */
  ssl?: SslInput | undefined;
  /** Replaces the metadata as a whole. */
  custom_metadata?: Record<string, string> | undefined;
  /** See {@link CreateCustomHostnameParams.custom_origin_server}. */
  custom_origin_server?: string | undefined;
  /** See {@link CreateCustomHostnameParams.custom_origin_sni}. */
  custom_origin_sni?: string | undefined;
}

/**
 * Query of `customHostnames.list()`. At most one of `hostname`, `hostname.exact`,
 * `hostname.startsWith`, `hostname.contain`; `id` goes with no other filter (code 1438).
 *
 * @example
 * ```ts
 * const query: ListCustomHostnamesParams = { ssl_status: 'pending_validation', per_page: 100, direction: 'desc' };
 * ```
 */
export interface ListCustomHostnamesParams {
  /** Exact hostname (normalised like a hostname). */
  hostname?: string | undefined;
  /** Exact hostname (normalised like a hostname). */
  'hostname.exact'?: string | undefined;
  /**
   * Hostnames starting with this text, as Cloudflare stores names (lower-case, international
   * labels in punycode: `xn--` finds them). A whole international label (`bücher.`) is
   * converted; part of one is an `InputError`.
   */
  'hostname.startsWith'?: string | undefined;
  /** Hostnames containing this text; as `hostname.startsWith`, a whole international label goes between dots (`.bücher.`). */
  'hostname.contain'?: string | undefined;
  /** One hostname by its 36-character id. */
  id?: string | undefined;
  /** Page number, from 1. */
  page?: number | undefined;
  /** Page size, 5–1000 (Cloudflare's default is 20). */
  per_page?: number | undefined;
  /** Sort field. */
  order?: 'ssl' | 'ssl_status' | undefined;
  /** Sort direction. */
  direction?: 'asc' | 'desc' | undefined;
  /** Only hostnames whose certificate has this status. */
  ssl_status?: KnownSslStatus | undefined;
  /** Only hostnames with this status. */
  hostname_status?: KnownHostnameStatus | undefined;
  /** Only certificates from this CA. */
  certificate_authority?: 'google' | 'lets_encrypt' | 'ssl_com' | undefined;
  /** Only wildcard (or only non-wildcard) hostnames. */
  wildcard?: boolean | undefined;
  /** Only hostnames sent to this custom origin. */
  custom_origin_server?: string | undefined;
  /** `1`: only hostnames with a certificate; `0`: without. */
  ssl?: 0 | 1 | undefined;
}

/**
 * Body of `fallbackOrigin.update()`.
 *
 * @example
 * ```ts
 * const params: FallbackOriginParams = { origin: 'fallback.saas-provider.com' };
 * ```
 */
export interface FallbackOriginParams {
  /** A proxied A/AAAA/CNAME record in the SaaS zone. */
  origin: string;
}
