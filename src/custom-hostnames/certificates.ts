import { InputError } from '../core/errors.js';
import { checkHostnameId } from '../input/index.js';
import { checkCertificatePem, checkKeyPem } from '../input/ssl-certificates.js';

/** Which certificate of which pack. @example `{ id, certificate_pack_id: host.ssl.id, certificate_id }` */
export interface CertificateRef {
  /** The custom hostname id. */
  id: string;
  /** The certificate pack id (the hostname's `ssl.id`). */
  certificate_pack_id: string;
  /** The certificate's id within the pack. */
  certificate_id: string;
}

/** A replacement certificate and key (PEM). @example `{ id, certificate_pack_id, certificate_id, custom_certificate: pem, custom_key: key }` */
export interface ReplaceCertificateParams extends CertificateRef {
  custom_certificate: string;
  custom_key: string;
}

const IDENTIFIER = /^[A-Za-z0-9-]{1,64}$/;

function identifier(value: unknown, field: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new InputError(field, value, 'must be a Cloudflare identifier (letters, digits, hyphens; 1–64 characters)');
  }
  return value;
}

/**
 * Checks a certificate-pack call's arguments; with `withBody`, also the PEM pair.
 *
 * @example
 * ```ts
 * const { ref, body } = checkCertificateParams(params, true);
 * ```
 */
export function checkCertificateParams(
  params: unknown,
  withBody: boolean,
): { ref: CertificateRef; body?: { custom_certificate: string; custom_key: string } } {
  if (typeof params !== 'object' || params === null) throw new InputError('params', params, 'must be an object');
  const p = params as Record<string, unknown>;
  const ref = {
    id: checkHostnameId(p.id),
    certificate_pack_id: identifier(p.certificate_pack_id, 'certificate_pack_id'),
    certificate_id: identifier(p.certificate_id, 'certificate_id'),
  };
  if (!withBody) return { ref };
  return {
    ref,
    body: {
      custom_certificate: checkCertificatePem(p.custom_certificate, 'custom_certificate'),
      custom_key: checkKeyPem(p.custom_key, 'custom_key'),
    },
  };
}

/**
 * The path of one certificate in a custom hostname's pack.
 *
 * @example
 * ```ts
 * certificatePath('zones/z/custom_hostnames', ref); // 'zones/z/custom_hostnames/<id>/certificate_pack/<pack>/certificates/<cert>'
 * ```
 */
export function certificatePath(base: string, ref: CertificateRef): string {
  return `${base}/${ref.id}/certificate_pack/${ref.certificate_pack_id}/certificates/${ref.certificate_id}`;
}
