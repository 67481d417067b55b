/**
 * The one way out to the network. Every resource call goes through {@link HttpCore.call}:
 * auth headers, the per-attempt timeout, the retry loop, the v4 envelope unwrap, the zod
 * parse of the result and the mapping of failures to the error hierarchy all live here.
 *
 * @example
 * ```ts
 * const { result } = await core.call({ method: 'GET', path: `zones/${zoneId}/custom_hostnames/${id}`, schema: CustomHostnameSchema });
 * ```
 * @module
 */
import type * as z from 'zod/mini';
import { EnvelopeMessagesSchema, EnvelopeSchema, type ResultInfo, ResultInfoSchema } from '../schemas/envelope.js';
import { abortAfter } from './abort-after.js';
import { type Clock, sleepOrAbort } from './clock.js';
import {
  AbortError,
  APIError,
  apiErrorFor,
  type CloudflareSaaSError,
  ConfigError,
  ConnectionError,
  RateLimitError,
  ResponseValidationError,
  TimeoutError,
} from './errors.js';
import type { RateGovernor } from './rate-governor.js';
import { checkRequestOptions } from './request-options.js';
import { isRetryable, parseRetryAfter, retryDelayMs } from './retry.js';

/** Per-call options, the last argument of every method. @example `await saas.customHostnames.get(id, { timeout: 5000, signal })` */
export interface RequestOptions {
  /** Abort the call (and any retry wait); it rejects with `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms (default: the client's, 30 s). */
  timeout?: number | undefined;
  /** Retries after the first attempt for retryable calls (default: the client's, 2). */
  maxRetries?: number | undefined;
  /** Extra request headers. Auth headers cannot be overridden here. */
  headers?: Record<string, string> | undefined;
}

/** Sent to `hooks.onRequest` before each attempt. No headers, no credentials. @example `hooks: { onRequest: (e) => log(e.method, e.path) }` */
export interface RequestEvent {
  method: string;
  path: string;
  /** 0 for the first attempt. */
  attempt: number;
}
/** Sent to `hooks.onResponse` after each answered attempt. @example `hooks: { onResponse: (e) => metrics.timing(e.durationMs) }` */
export interface ResponseEvent extends RequestEvent {
  status: number;
  durationMs: number;
  /** `cf-ray`, if any. */
  requestId: string | undefined;
}
/** Sent to `hooks.onRetry` before waiting to retry; return `false` to veto the retry. @example `hooks: { onRetry: (e) => e.attempt < 2 }` */
export interface RetryEvent extends RequestEvent {
  delayMs: number;
  error: CloudflareSaaSError;
}
/**
 * Observers of the HTTP traffic. Payloads never carry headers or credentials.
 *
 * @example
 * ```ts
 * new CloudflareSaaS({ apiToken, zoneId, hooks: { onRetry: (e) => console.warn('retrying', e.path, e.error.message) } });
 * ```
 */
export interface Hooks {
  onRequest?(event: RequestEvent): void;
  onResponse?(event: ResponseEvent): void;
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing must type-check.
  onRetry?(event: RetryEvent): boolean | void;
}

/** How {@link HttpCore} is set up. @example `new HttpCore({ baseUrl, auth: { Authorization: 'Bearer …' }, … })` */
export interface HttpCoreConfig {
  baseUrl: string;
  /** Auth headers; kept private to the core. */
  auth: Record<string, string>;
  fetch: typeof fetch | undefined;
  timeout: number;
  maxRetries: number;
  maxRetryAfterMs: number;
  hooks: Hooks;
  clock: Clock;
  governor: RateGovernor | undefined;
  /** The zone whose certificate issuance budget creates use. */
  zoneId: string;
  random?: (() => number) | undefined;
}

