import { isWithinZone } from './dns-names.js';
import { type ApiFailure, failure, isFailure } from './envelopes.js';
import { hostnameProblem, isWildcardHostname } from './hostname-rules.js';
import { isPlainObject, parseSslInput, type SslInput } from './ssl-input.js';

/** The error code the simulator uses for a parameter the reference gives no code for. @example `INVALID_PARAMETER // 10001` */
export const INVALID_PARAMETER = 10001;
const METADATA_LIMIT_BYTES = 4096;

/**
 * The fields of a create or edit body after the checks.
 *
 * @example
 * ```ts
 * const input: HostnameInput = { hostname: 'app.customer-one.com', ssl: { method: 'txt', type: 'dv' } };
 * ```
 */
export interface HostnameInput {
  hostname?: string;
  ssl?: SslInput;
  custom_metadata?: Record<string, unknown>;
  custom_origin_server?: string;
  custom_origin_sni?: string;
}

/**
 * Parses a JSON request body: 400 / 1400 when it is not JSON or not an object.
 *
 * @example
 * ```ts
 * parseJsonObject('{"hostname":"app.customer-one.com"}'); // { hostname: 'app.customer-one.com' }
 * ```
 */
export function parseJsonObject(text: string): Record<string, unknown> | ApiFailure {
  try {
    const value: unknown = JSON.parse(text);
    if (isPlainObject(value)) return value;
  } catch {
    // answered below
  }
  return failure(400, 1400, 'Invalid JSON in request body.');
}

/**
 * 400 / 1448 when `ssl` would give a wildcard custom hostname a Cloudflare-managed (DCV-issued)
 * certificate (§7.1): such a hostname needs an uploaded certificate (`custom_certificate` and
 * `custom_key`, or `custom_cert_bundle`). An edit that names no method or CA keeps the upload.
 */
function managedOnWildcard(hostname: string, ssl: SslInput, edit: boolean): ApiFailure | null {
  if (!isWildcardHostname(hostname) || ssl.certificates !== undefined) return null;
  if (edit && ssl.method === undefined && ssl.certificate_authority === undefined) return null;
  return failure(400, 1448, 'Wildcard custom hostnames are not supported for Cloudflare-managed certificates.');
}

function parseOptionalFields(
  body: Record<string, unknown>,
  zoneName: string,
  wildcard: boolean,
): HostnameInput | ApiFailure {
  const out: HostnameInput = {};
  const metadata = body.custom_metadata;
  if (metadata !== undefined) {
    if (!isPlainObject(metadata)) return failure(400, 1401, 'custom_metadata must be a JSON object.');
    if (new TextEncoder().encode(JSON.stringify(metadata)).length > METADATA_LIMIT_BYTES) {
      return failure(400, 1401, 'custom_metadata is larger than 4 KB.');
    }
    if (wildcard) return failure(400, 1412, 'Custom metadata is not supported on wildcard custom hostnames.');
    out.custom_metadata = metadata;
  }
  const origin = body.custom_origin_server;
  if (origin !== undefined) {
    if (typeof origin === 'string' && origin.startsWith('*.')) {
      return failure(400, 1420, 'Wildcard custom origin servers are not supported.');
    }
    const problem = hostnameProblem(origin, 1415);
    if (problem) return problem;
    if (!isWithinZone(origin as string, zoneName)) {
      return failure(400, 1421, 'The custom origin server is not a DNS record (A/AAAA/CNAME) in this zone.');
    }
    out.custom_origin_server = (origin as string).toLowerCase();
  }
  const sni = body.custom_origin_sni;
  if (sni !== undefined) {
    if (typeof sni !== 'string') return failure(400, INVALID_PARAMETER, 'custom_origin_sni must be a string.');
    out.custom_origin_sni = sni;
  }
  return out;
}

/**
 * Checks a create body (§2.2, codes §7.1). `ssl` defaults to `{ method: 'http', type: 'dv' }`.
 * A wildcard custom hostname (`*.…`) takes no `custom_metadata` (1412) and needs an uploaded
 * certificate (1448), checked in that order after the fields themselves.
 *
 * @example
 * ```ts
 * parseCreateBody({ hostname: 'app.example.com' }, 'saasprovider.com'); // failure 400 / 1411
 * parseCreateBody({ hostname: '*.customer-one.com' }, 'saasprovider.com'); // failure 400 / 1448
 * ```
 */
