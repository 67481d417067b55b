import { type ApiFailure, failure } from './envelopes.js';

/** The API operations the simulator serves (§2). @example `const op: Operation = 'hostname.create'` */
export type Operation =
  | 'hostname.list'
  | 'hostname.create'
  | 'hostname.get'
  | 'hostname.edit'
  | 'hostname.delete'
  | 'certificate.replace'
  | 'certificate.delete'
  | 'quota.get'
  | 'fallback.get'
  | 'fallback.put'
  | 'fallback.delete'
  | 'dcv.uuid';

interface Route {
  pattern: string[];
  methods: Partial<Record<string, Operation>>;
}

// Literal segments (quota, fallback_origin) come before {id} at the same depth (§2 ordering note).
const ROUTES: Route[] = [
  { pattern: ['zones', ':zone', 'custom_hostnames'], methods: { GET: 'hostname.list', POST: 'hostname.create' } },
  { pattern: ['zones', ':zone', 'custom_hostnames', 'quota'], methods: { GET: 'quota.get' } },
  {
    pattern: ['zones', ':zone', 'custom_hostnames', 'fallback_origin'],
    methods: { GET: 'fallback.get', PUT: 'fallback.put', DELETE: 'fallback.delete' },
  },
  {
    pattern: ['zones', ':zone', 'custom_hostnames', ':id'],
    methods: { GET: 'hostname.get', PATCH: 'hostname.edit', DELETE: 'hostname.delete' },
  },
  {
    pattern: ['zones', ':zone', 'custom_hostnames', ':id', 'certificate_pack', ':pack', 'certificates', ':certificate'],
    methods: { PUT: 'certificate.replace', DELETE: 'certificate.delete' },
  },
  { pattern: ['zones', ':zone', 'dcv_delegation', 'uuid'], methods: { GET: 'dcv.uuid' } },
];

/**
 * A matched route: the operation and the path parameters (`zone`, `id`, `pack`, `certificate`).
 *
 * @example
 * ```ts
 * const m: RouteMatch = { operation: 'hostname.get', params: { zone: '023e…', id: '0d89…' } };
 * ```
 */
export interface RouteMatch {
  operation: Operation;
  params: Record<string, string>;
}

/** A path parameter decoded; a malformed escape (`%ZZ`) is kept as sent, for the handler to refuse. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string;
    const got = segments[i] as string;
    if (want.startsWith(':')) params[want.slice(1)] = decodedSegment(got);
    else if (want !== got) return null;
  }
  return params;
}

/**
 * Finds the operation for a method and a path after `/client/v4`: 404 / 7003 for an unknown
 * path, 405 / 7001 (with `allow`) for a known path with another method.
 *
 * @example
 * ```ts
 * route('GET', '/zones/023e105f4ecef8ad9ca31a8372d0c353/custom_hostnames/quota'); // { operation: 'quota.get', … }
 * route('GET', '/nope').status; // 404
 * ```
 */
export function route(method: string, path: string): RouteMatch | ApiFailure {
  const segments = path.replace(/^\/+/, '').replace(/\/$/, '').split('/');
  for (const candidate of ROUTES) {
    const params = matchPattern(candidate.pattern, segments);
    if (!params) continue;
    const operation = candidate.methods[method];
    if (operation) return { operation, params };
    const allow = Object.keys(candidate.methods).join(', ');
    return failure(405, 7001, `Method ${method} not available for that URI.`, { allow });
  }
  return failure(404, 7003, 'No route for the URI');
}

/**
 * Operations answered with the generic envelope (object `messages`, §1.3 b).
 *
 * @example
 * ```ts
 * usesGenericEnvelope('fallback.get'); // true
 * ```
 */
export function usesGenericEnvelope(operation: Operation | undefined): boolean {
  return operation !== undefined && (operation.startsWith('fallback.') || operation === 'dcv.uuid');
}
