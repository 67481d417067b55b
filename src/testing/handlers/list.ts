import { HOSTNAME_STATUSES, SSL_STATUSES } from '../../schemas/enums.js';
import type { SimContext } from '../context.js';
import { type ApiAnswer, type ApiFailure, failure, isFailure, success } from '../envelopes.js';
import { INVALID_PARAMETER } from '../hostname-input.js';
import { isWildcardHostname } from '../hostname-rules.js';
import type { HostnameState } from '../state.js';
import type { ApiRequest } from './request.js';

const NAME_FILTERS = ['hostname', 'hostname.exact', 'hostname.startsWith', 'hostname.contain'] as const;
const OTHER_FILTERS = [
  'ssl_status',
  'hostname_status',
  'certificate_authority',
  'wildcard',
  'custom_origin_server',
  'ssl',
];
const LIST_AUTHORITIES = ['google', 'lets_encrypt', 'ssl_com'];

type Predicate = (host: HostnameState) => boolean;

const invalid = (message: string): ApiFailure => failure(400, INVALID_PARAMETER, message);

function integerParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | ApiFailure {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    return invalid(`${name} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

function enumParam(query: URLSearchParams, name: string, allowed: readonly string[]): ApiFailure | null {
  const raw = query.get(name);
  return raw !== null && !allowed.includes(raw) ? invalid(`${name} must be one of ${allowed.join(', ')}.`) : null;
}

function namePredicate(query: URLSearchParams): Predicate | ApiFailure | null {
  const present = NAME_FILTERS.filter((name) => query.has(name));
  if (present.length > 1) return invalid(`Only one of ${NAME_FILTERS.join(', ')} can be used at a time.`);
  const name = present[0];
  if (name === undefined) return null;
  const value = (query.get(name) as string).toLowerCase();
  if (value.length > 255) return invalid(`${name} must be at most 255 characters.`);
  if (name === 'hostname.contain') {
    if (!/^[a-z0-9._*-]+$/.test(value)) return failure(400, 1437, 'Invalid hostname.contain value.');
    return (host) => host.hostname.includes(value);
  }
  if (name === 'hostname.startsWith') return (host) => host.hostname.startsWith(value);
  const exact = value.replace(/\.$/, '');
  return (host) => host.hostname === exact;
}

function otherPredicates(query: URLSearchParams): Predicate[] | ApiFailure {
  const problem =
    enumParam(query, 'ssl_status', SSL_STATUSES) ??
    enumParam(query, 'hostname_status', HOSTNAME_STATUSES) ??
    enumParam(query, 'certificate_authority', LIST_AUTHORITIES) ??
    enumParam(query, 'wildcard', ['true', 'false']) ??
    enumParam(query, 'ssl', ['0', '1']);
  if (problem) return problem;
  const out: Predicate[] = [];
  const sslStatus = query.get('ssl_status');
  if (sslStatus !== null) out.push((h) => h.ssl.status === sslStatus);
  const status = query.get('hostname_status');
  if (status !== null) out.push((h) => h.status === status);
  const ca = query.get('certificate_authority');
  if (ca !== null) out.push((h) => h.ssl.authority === ca);
  const wildcard = query.get('wildcard');
  // A wildcard hostname (`*.…`) or a certificate that also covers `*.hostname`.
  if (wildcard !== null) out.push((h) => (h.ssl.wildcard || isWildcardHostname(h.hostname)) === (wildcard === 'true'));
  const origin = query.get('custom_origin_server');
  if (origin !== null) out.push((h) => h.customOriginServer === origin.toLowerCase());
  if (query.get('ssl') === '1') out.push((h) => h.ssl.status === 'active');
  return out;
}

function filters(query: URLSearchParams): Predicate[] | ApiFailure {
  const id = query.get('id');
  if (id !== null) {
    if ([...NAME_FILTERS, ...OTHER_FILTERS].some((name) => query.has(name))) {
      return failure(400, 1438, 'The id filter cannot be combined with other filters.');
    }
    if (id.length !== 36) return failure(400, 1435, 'Invalid custom hostname ID.');
    return [(host) => host.id === id.toLowerCase()];
  }
  const byName = namePredicate(query);
  if (isFailure(byName)) return byName;
  const others = otherPredicates(query);
  if (isFailure(others)) return others;
  return byName ? [byName, ...others] : others;
}

/**
 * GET /zones/{zone}/custom_hostnames (§2.1): every filter, `order` (`ssl` = creation order,
 * `ssl_status` = by certificate status) and `direction`, `page` ≥ 1, `per_page` 5–1000;
 * a parameter out of range is 400 / 10001.
 *
 * @example
 * ```ts
 * listHostnames(ctx, { params, query: new URLSearchParams('per_page=1000&page=10'), body: '' });
 * ```
 */
export function listHostnames(ctx: SimContext, req: ApiRequest): ApiAnswer {
  const { query } = req;
  const page = integerParam(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  if (typeof page !== 'number') return page;
  const perPage = integerParam(query, 'per_page', 20, 5, 1000);
  if (typeof perPage !== 'number') return perPage;
  const ordering = enumParam(query, 'order', ['ssl', 'ssl_status']) ?? enumParam(query, 'direction', ['asc', 'desc']);
  if (ordering) return ordering;
  const predicates = filters(query);
  if (isFailure(predicates)) return predicates;
  let matches: HostnameState[] = [];
  for (const host of ctx.state.engine.records.values()) {
    if (predicates.every((p) => p(host))) matches.push(host);
  }
  if (query.get('order') === 'ssl_status') {
    matches.sort((a, b) => (a.ssl.status < b.ssl.status ? -1 : a.ssl.status > b.ssl.status ? 1 : a.seq - b.seq));
  }
  if (query.get('direction') === 'desc') matches = matches.reverse();
  const start = (page - 1) * perPage;
  const result = matches.slice(start, start + perPage).map((host) => ctx.render(host));
  return success(result, {
    resultInfo: {
      page,
      per_page: perPage,
      count: result.length,
      total_count: matches.length,
      total_pages: Math.ceil(matches.length / perPage),
    },
  });
}
