import type { FallbackOrigin } from '../schemas/index.js';
import { isDnsName, isWithinZone } from './dns-names.js';

/** The error Cloudflare shows for an origin that is not a proxied record of the zone (§3.6). @example `ORIGIN_NOT_IN_ZONE` */
export const ORIGIN_NOT_IN_ZONE =
  'DNS records are not setup correctly. Origin should be a proxied A/AAAA/CNAME dns record';

/**
 * The zone's fallback origin as set by the last PUT (or DELETE).
 *
 * @example
 * ```ts
 * const fo: FallbackState = { origin: 'fallback.saasprovider.com', valid: true, deployStart: now, deletedAt: undefined, createdAt: iso, updatedAt: iso };
 * ```
 */
export interface FallbackState {
  origin: string;
  /** Whether the origin is a valid DNS name inside the SaaS zone (the simulator's stand-in for "a proxied record"). */
  valid: boolean;
  deployStart: number;
  deletedAt: number | undefined;
  createdAt: string;
  updatedAt: string;
}

/**
 * A new fallback origin set at `at`.
 *
 * @example
 * ```ts
 * newFallback('fallback.saasprovider.com', 'saasprovider.com', now, iso);
 * ```
 */
export function newFallback(
  origin: string,
  zoneName: string,
  at: number,
  iso: string,
  previous?: FallbackState,
): FallbackState {
  return {
    origin,
    valid: isDnsName(origin) && isWithinZone(origin, zoneName), // no record of the zone can have any other name
    deployStart: at,
    deletedAt: undefined,
    createdAt: previous && previous.deletedAt === undefined ? previous.createdAt : iso,
    updatedAt: iso,
  };
}

/**
 * The fallback origin's status at `at`, or `undefined` when there is none (never set, or deleted
 * and the deletion finished). An origin that is not a record of the zone (outside it, or not a
 * valid DNS name) stays `pending_deployment` with an error, then ends `deployment_timed_out`; a deletion shows `pending_deletion` for `deployMs`.
 *
 * @example
 * ```ts
 * fallbackStatusAt(fo, now, 60_000); // 'pending_deployment'
 * ```
 */
export function fallbackStatusAt(state: FallbackState | undefined, at: number, deployMs: number): string | undefined {
  if (!state) return undefined;
  if (state.deletedAt !== undefined && at >= state.deletedAt) {
    return at < state.deletedAt + deployMs ? 'pending_deletion' : undefined;
  }
  if (at < state.deployStart + deployMs) return 'pending_deployment';
  return state.valid ? 'active' : 'deployment_timed_out';
}

/**
 * The fallback origin as the API renders it at `at`.
 *
 * @example
 * ```ts
 * renderFallback(fo, now, 60_000); // { origin, status: 'active', errors: [], created_at, updated_at }
 * ```
 */
export function renderFallback(
  state: FallbackState | undefined,
  at: number,
  deployMs: number,
): FallbackOrigin | undefined {
  const status = fallbackStatusAt(state, at, deployMs);
  if (!state || status === undefined) return undefined;
  return {
    origin: state.origin,
    status,
    errors: state.valid ? [] : [ORIGIN_NOT_IN_ZONE],
    created_at: state.createdAt,
    updated_at: state.updatedAt,
  };
}
