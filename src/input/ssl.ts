import { InputError } from '../core/errors.js';
import type { SslInput } from '../custom-hostnames/params.js';
import { BUNDLE_METHODS, CERTIFICATE_AUTHORITIES, DCV_METHODS } from '../schemas/enums.js';
import { fieldPath, rejectUnknownKeys, requireBoolean, requireOneOf, requirePlainObject } from './fields.js';
import { checkCertificateFields } from './ssl-certificates.js';
import { checkSslSettings } from './ssl-settings.js';

/**
 * `ssl` checks for create and edit (schema `sslpost`).
 *
 * @example
 * ```ts
 * checkSslInput({ method: 'txt', type: 'dv' }); // { method: 'txt', type: 'dv' }
 * ```
 * @module
 */

const SSL_FIELDS = [
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
] as const;
const VALIDATION_TYPES = ['dv'] as const;
// Spread in a function marked pure: a bundle that checks no ssl options leaves it out.
const REQUESTABLE_AUTHORITIES = /* @__PURE__ */ (() => [...CERTIFICATE_AUTHORITIES, ''] as const)();

/** The certificate authority needs both the method and the type in the same call. */
function requireMethodAndType(out: SslInput, field: string): void {
  for (const key of ['method', 'type'] as const) {
    if (out[key] === undefined) {
      throw new InputError(
        fieldPath(field, key),
        undefined,
        'is required with certificate_authority: send method and type together with it (Cloudflare code 1440)',
      );
    }
  }
}

/**
 * Checks an `ssl` object and returns a copy with only the fields given: unknown keys
 * rejected (`methd` → did you mean `method`?), every value from its known list, booleans
 * as booleans, and the combinations Cloudflare refuses caught early:
 * `certificate_authority` without both `method` and `type` (1440), `wildcard: true`
 * with a `method` other than `'txt'`, TLS `settings` on a wildcard certificate (1434), a certificate
 * without its key, a bundle beside a single certificate, ciphers with TLS 1.3 only (1443).
 * Certificates and keys are never shown.
 *
 * @param field - the path of the object (default `ssl`)
 * @throws InputError naming the field, e.g. `ssl.method`
 *
 * @example
 * ```ts
 * checkSslInput({ method: 'txt', type: 'dv', certificate_authority: 'google' });
 * checkSslInput({ method: 'dns' });
 * // InputError: ssl.method "dns": must be one of http, txt, email
 * ```
 */
export function checkSslInput(value: unknown, field = 'ssl'): SslInput {
  const input = requirePlainObject(value, field);
  rejectUnknownKeys(input, SSL_FIELDS, field);
  const path = (key: string) => fieldPath(field, key);
  const out: SslInput = {};
  if (input.method !== undefined) out.method = requireOneOf(input.method, DCV_METHODS, path('method'));
  if (input.type !== undefined) out.type = requireOneOf(input.type, VALIDATION_TYPES, path('type'));
  if (input.certificate_authority !== undefined) {
    out.certificate_authority = requireOneOf(
      input.certificate_authority,
      REQUESTABLE_AUTHORITIES,
      path('certificate_authority'),
      `${CERTIFICATE_AUTHORITIES.join(', ')} or "" (the default CA)`,
    );
  }
  if (input.bundle_method !== undefined) {
    out.bundle_method = requireOneOf(input.bundle_method, BUNDLE_METHODS, path('bundle_method'));
  }
  if (input.wildcard !== undefined) out.wildcard = requireBoolean(input.wildcard, path('wildcard'));
  if (input.settings !== undefined) out.settings = checkSslSettings(input.settings, path('settings'));
  if (input.cloudflare_branding !== undefined) {
    out.cloudflare_branding = requireBoolean(input.cloudflare_branding, path('cloudflare_branding'));
  }
  Object.assign(out, checkCertificateFields(input, field));

  if (out.certificate_authority !== undefined) requireMethodAndType(out, field);
  // Without a method the API uses TXT for a wildcard (and an upload needs none): only another one is refused.
  if (out.wildcard === true && out.method !== undefined && out.method !== 'txt') {
    throw new InputError(
      path('method'),
      out.method,
      'must be "txt" for a wildcard certificate (HTTP validation cannot prove control of every subdomain)',
    );
  }
  if (out.wildcard === true && out.settings !== undefined && Object.keys(out.settings).length > 0) {
    throw new InputError(
      path('settings'),
      out.settings,
      'cannot be set on a wildcard certificate: its TLS settings are not customisable (Cloudflare code 1434)',
    );
  }
  return out;
}
