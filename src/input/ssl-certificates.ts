import { InputError } from '../core/errors.js';
import type { SslInput } from '../custom-hostnames/params.js';
import { fieldPath, kindOf, REDACTED, rejectUnknownKeys, requirePlainObject, requireText } from './fields.js';

/**
 * Custom certificate checks (`ssl.custom_certificate`, `custom_key`, `custom_csr_id`,
 * `custom_cert_bundle`). Certificates and keys never appear in an error: the value shown
 * is always `[redacted]`.
 *
 * Decisions where the API reference is silent: a certificate may come with `custom_key`,
 * or with `custom_csr_id` instead (the key of a Cloudflare-generated CSR stays with
 * Cloudflare), never with both; PEM text is checked for its armour line so that a key
 * passed as the certificate (or the reverse) is caught before it is sent.
 *
 * @example
 * ```ts
 * checkCertificateFields({ custom_certificate: certPem, custom_key: keyPem }, 'ssl');
 * ```
 * @module
 */

type CertificateFields = Pick<SslInput, 'custom_certificate' | 'custom_key' | 'custom_csr_id' | 'custom_cert_bundle'>;

const PAIR_FIELDS = ['custom_certificate', 'custom_key'] as const;
const CERTIFICATE_ARMOUR = '-----BEGIN CERTIFICATE-----';
const KEY_ARMOUR = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/**
 * Checks a PEM certificate: a string with a `-----BEGIN CERTIFICATE-----` block and no
 * private key in it. Errors show `[redacted]`.
 *
 * @example
 * ```ts
 * checkCertificatePem(certPem, 'ssl.custom_certificate'); // certPem
 * checkCertificatePem(keyPem, 'ssl.custom_certificate');
 * // InputError: ssl.custom_certificate "[redacted]": holds a private key: it belongs in custom_key
 * ```
 */
export function checkCertificatePem(value: unknown, field: string): string {
  const pem = requireText(value, field, true);
  if (KEY_ARMOUR.test(pem)) throw new InputError(field, REDACTED, 'holds a private key: it belongs in custom_key');
  if (!pem.includes(CERTIFICATE_ARMOUR)) {
    throw new InputError(field, REDACTED, `must be a PEM certificate (a "${CERTIFICATE_ARMOUR}" block)`);
  }
  return pem;
}

/**
 * Checks a PEM private key (`-----BEGIN … PRIVATE KEY-----`). Errors show `[redacted]`.
 *
 * @example
 * ```ts
 * checkKeyPem(keyPem, 'ssl.custom_key'); // keyPem
 * checkKeyPem(certPem, 'ssl.custom_key');
 * // InputError: ssl.custom_key "[redacted]": must be a PEM private key (a "-----BEGIN … PRIVATE KEY-----" block)
 * ```
 */
export function checkKeyPem(value: unknown, field: string): string {
  const pem = requireText(value, field, true);
  if (!KEY_ARMOUR.test(pem)) {
    throw new InputError(field, REDACTED, 'must be a PEM private key (a "-----BEGIN … PRIVATE KEY-----" block)');
  }
  return pem;
}

function checkBundle(value: unknown, field: string): { custom_certificate: string; custom_key: string }[] {
  if (!Array.isArray(value)) throw new InputError(field, REDACTED, `must be an array of pairs (got ${kindOf(value)})`);
  if (value.length < 1 || value.length > 2) {
    throw new InputError(
      field,
      REDACTED,
      `must hold 1 or 2 certificate/key pairs (one RSA, one ECDSA), not ${value.length}`,
    );
  }
  const pairs = Array.from(value, (entry: unknown, index) => {
    const path = `${field}[${index}]`;
    const pair = requirePlainObject(entry, path);
    rejectUnknownKeys(pair, PAIR_FIELDS, path);
    return {
      custom_certificate: checkCertificatePem(pair.custom_certificate, fieldPath(path, 'custom_certificate')),
      custom_key: checkKeyPem(pair.custom_key, fieldPath(path, 'custom_key')),
    };
  });
  if (pairs.length === 2 && pairs[0]?.custom_certificate === pairs[1]?.custom_certificate) {
    throw new InputError(
      `${field}[1].custom_certificate`,
      REDACTED,
      'repeats the first certificate (bundle one RSA and one ECDSA)',
    );
  }
  return pairs;
}

/**
 * Checks the custom certificate fields of an `ssl` object and returns the ones given.
 *
 * @param parent - the path of the `ssl` object, e.g. `ssl`
 * @throws InputError naming the field, with `[redacted]` for any certificate or key
 *
 * @example
 * ```ts
 * checkCertificateFields({ custom_certificate: certPem, custom_key: keyPem }, 'ssl');
 * checkCertificateFields({ custom_certificate: certPem }, 'ssl');
 * // InputError: ssl.custom_key: is required with custom_certificate (or custom_csr_id, when Cloudflare holds the key)
 * ```
 */
export function checkCertificateFields(input: Record<string, unknown>, parent: string): CertificateFields {
  const out: CertificateFields = {};
  const path = (key: string) => fieldPath(parent, key);
  if (input.custom_certificate !== undefined) {
    out.custom_certificate = checkCertificatePem(input.custom_certificate, path('custom_certificate'));
  }
  if (input.custom_key !== undefined) out.custom_key = checkKeyPem(input.custom_key, path('custom_key'));
  if (input.custom_csr_id !== undefined) out.custom_csr_id = requireText(input.custom_csr_id, path('custom_csr_id'));
  if (input.custom_cert_bundle !== undefined) {
    out.custom_cert_bundle = checkBundle(input.custom_cert_bundle, path('custom_cert_bundle'));
  }

  const { custom_certificate: certificate, custom_key: key, custom_csr_id: csrId, custom_cert_bundle: bundle } = out;
  if (bundle && (certificate || key || csrId)) {
    throw new InputError(
      path('custom_cert_bundle'),
      REDACTED,
      'cannot be combined with custom_certificate, custom_key or custom_csr_id: put every pair in the bundle',
    );
  }
  if (key && csrId) {
    throw new InputError(
      path('custom_key'),
      REDACTED,
      'cannot be combined with custom_csr_id: the key of a CSR stays with Cloudflare',
    );
  }
  if (certificate && !key && !csrId) {
    throw new InputError(
      path('custom_key'),
      undefined,
      'is required with custom_certificate (or custom_csr_id, when Cloudflare holds the key)',
    );
  }
  if (!certificate && (key || csrId)) {
    const given = key ? 'custom_key' : 'custom_csr_id';
    throw new InputError(path('custom_certificate'), undefined, `is required with ${given}`);
  }
  return out;
}
