import type { SimContext } from '../context.js';
import { type ApiAnswer, failure, isFailure, success } from '../envelopes.js';
import { parseJsonObject } from '../hostname-input.js';
import { isoMicros } from '../ids.js';
import { parseSslInput } from '../ssl-input.js';
import type { CustomCertificate, HostnameState } from '../state.js';
import { type ApiRequest, findHostname } from './request.js';

/**
 * GET …/custom_hostnames/quota (§2.8).
 *
 * @example
 * ```ts
 * getQuota(ctx).body; // { …, result: { allocated: 100, used: 3, exceeded: false, hard_cap: 50000 } }
 * ```
 */
export function getQuota(ctx: SimContext): ApiAnswer {
  const used = ctx.state.engine.records.size;
  const { allocated, hardCap } = ctx.config.quota;
  return success({ allocated, used, exceeded: used > allocated, hard_cap: hardCap });
}

/**
 * GET /zones/{zone}/dcv_delegation/uuid (§2.10).
 *
 * @example
 * ```ts
 * getDcvUuid(ctx).body; // { …, result: { uuid: '…' } }
 * ```
 */
export function getDcvUuid(ctx: SimContext): ApiAnswer {
  return success({ uuid: ctx.state.dcvUuid });
}

function findCertificate(
  ctx: SimContext,
  req: ApiRequest,
): { host: HostnameState; certificate: CustomCertificate; pack: CustomCertificate[] } | ApiAnswer {
  const host = findHostname(ctx, req.params.id);
  if (isFailure(host)) return host;
  const pack = host.ssl.custom;
  const certificate = pack?.find((c) => c.id === req.params.certificate);
  if (!pack || req.params.pack !== host.ssl.id || !certificate) {
    return failure(404, 1436, 'The certificate pack or certificate was not found on this custom hostname.');
  }
  return { host, certificate, pack };
}

/**
 * PUT …/certificate_pack/{pack}/certificates/{certificate} (§2.6): replaces one uploaded
 * certificate with one of the same key type; 202 with the hostname.
 *
 * @example
 * ```ts
 * replaceCertificate(ctx, { params, query, body: JSON.stringify({ custom_certificate, custom_key }) }).status; // 202
 * ```
 */
export function replaceCertificate(ctx: SimContext, req: ApiRequest): ApiAnswer {
  const found = findCertificate(ctx, req);
  if (isFailure(found)) return found;
  const body = parseJsonObject(req.body);
  if (isFailure(body)) return body;
  const parsed = parseSslInput({ custom_certificate: body.custom_certificate, custom_key: body.custom_key });
  if (isFailure(parsed)) return parsed;
  const upload = parsed.certificates?.[0];
  if (!upload) return failure(400, 1427, 'The certificate is empty.');
  if (upload.keyType !== found.certificate.keyType) {
    return failure(400, 1434, 'Invalid SSL attribute: a replacement must keep the key type of the certificate.');
  }
  const now = ctx.clock.now();
  found.certificate.certificate = upload.certificate;
  const { ssl } = found.host;
  ssl.status = 'pending_deployment';
  ssl.phaseEndsAt = now + ctx.config.deploymentMs;
  ssl.uploadedOn = isoMicros(now, ctx.state.ids.micros());
  ctx.state.engine.changed(found.host);
  return success(ctx.render(found.host), { status: 202 });
}

/**
 * DELETE …/certificate_pack/{pack}/certificates/{certificate} (§2.7): 202 with the bare `{ id }`;
 * refused (400 / 1434) when it would leave the pack empty.
 *
 * @example
 * ```ts
 * deleteCertificate(ctx, req).body; // { id: '<certificate id>' }
 * ```
 */
export function deleteCertificate(ctx: SimContext, req: ApiRequest): ApiAnswer {
  const found = findCertificate(ctx, req);
  if (isFailure(found)) return found;
  if (found.pack.length < 2) {
    return failure(400, 1434, 'Invalid SSL attribute: a certificate pack must keep at least one certificate.');
  }
  found.host.ssl.custom = found.pack.filter((c) => c !== found.certificate);
  ctx.state.engine.changed(found.host);
  return { status: 202, body: { id: found.certificate.id } };
}