export function parseCreateBody(body: Record<string, unknown>, zoneName: string): HostnameInput | ApiFailure {
  const problem = hostnameProblem(body.hostname, 1407);
  if (problem) return problem;
  const hostname = (body.hostname as string).toLowerCase().replace(/\.$/, '');
  const ssl = parseSslInput(body.ssl ?? { method: 'http', type: 'dv' });
  if (isFailure(ssl)) return ssl;
  const rest = parseOptionalFields(body, zoneName, isWildcardHostname(hostname) || ssl.wildcard === true);
  if (isFailure(rest)) return rest;
  return managedOnWildcard(hostname, ssl, false) ?? { ...rest, hostname, ssl };
}

/**
 * 403 / 1413 when a create or edit sends `custom_metadata` and the zone lacks that add-on, 403 /
 * 1414 for `custom_origin_server` (§8.2, §7.1).
 *
 * @example
 * ```ts
 * entitlementProblem({ customMetadata: false, customOriginServer: true }, { custom_metadata: { plan: 'pro' } }); // 403 / 1413
 * ```
 */
export function entitlementProblem(
  entitlements: { customMetadata: boolean; customOriginServer: boolean },
  input: HostnameInput,
): ApiFailure | null {
  if (input.custom_metadata !== undefined && !entitlements.customMetadata) {
    return failure(403, 1413, 'This zone is not entitled to custom metadata on custom hostnames.');
  }
  if (input.custom_origin_server !== undefined && !entitlements.customOriginServer) {
    return failure(403, 1414, 'This zone is not entitled to custom origin servers on custom hostnames.');
  }
  return null;
}

/**
 * The rules of a wildcard certificate checked against the hostname as the edit leaves it, not
 * only the fields the edit sends: validation by TXT (§6.3), no TLS settings (§3.5, 1434), no
 * custom metadata (§8.2, 1412), also when the edit turns `wildcard` on.
 *
 * @example
 * ```ts
 * wildcardEditProblem({ wildcard: true, method: 'txt', hasMetadata: false }, { ssl: { settings: { http2: 'on' } } }); // 400 / 1434
 * ```
 */
export function wildcardEditProblem(
  current: { wildcard: boolean; method: string; hasMetadata: boolean },
  edit: HostnameInput,
): ApiFailure | null {
  if (!(edit.ssl?.wildcard ?? current.wildcard)) return null;
  if ((edit.ssl?.method ?? current.method) !== 'txt') {
    return failure(400, 1434, 'Invalid SSL attribute: wildcard certificates need the txt validation method.');
  }
  if (Object.keys(edit.ssl?.settings ?? {}).length > 0) {
    return failure(400, 1434, 'Invalid SSL attribute: TLS settings cannot be customised on wildcard hostnames.');
  }
  if (current.hasMetadata) return failure(400, 1412, 'Custom metadata is not supported on wildcard custom hostnames.');
  return null;
}

/**
 * Checks an edit body (§2.4) of the hostname `current`: 409 / 1439 for any `hostname`,
 * 400 / 1440 for a CA change without both `type` and `method`; on a wildcard custom hostname
 * 1412 for `custom_metadata` and 1448 for a DCV `method` or CA (a Cloudflare-managed certificate).
 *
 * @example
 * ```ts
 * const current = { hostname: 'app.customer-one.com', wildcard: false };
 * parsePatchBody({ ssl: { certificate_authority: 'lets_encrypt' } }, 'saasprovider.com', current); // failure 400 / 1440
 * ```
 */
export function parsePatchBody(
  body: Record<string, unknown>,
  zoneName: string,
  current: { hostname: string; wildcard: boolean },
): HostnameInput | ApiFailure {
  if (body.hostname !== undefined) return failure(409, 1439, 'Modifying the custom hostname is not supported.');
  let ssl: SslInput | undefined;
  if (body.ssl !== undefined) {
    const parsed = parseSslInput(body.ssl);
    if (isFailure(parsed)) return parsed;
    if (parsed.certificate_authority !== undefined && (parsed.type === undefined || parsed.method === undefined)) {
      return failure(400, 1440, 'Both validation type and validation method are required.');
    }
    ssl = parsed;
  }
  const wildcard = isWildcardHostname(current.hostname) || (ssl?.wildcard ?? current.wildcard);
  const rest = parseOptionalFields(body, zoneName, wildcard);
  if (isFailure(rest)) return rest;
  if (!ssl) return rest;
  return managedOnWildcard(current.hostname, ssl, true) ?? { ...rest, ssl };
}
