import { authenticate } from './auth.js';
import type { SimContext } from './context.js';
import { drift } from './drift.js';
import { type ApiAnswer, failure, isFailure } from './envelopes.js';
import { corruptAnswer, type RawAnswer, replacementAnswer } from './fault-answers.js';
import type { FaultRegistry } from './faults.js';
import { createHostname, deleteHostname, editHostname, getHostname } from './handlers/custom-hostnames.js';
import { deleteFallback, getFallback, putFallback } from './handlers/fallback-origin.js';
import { listHostnames } from './handlers/list.js';
import { deleteCertificate, getDcvUuid, getQuota, replaceCertificate } from './handlers/misc.js';
import type { ApiRequest } from './handlers/request.js';
import { type BudgetVerdict, rateLimitHeaders } from './limits.js';
import { type Operation, route, usesGenericEnvelope } from './routes.js';
import type { RequestLogEntry } from './types.js';

/** The API path prefix. @example `API_PREFIX // '/client/v4'` */
export const API_PREFIX = '/client/v4';

const HANDLERS: Record<Operation, (ctx: SimContext, req: ApiRequest) => ApiAnswer> = {
  'hostname.list': listHostnames,
  'hostname.create': createHostname,
  'hostname.get': getHostname,
  'hostname.edit': editHostname,
  'hostname.delete': deleteHostname,
  'certificate.replace': replaceCertificate,
  'certificate.delete': deleteCertificate,
  'quota.get': getQuota,
  'fallback.get': getFallback,
  'fallback.put': putFallback,
  'fallback.delete': deleteFallback,
  'dcv.uuid': getDcvUuid,
};

/**
 * What happened to a request: an answer, or nothing at all (the connection dropped).
 *
 * @example
 * ```ts
 * if (outcome.kind === 'drop') throw new TypeError('fetch failed');
 * ```
 */
export type Outcome = { kind: 'answer'; answer: RawAnswer } | { kind: 'drop' };

/**
 * An API request as the pipeline reads it.
 *
 * @example
 * ```ts
 * const req: IncomingApiRequest = { method: 'GET', path: '/zones/…/custom_hostnames', query, headers, body: '', signal: undefined };
 * ```
 */
export interface IncomingApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: string;
  signal: AbortSignal | undefined;
}

/**
 * A wait in real time (a `delay` fault is about the wire, not the virtual clock), cut short by
 * the request's signal. Written here rather than borrowed from the client's system clock: the
 * simulator shares no runtime code with the client.
 */
function realDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (finish: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      finish();
    };
    const onAbort = () => settle(() => reject(signal?.reason));
    const timer = setTimeout(() => settle(resolve), ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The 429 of a budget that refused the call, with its rate-limit headers. */
function rateLimited(verdict: BudgetVerdict): ApiAnswer {
  return failure(429, 971, 'Please wait and consider throttling your request speed', rateLimitHeaders(verdict));
}

function answerApi(
  ctx: SimContext,
  req: IncomingApiRequest,
  entry: RequestLogEntry,
): { answer: ApiAnswer; operation?: Operation } {
  const { config, state } = ctx;
  const auth = authenticate(req.headers, config);
  entry.auth = auth.auth;
  if (auth.failure) return { answer: auth.failure };
  // The per-address limit first: a call it refuses spends nothing of the user's budget.
  const perAddress = state.addressBudget?.take('address', ctx.clock.now());
  if (perAddress && !perAddress.allowed) return { answer: rateLimited(perAddress) };
  let headers: Record<string, string> = {};
  if (state.requestBudget && auth.budgetKey) {
    const verdict = state.requestBudget.take(auth.budgetKey, ctx.clock.now());
    if (!verdict.allowed) return { answer: rateLimited(verdict) };
    headers = rateLimitHeaders(verdict);
  }
  const matched = route(req.method, req.path);
  if (isFailure(matched)) return { answer: { ...matched, headers: { ...matched.headers, ...headers } } };
  const { zone } = matched.params;
  let answer: ApiAnswer;
  if (!zone) answer = failure(400, 1402, 'Zone ID is missing.');
  else if (zone !== config.zoneId) {
    answer = failure(404, 7003, `Could not route to ${req.path}, perhaps your object identifier is invalid?`);
  } else {
    state.engine.advanceTo(ctx.clock.now());
    answer = HANDLERS[matched.operation](ctx, { params: matched.params, query: req.query, body: req.body });
  }
  return { answer: { ...answer, headers: { ...answer.headers, ...headers } }, operation: matched.operation };
}

function serialise(answer: ApiAnswer, body: unknown): RawAnswer {
  return {
    status: answer.status,
    headers: { 'content-type': 'application/json', ...answer.headers },
    body: JSON.stringify(body),
  };
}

/**
 * Answers one API request: faults first, then credentials, the request budget, the route,
 * the zone and the handler. Logs it in `entry` (status filled in at the end).
 *
 * @example
 * ```ts
 * const outcome = await handleApi(ctx, faults, req, entry);
 * ```
 */
export async function handleApi(
  ctx: SimContext,
  faults: FaultRegistry,
  req: IncomingApiRequest,
  entry: RequestLogEntry,
): Promise<Outcome> {
  const fault = faults.take(req.method, req.path);
  if (fault?.kind === 'drop') return { kind: 'drop' };
  const replaced = fault && replacementAnswer(fault);
  if (replaced) {
    entry.status = replaced.status;
    return { kind: 'answer', answer: replaced };
  }
  if (fault?.kind === 'delay') await realDelay(fault.ms, req.signal);
  const { answer, operation } = answerApi(ctx, req, entry);
  entry.status = answer.status;
  if (fault?.kind === 'lose-response') {
    entry.status = 0;
    return { kind: 'drop' };
  }
  const flavour = usesGenericEnvelope(operation) ? 'generic' : 'hostname';
  const body = fault?.kind === 'drift' ? drift(answer.body, flavour) : answer.body;
  const raw = serialise(answer, body);
  return { kind: 'answer', answer: fault ? corruptAnswer(fault, raw) : raw };
}
