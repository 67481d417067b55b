import * as z from 'zod/mini';
import {
  BUNDLE_METHODS,
  CERTIFICATE_AUTHORITIES,
  DCV_METHODS,
  HOSTNAME_STATUSES,
  MIN_TLS_VERSIONS,
  SSL_STATUSES,
} from './enums.js';
import { openEnum } from './open-enum.js';

const onOff = openEnum(['on', 'off'] as const);

/**
 * A field this package never reads: its documented type, or left out (`undefined`) when it
 * comes with another, so that a change of type in it cannot fail a whole answer (a page of
 * 1,000 hostnames for one certificate's serial number). Fields the package reads stay strict.
 * Built on `z.overwrite` and typed by a cast: `z.catch` would do the same but brings zod's
 * error messages into every bundle (3.4 kB gzip).
 */
const unread = <T>(is: (value: unknown) => value is T) =>
  z.optional(
    z.unknown().check(z.overwrite((value) => (value === null || is(value) ? value : undefined))),
  ) as unknown as z.ZodMiniOptional<z.ZodMiniType<T | null>>;
const isString = (value: unknown): value is string => typeof value === 'string';
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

/**
 * A DCV token to place: a TXT record, an HTTP file, a delegation CNAME or (deprecated) emails.
 *
 * @example
 * ```ts
 * ValidationRecordSchema.parse({ txt_name: '_acme-challenge.app.customer.com', txt_value: '810b7d5f…', status: 'pending' });
 * ```
 */
export const ValidationRecordSchema = z.looseObject({
  txt_name: z.nullish(z.string()),
  txt_value: z.nullish(z.string()),
  http_url: z.nullish(z.string()),
  http_body: z.nullish(z.string()),
  emails: unread(isStrings),
  cname: z.nullish(z.string()),
  cname_target: z.nullish(z.string()),
  status: z.nullish(z.string()),
});

/** A DCV token to place. @example `const r: ValidationRecord = { txt_name: '_acme-challenge.app.customer.com', txt_value: 'abc' }` */
export type ValidationRecord = z.infer<typeof ValidationRecordSchema>;

/**
 * TLS settings of a custom hostname's certificate.
 *
 * @example
 * ```ts
 * SslSettingsSchema.parse({ min_tls_version: '1.2', http2: 'on' });
 * ```
 */
export const SslSettingsSchema = z.looseObject({
  min_tls_version: z.nullish(openEnum(MIN_TLS_VERSIONS)),
  tls_1_3: z.nullish(onOff),
  http2: z.nullish(onOff),
  early_hints: z.nullish(onOff),
  ciphers: unread(isStrings),
});

/** TLS settings. @example `const s: SslSettings = { min_tls_version: '1.2' }` */
export type SslSettings = z.infer<typeof SslSettingsSchema>;

/**
 * The certificate side of a custom hostname, as Cloudflare returns it.
 *
 * @example
 * ```ts
 * SslSchema.parse({ type: 'dv', method: 'http', status: 'pending_validation' });
 * ```
 */
export const SslSchema = z.looseObject({
  id: z.nullish(z.string()),
  type: z.nullish(openEnum(['dv'] as const)),
  method: z.nullish(openEnum(DCV_METHODS)),
  status: z.nullish(openEnum(SSL_STATUSES)),
  validation_records: z.nullish(z.array(ValidationRecordSchema)),
  validation_errors: z.nullish(z.array(z.looseObject({ message: z.nullish(z.string()) }))),
  dcv_delegation_records: z.nullish(z.array(ValidationRecordSchema)),
  certificate_authority: z.nullish(openEnum(CERTIFICATE_AUTHORITIES)),
  bundle_method: z.nullish(openEnum(BUNDLE_METHODS)),
  wildcard: z.nullish(z.boolean()),
  settings: z.nullish(SslSettingsSchema),
  custom_certificate: z.nullish(z.string()),
  custom_csr_id: unread(isString),
  hosts: unread(isStrings),
  issuer: unread(isString),
  serial_number: unread(isString),
  signature: unread(isString),
  uploaded_on: z.nullish(z.string()),
  expires_on: unread(isString),
});

/** The certificate side of a custom hostname. @example `const ssl: Ssl = { method: 'txt', status: 'active' }` */
export type Ssl = z.infer<typeof SslSchema>;

/**
 * A custom hostname. Unknown fields are kept; unknown status values are accepted as strings.
 *
 * @example
 * ```ts
 * const host = CustomHostnameSchema.parse(json.result);
 * host.status; // 'pending' | 'active' | … | string
 * ```
 */
export const CustomHostnameSchema = z.looseObject({
  id: z.string(),
  hostname: z.string(),
  status: z.nullish(openEnum(HOSTNAME_STATUSES)),
  ssl: z.nullish(SslSchema),
  verification_errors: z.nullish(z.array(z.string())),
  ownership_verification: z.nullish(
    z.looseObject({
      type: z.nullish(z.string()),
      name: z.nullish(z.string()),
      value: z.nullish(z.string()),
    }),
  ),
  ownership_verification_http: z.nullish(
    z.looseObject({ http_url: z.nullish(z.string()), http_body: z.nullish(z.string()) }),
  ),
  // A JSON object with all its keys, as `z.record(z.string(), z.unknown())` reads one (anything
  // else fails alike, its issue saying `expected: 'object'`), without zod's record (0.6 kB gzip).
  custom_metadata: z.nullish(z.looseObject({})),
  custom_origin_server: z.nullish(z.string()),
  custom_origin_sni: z.nullish(z.string()),
  created_at: z.nullish(z.string()),
});

/** A custom hostname as Cloudflare returns it. @example `const h: CustomHostname = await saas.customHostnames.get(id)` */
export type CustomHostname = z.infer<typeof CustomHostnameSchema>;

/**
 * A custom hostname Cloudflare serves over HTTPS: hostname `active` (or `active_redeploying`)
 * and certificate `active`. What `waitUntilActive` resolves with, and what `isServing` narrows to.
 *
 * @example
 * ```ts
 * const host: ServingCustomHostname = await saas.validation.waitUntilActive(id);
 * host.ssl.status; // 'active'
 * ```
 */
export type ServingCustomHostname = CustomHostname & {
  status: 'active' | 'active_redeploying';
  ssl: Ssl & { status: 'active' };
};

/**
 * A page of custom hostnames.
 *
 * @example
 * ```ts
 * CustomHostnameListSchema.parse(json.result);
 * ```
 */
export const CustomHostnameListSchema = z.array(CustomHostnameSchema);

/**
 * The zone's custom hostname quota.
 *
 * @example
 * ```ts
 * QuotaSchema.parse({ allocated: 100, used: 7, exceeded: false, hard_cap: 50000 });
 * ```
 */
export const QuotaSchema = z.looseObject({
  allocated: z.nullish(z.number()),
  used: z.nullish(z.number()),
  exceeded: z.nullish(z.boolean()),
  hard_cap: z.nullish(z.number()),
});

/** The zone's custom hostname quota. @example `const q: Quota = await saas.customHostnames.quota()` */
export type Quota = z.infer<typeof QuotaSchema>;