/** One API call. @example `{ method: 'DELETE', path: 'zones/…/custom_hostnames/…', schema: DeletedSchema, bare: true }` */
export interface CallSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the base URL, no leading slash. */
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown | undefined;
  schema: z.ZodMiniType<T>;
  /** The answer may be a bare object instead of an envelope (DELETE returns `{ id }`). */
  bare?: boolean | undefined;
  /**
   * The result of a success envelope whose `result` is `null` or missing, where success says
   * all there is (a DELETE: the id asked for); without it such an answer is invalid.
   */
  emptyResult?: T | undefined;
  /** Counts against the certificate issuance budget (create, or a PATCH that re-issues). */
  issuance?: boolean | undefined;
  /**
   * The result of a call that took effect before its answer was lost: after an attempt that
   * may have been carried out (connection error, timeout, 5xx), a later attempt's error that
   * shows it was (a DELETE meeting 404/1436) is turned into this result; `undefined` keeps it.
   */
  doneIfRetryMeets?: ((error: unknown) => T | undefined) | undefined;
}

/** A parsed answer. @example `const { result, resultInfo } = await core.call(spec)` */
export interface CallResult<T> {
  result: T;
  resultInfo: ResultInfo | undefined;
}

const MAX_RAW_BODY = 10_000;

/**
 * The HTTP core shared by every resource of a client.
 *
 * @example
 * ```ts
 * const core = new HttpCore(config);
 * const { result } = await core.call({ method: 'GET', path: 'zones/…/custom_hostnames/fallback_origin', schema: FallbackOriginSchema });
 * ```
 */
export class HttpCore {
  readonly #config: HttpCoreConfig;

  constructor(config: HttpCoreConfig) {
    this.#config = config;
  }

  /** The clock the core waits on. @example `core.clock.now()` */
  get clock(): Clock {
    return this.#config.clock;
  }

  /**
   * Sends a call, retrying as the policy allows, and returns its parsed result.
   *
   * @example
   * ```ts
   * const { result } = await core.call({ method: 'GET', path, schema: CustomHostnameSchema }, { signal });
   * ```
   */
  async call<T>(spec: CallSpec<T>, options: RequestOptions = {}): Promise<CallResult<T>> {
    checkRequestOptions(options);
    const config = this.#config;
    if (!config.fetch && typeof globalThis.fetch !== 'function') {
      throw new ConfigError('fetch', 'this runtime has no global fetch; pass options.fetch');
    }
    const maxRetries = options.maxRetries ?? config.maxRetries;
    const path = `/${spec.path}`;
    let mayHaveTakenEffect = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt(spec, path, attempt, options);
      } catch (error) {
        const done = mayHaveTakenEffect ? spec.doneIfRetryMeets?.(error) : undefined;
        if (done !== undefined) return { result: done, resultInfo: undefined };
        // Cloudflare refuses the whole credential after a 429: every request of this governor waits it out.
        if (error instanceof RateLimitError && error.retryAfter !== undefined && 'retry-after' in error.headers) {
          config.governor?.holdFor(error.retryAfter * 1000);
        }
        if (error instanceof AbortError || attempt >= maxRetries || !isRetryable(spec.method, error)) throw error;
        const retryAfter = error instanceof APIError ? retryAfterOf(error) : undefined;
        const delayMs = retryDelayMs({
          attempt,
          retryAfter,
          maxRetryAfterMs: config.maxRetryAfterMs,
          random: config.random ?? Math.random,
        });
        if (delayMs === null) throw error;
        const veto = config.hooks.onRetry?.({
          method: spec.method,
          path,
          attempt: attempt + 1,
          delayMs,
          error: error as CloudflareSaaSError,
        });
        if (veto === false) throw error;
        mayHaveTakenEffect ||= mayHaveBeenCarriedOut(error);
        await sleepOrAbort(config.clock, delayMs, options.signal, `${spec.method} ${path}`);
      }
    }
  }

  async #attempt<T>(spec: CallSpec<T>, path: string, attempt: number, options: RequestOptions): Promise<CallResult<T>> {
    const config = this.#config;
    const what = `${spec.method} ${path}`;
    if (options.signal?.aborted) throw new AbortError(what, { cause: options.signal.reason });
    if (config.governor) {
      // After a 429 the credential is refused for a while: a call that would wait longer than
      // it waits on a Retry-After fails unsent, whether the hold was there first or began
      // while it waited its turn.
      await config.governor
        .acquire({
          issuance: spec.issuance === true,
          zone: config.zoneId,
          signal: options.signal,
          maxHoldMs: config.maxRetryAfterMs,
          request: { method: spec.method, path },
        })
        .catch((reason) => {
          throw options.signal?.aborted ? new AbortError(what, { cause: reason }) : reason;
        });
    }
    config.hooks.onRequest?.({ method: spec.method, path, attempt });
    const started = config.hooks.onResponse ? config.clock.now() : 0; // read only for the hook's durationMs
    const timeout = options.timeout ?? config.timeout;
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const headers = headersFor(config.auth, options.headers, body !== undefined);
    let response: Response;
    let text: string;
    const deadline = abortAfter(timeout, options.signal);
    try {
      // Not followed: the v4 API never redirects, and fetch would carry X-Auth-Key and
      // X-Auth-Email to another origin (it drops only Authorization). A 3xx is an APIError.
      const init: RequestInit = { method: spec.method, headers, signal: deadline.signal, redirect: 'manual' };
      if (body !== undefined) init.body = body;
      deadline.signal.throwIfAborted(); // aborted after the check above (from a hook): not sent
      response = await (config.fetch ?? globalThis.fetch)(urlOf(config.baseUrl, spec), init);
      text = await response.text();
    } catch (error) {
      if (options.signal?.aborted) throw new AbortError(what, { cause: options.signal.reason });
      if (deadline.timedOut()) throw new TimeoutError(spec.method, path, timeout);
      throw new ConnectionError(spec.method, path, { cause: safeCause(error, config.auth) });
    } finally {
      deadline.clear();
    }
    config.hooks.onResponse?.({
      method: spec.method,
      path,
      attempt,
      status: response.status,
      durationMs: config.clock.now() - started,
      requestId: response.headers.get('cf-ray') ?? undefined,
    });
    return parseAnswer(spec, path, response, text, config.clock, config.auth);
  }
}

