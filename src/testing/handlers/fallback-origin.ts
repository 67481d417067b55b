import type { SimContext } from '../context.js';
import { type ApiAnswer, failure, isFailure, success } from '../envelopes.js';
import { newFallback, renderFallback } from '../fallback-state.js';
import { INVALID_PARAMETER, parseJsonObject } from '../hostname-input.js';
import { isoMicros } from '../ids.js';
import type { ApiRequest } from './request.js';

/** Code the simulator answers when the zone has no fallback origin (the reference names none). @example `NO_FALLBACK_CODE // 1551` */
export const NO_FALLBACK_CODE = 1551;

function current(ctx: SimContext) {
  return renderFallback(ctx.state.fallback, ctx.clock.now(), ctx.config.fallbackOriginDeployMs);
}

const notSet = () => failure(404, NO_FALLBACK_CODE, 'No fallback origin is set for this zone.');

/**
 * GET …/custom_hostnames/fallback_origin (§2.9): 404 / 1551 when none is set.
 *
 * @example
 * ```ts
 * getFallback(ctx).body; // { success: true, …, result: { origin, status: 'active', … } }
 * ```
 */
export function getFallback(ctx: SimContext): ApiAnswer {
  const fallback = current(ctx);
  return fallback ? success(fallback) : notSet();
}

/**
 * PUT …/custom_hostnames/fallback_origin with `{ origin }`: `pending_deployment`, then
 * `active` after `fallbackOriginDeployMs`. An origin that cannot be a record of the SaaS zone
 * (outside it, or not a valid DNS name, like `fall back!!.saasprovider.com`) is accepted with
 * the DNS error in `errors` and ends `deployment_timed_out`.
 *
 * @example
 * ```ts
 * putFallback(ctx, { ...req, body: '{"origin":"fallback.saasprovider.com"}' });
 * ```
 */
export function putFallback(ctx: SimContext, req: ApiRequest): ApiAnswer {
  const body = parseJsonObject(req.body);
  if (isFailure(body)) return body;
  const { origin } = body;
  if (typeof origin !== 'string' || origin.trim() === '' || origin.length > 255) {
    return failure(400, INVALID_PARAMETER, 'origin must be a hostname of at most 255 characters.');
  }
  const now = ctx.clock.now();
  const iso = isoMicros(now, ctx.state.ids.micros());
  ctx.state.fallback = newFallback(origin.toLowerCase(), ctx.config.zoneName, now, iso, ctx.state.fallback);
  return success(current(ctx));
}

/**
 * DELETE …/custom_hostnames/fallback_origin: `pending_deletion`, gone after
 * `fallbackOriginDeployMs`; 404 / 1551 when none is set.
 *
 * @example
 * ```ts
 * deleteFallback(ctx).body; // { …, result: { origin, status: 'pending_deletion', … } }
 * ```
 */
export function deleteFallback(ctx: SimContext): ApiAnswer {
  const state = ctx.state.fallback;
  if (!state || !current(ctx)) return notSet();
  if (state.deletedAt === undefined) state.deletedAt = ctx.clock.now();
  return success(current(ctx));
}
