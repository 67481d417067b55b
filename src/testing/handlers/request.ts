import type { SimContext } from '../context.js';
import { type ApiFailure, failure } from '../envelopes.js';
import type { HostnameState } from '../state.js';

/**
 * What a handler gets: the path parameters, the query and the raw body.
 *
 * @example
 * ```ts
 * const req: ApiRequest = { params: { zone: '023e…', id: '0d89…' }, query: new URLSearchParams(), body: '' };
 * ```
 */
export interface ApiRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a path id has the shape of a custom hostname id.
 *
 * @example
 * ```ts
 * isWellFormedId('0d89c70d-ad9f-4843-b99f-6cc0252067e9'); // true
 * ```
 */
export function isWellFormedId(id: string): boolean {
  return UUID.test(id);
}

/**
 * The hostname named by the path: 400 / 1435 for a malformed id, 404 / 1436 for an unknown one.
 *
 * @example
 * ```ts
 * const host = findHostname(ctx, req.params.id);
 * ```
 */
export function findHostname(ctx: SimContext, id: string | undefined): HostnameState | ApiFailure {
  if (id === undefined || !isWellFormedId(id)) return failure(400, 1435, 'Invalid custom hostname ID.');
  const host = ctx.state.engine.records.get(id.toLowerCase());
  return host ?? failure(404, 1436, 'The custom hostname was not found.');
}