function parseAnswer<T>(
  spec: CallSpec<T>,
  path: string,
  response: Response,
  text: string,
  clock: Clock,
  auth: Record<string, string>,
): CallResult<T> {
  const body = parseJson(text);
  // What an error keeps of the answer (message, errors, raw body) has the credentials cut out:
  // a proxy or gateway that echoes the request back must not put them into logs.
  // JSON is written out anew first, so a credential the server escaped (`\u0026`) is found too.
  const safeText = () => redacted(body === NOT_JSON ? text : rewritten(body, text), auth);
  const failure = () => {
    const envelope = EnvelopeMessagesSchema.safeParse(parseJson(safeText()));
    return apiErrorFor({
      status: response.status,
      method: spec.method,
      path,
      errors: envelope.data?.errors ?? [],
      messages: envelope.data?.messages ?? [],
      headers: response.headers,
      retryAfter: parseRetryAfter(response.headers.get('retry-after'), clock.now()),
    });
  };
  if (!response.ok) throw failure();
  const invalid = (issues: ResponseValidationError['issues']) =>
    new ResponseValidationError(spec.method, path, response.status, issues, safeText().slice(0, MAX_RAW_BODY));
  if (body === NOT_JSON) {
    const type = response.headers.get('content-type') ?? 'no content-type';
    throw invalid([{ path: [], message: text === '' ? 'empty body' : `body is not JSON (${type})`, code: 'not_json' }]);
  }
  let result: unknown;
  let resultInfo: ResultInfo | undefined;
  const isEnvelope = typeof body === 'object' && body !== null && 'success' in body;
  if (spec.bare && !isEnvelope) {
    result = body;
  } else {
    // The envelope's other fields are read leniently (they cannot fail the parse): only a
    // `success` that is not a boolean makes it invalid, and only then is the schema run, for
    // its issues. A success answer needs none of its lists: they are read from a failure.
    const envelope = (body ?? {}) as { success?: unknown; result?: unknown; result_info?: unknown };
    if (typeof envelope.success !== 'boolean') {
      throw invalid(EnvelopeSchema.safeParse(body).error?.issues ?? []);
    }
    if (!envelope.success) throw failure();
    result = envelope.result;
    if (envelope.result_info !== undefined && envelope.result_info !== null) {
      resultInfo = ResultInfoSchema.safeParse(envelope.result_info).data;
    }
    if (result === undefined || result === null) {
      if (spec.emptyResult !== undefined) return { result: spec.emptyResult, resultInfo };
      throw invalid([{ path: ['result'], message: 'success: true but no result', code: 'missing_result' }]);
    }
  }
  const parsed = spec.schema.safeParse(result);
  if (!parsed.success) {
    const prefix = spec.bare && !isEnvelope ? [] : ['result'];
    throw invalid(parsed.error.issues.map((i) => ({ ...i, path: [...prefix, ...i.path] })));
  }
  return { result: parsed.data, resultInfo };
}

