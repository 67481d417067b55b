import type { SimContext } from '../context.js';
import { type ApiAnswer, failure, isFailure, success } from '../envelopes.js';
import { applySslEdit, newHostname, newTokens } from '../hostname-factory.js';
import {
  entitlementProblem,
  parseCreateBody,
  parseJsonObject,
  parsePatchBody,
  wildcardEditProblem,
} from '../hostname-input.js';
import { refresh } from '../lifecycle.js';
import { type ApiRequest, findHostname } from './request.js';

/**
 * POST /zones/{zone}/custom_hostnames (§2.2): checks, 409 / 1406 for a duplicate (case-insensitive),
 * 403 / 1413 or 1414 for a field the zone is not entitled to, 403 / 1404 in a zone without quota
 * (hard cap 0), 403 / 1405 at the hard cap; the answer reflects the check made at creation.
 * A create answered 200 is a certificate submission that the zone's issuance limit counts
 * (§8.4): over the limit it is still accepted, but its certificate waits for the block to end.
 *
 * @example
 * ```ts
 * createHostname(ctx, { params, query, body: '{"hostname":"app.customer-one.com"}' }).status; // 200
 * ```
 */
export function createHostname(ctx: SimContext, req: ApiRequest): ApiAnswer {
  const body = parseJsonObject(req.body);
  if (isFailure(body)) return body;
  const input = parseCreateBody(body, ctx.config.zoneName);
  if (isFailure(input)) return input;
  const refused = entitlementProblem(ctx.config.entitlements, input);
  if (refused) return refused;
  const { engine } = ctx.state;
  if (engine.find(input.hostname as string)) return failure(409, 1406, 'Duplicate custom hostname found.');
  if (ctx.config.quota.hardCap === 0) {
    return failure(403, 1404, 'No custom hostname quota has been allocated for this zone.');
  }
  if (engine.records.size >= ctx.config.quota.hardCap) {
    return failure(403, 1405, 'The custom hostname quota for this zone has been exceeded.');
  }
  const now = ctx.clock.now();
  const host = newHostname(ctx, input, now);
  host.ssl.issuableAt = ctx.state.issuance?.submit(now) ?? now;
  engine.add(host);
  engine.advanceTo(now);
  return success(ctx.render(host));
}

/**
 * GET /zones/{zone}/custom_hostnames/{id} (§2.3).
 *
 * @example
 * ```ts
 * getHostname(ctx, req).status; // 200, 400 / 1435 or 404 / 1436
 * ```
 */
export function getHostname(ctx: SimContext, req: ApiRequest): ApiAnswer {
  const host = findHostname(ctx, req.params.id);
  return isFailure(host) ? host : success(ctx.render(host));
}

/**
 * PATCH /zones/{zone}/custom_hostnames/{id} (§2.4, §6.5): metadata and origin fields are
 * replaced; `ssl` with the current method and type is a refresh that restarts both schedules
 * with a check at once; a new method or CA starts a new DCV cycle. An edit that re-issues the
 * certificate (new CA, `wildcard` on or off, leaving an upload) is counted by the zone's
 * issuance limit as a create is.
 *
 * @example
 * ```ts
 * editHostname(ctx, { ...req, body: '{"ssl":{"method":"http","type":"dv"}}' });
 * ```
 */
export function editHostname(ctx: SimContext, req: ApiRequest): ApiAnswer {
  const host = findHostname(ctx, req.params.id);
  if (isFailure(host)) return host;
  const body = parseJsonObject(req.body);
  if (isFailure(body)) return body;
  const input = parsePatchBody(body, ctx.config.zoneName, { hostname: host.hostname, wildcard: host.ssl.wildcard });
  if (isFailure(input)) return input;
  const refused = entitlementProblem(ctx.config.entitlements, input);
  if (refused) return refused;
  const hasMetadata = Object.keys(host.customMetadata ?? {}).length > 0;
  const wildcardProblem = wildcardEditProblem(
    { wildcard: host.ssl.wildcard, method: host.ssl.method, hasMetadata },
    input,
  );
  if (wildcardProblem) return wildcardProblem;
  const now = ctx.clock.now();
  if (input.custom_metadata !== undefined) host.customMetadata = input.custom_metadata;
  if (input.custom_origin_server !== undefined) host.customOriginServer = input.custom_origin_server;
  if (input.custom_origin_sni !== undefined) host.customOriginSni = input.custom_origin_sni;
  const ssl = input.ssl ? applySslEdit(ctx, host, input.ssl, now) : undefined;
  if (ssl === 'refresh') refresh(host, now, (h) => newTokens(ctx, h));
  if (ssl === 'reissue') host.ssl.issuableAt = ctx.state.issuance?.submit(now) ?? now;
  ctx.state.engine.changed(host);
  ctx.state.engine.advanceTo(now);
  return success(ctx.render(host));
}

/**
 * DELETE /zones/{zone}/custom_hostnames/{id} (§2.5): the bare `{ id }` body.
 *
 * @example
 * ```ts
 * deleteHostname(ctx, req).body; // { id: '0d89c70d-…' }
 * ```
 */
export function deleteHostname(ctx: SimContext, req: ApiRequest): ApiAnswer {
  const host = findHostname(ctx, req.params.id);
  if (isFailure(host)) return host;
  ctx.state.engine.remove(host.id);
  return { status: 200, body: { id: host.id } };
}
