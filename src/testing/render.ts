import type { CustomHostname } from '../schemas/index.js';
import { ownershipUrl } from './checks.js';
import type { CertificateState, DcvToken, HostnameState } from './state.js';

function validationRecord(method: string, token: DcvToken): Record<string, unknown> {
  if (method === 'txt') return { status: 'pending', txt_name: token.txtName, txt_value: token.txtValue };
  if (method === 'email') return { status: 'pending', emails: [...token.emails] };
  return { status: 'pending', http_url: token.httpUrl, http_body: token.httpBody };
}

function renderSsl(ssl: CertificateState, hostname: string, live: boolean, delegationTarget: string) {
  const out: Record<string, unknown> = { id: ssl.id, type: ssl.type, method: ssl.method, status: ssl.status };
  if (ssl.tokens && !live && !ssl.custom) {
    out.validation_records = ssl.tokens.map((t) => validationRecord(ssl.method, t));
    out.dcv_delegation_records = [{ cname: `_acme-challenge.${hostname}`, cname_target: delegationTarget }];
  }
  if (ssl.validationErrors.length > 0) out.validation_errors = ssl.validationErrors.map((message) => ({ message }));
  out.settings = { ...ssl.settings };
  out.bundle_method = ssl.bundleMethod;
  out.wildcard = ssl.wildcard;
  out.certificate_authority = ssl.authority;
  const first = ssl.custom?.[0];
  if (first) {
    out.custom_certificate = first.certificate;
    out.hosts = [hostname];
    out.issuer = 'SimulatedTrustServices';
    out.signature = first.keyType === 'ecdsa' ? 'ECDSAWithSHA256' : 'SHA256WithRSA';
    out.uploaded_on = ssl.uploadedOn;
  }
  return out;
}

/**
 * A hostname as GET renders it. Once both the hostname and its certificate are active, the
 * ownership tokens, the DCV records and the verification errors are gone.
 *
 * @example
 * ```ts
 * renderHostname(host, 'app.customer-one.com.3f2a….dcv.cloudflare.com').status; // 'pending'
 * ```
 */
export function renderHostname(host: HostnameState, delegationTarget: string): CustomHostname {
  const live = host.status === 'active' && host.ssl.status === 'active';
  const out: Record<string, unknown> = {
    id: host.id,
    hostname: host.hostname,
    ssl: renderSsl(host.ssl, host.hostname, live, delegationTarget),
  };
  if (host.customMetadata !== undefined) out.custom_metadata = { ...host.customMetadata };
  if (host.customOriginServer !== undefined) out.custom_origin_server = host.customOriginServer;
  if (host.customOriginSni !== undefined) out.custom_origin_sni = host.customOriginSni;
  out.status = host.status;
  if (!live) {
    if (host.verificationErrors.length > 0) out.verification_errors = [...host.verificationErrors];
    out.ownership_verification = {
      type: 'txt',
      name: `_cf-custom-hostname.${host.hostname}`,
      value: host.ownershipValue,
    };
    out.ownership_verification_http = { http_url: ownershipUrl(host), http_body: host.ownershipValue };
  }
  out.created_at = host.createdAtIso;
  return out as CustomHostname;
}