/** Whether a failed attempt may still have been carried out: its answer was lost, or the server failed. */
function mayHaveBeenCarriedOut(error: unknown): boolean {
  return (
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    (error instanceof APIError && error.status >= 500)
  );
}

const NOT_JSON = Symbol('not json');

function parseJson(text: string): unknown {
  if (text === '') return NOT_JSON;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** Parsed JSON written out anew; the text as it came when it is nested too deep to write out. */
function rewritten(body: unknown, text: string): string {
  try {
    return JSON.stringify(body);
  } catch {
    return text;
  }
}

/** The wait a retry honours: the `Retry-After` of a 429 or a 503 (other statuses' are not Cloudflare's to give). */
function retryAfterOf(error: APIError): number | undefined {
  return error instanceof RateLimitError || error.status === 503 ? error.retryAfter : undefined;
}

/**
 * The request headers: the credentials, and the JSON content type when there is a body. A
 * caller's extra headers go through `Headers` and the credentials are set over them, not
 * spread, so an `Authorization` in another case cannot merge with them; without extra
 * headers a plain object is enough (and cheaper for fetch to read).
 */
function headersFor(auth: Record<string, string>, extra: HeadersInit | undefined, json: boolean): HeadersInit {
  if (extra === undefined) return json ? { ...auth, 'content-type': 'application/json' } : auth;
  const headers = new Headers(extra);
  for (const [name, value] of Object.entries(auth)) headers.set(name, value);
  if (json) headers.set('content-type', 'application/json');
  return headers;
}

/** The call's URL: base URL, path, and the query without its undefined values. */
function urlOf(baseUrl: string, spec: CallSpec<unknown>): string {
  if (spec.query === undefined) return `${baseUrl}/${spec.path}`;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(spec.query ?? {})) {
    if (value !== undefined) query.append(key, String(value));
  }
  const search = query.toString();
  return `${baseUrl}/${spec.path}${search ? `?${search}` : ''}`;
}

/**
 * The network error as a plain `Error` with its name and message only: a fetch error can
 * carry the request, its init or its headers anywhere in its properties, and its message (or
 * even its name) can quote a header value, so nothing else is kept and the credentials are
 * cut out of both.
 */
function safeCause(error: unknown, auth: Record<string, string>): Error {
  const message = redacted(error instanceof Error ? error.message : String(error), auth);
  const cause = error instanceof TypeError ? new TypeError(message) : new Error(message);
  if (error instanceof Error && error.name !== cause.name) cause.name = redacted(String(error.name), auth);
  return cause;
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** `text` as HTML pages escape it: `&` `<` `>` `"` as entities, and `'` in each of its usual three. */
function htmlEscaped(text: string): string[] {
  const escaped = text.replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] as string);
  return ['&#39;', '&#x27;', '&apos;'].map((apostrophe) => escaped.replace(/'/g, apostrophe));
}

/**
 * `text` with every credential value of `auth` as `[redacted]`, in any letter case: as sent, a
 * bearer token also without its `Bearer `, and each as a JSON string writes it, URL-encoded,
 * form-encoded (an echoed query string writes `@` as `%40`) and HTML-escaped (an email may hold
 * `'` and `&`).
 */
function redacted(text: string, auth: Record<string, string>): string {
  for (const value of Object.values(auth)) {
    const bare = value.replace(/^Bearer /, '');
    const forms = [value, bare, JSON.stringify(bare).slice(1, -1), encodeURIComponent(bare), ...htmlEscaped(bare)];
    forms.push(new URLSearchParams({ v: bare }).toString().slice(2));
    for (const secret of new Set(forms)) {
      // In any letter case: an echo may lower-case an email (and a token's case never matters here).
      if (secret.length >= 4)
        text = text.replace(new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '[redacted]');
    }
  }
  return text;
}
