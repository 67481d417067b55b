import type { CloudflareMessage } from '../schemas/envelope.js';
import type { CustomHostname, FallbackOrigin } from '../schemas/index.js';
import type { FailedVerdict } from '../validation/verdict.js';

const BRAND = Symbol.for('cloudflare-custom-hostnames.error');

/**
 * The base of every error this package throws. Use {@link isCloudflareSaaSError} rather than
 * `instanceof` when two copies of the package may be loaded (bundles, realms).
 * No error ever holds a credential: messages, `toJSON()` and `cause` chains are built from
 * the response and the call, never from request headers.
 *
 * @example
 * ```ts
 * try { await saas.customHostnames.get(id); }
 * catch (e) { if (isCloudflareSaaSError(e)) console.error(e.name, e.message); }
 * ```
 */
export class CloudflareSaaSError extends Error {
  override name = 'CloudflareSaaSError';
  /** Brand read by {@link isCloudflareSaaSError}. */
  get [BRAND](): true {
    return true;
  }
  /**
   * A JSON view with no credential in it: name, message and the error's own fields (a bigint
   * as `"5n"`), not its `cause`.
   *
   * @example
   * ```ts
   * logger.error(JSON.stringify(error)); // {"name":"NotFoundError","message":"404 GET …","status":404,…}
   * ```
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause' && key !== 'name') out[key] = jsonable(value);
    }
    return out;
  }
}

/**
 * Whether a value is an error thrown by this package, across duplicate installs; given a
 * class name, whether it is an error of that class (or of a subclass: `'APIError'` matches a
 * `RateLimitError`), narrowed to that class's type. Use it where `instanceof` would fail:
 * with two copies of the package loaded (bundles, realms), an error thrown by one copy is not
 * an instance of the other copy's classes.
 *
 * @example
 * ```ts
 * if (isCloudflareSaaSError(err)) log(err.name, err.message);
 * if (isCloudflareSaaSError(err, 'RateLimitError')) await sleep((err.retryAfter ?? 60) * 1000);
 * if (isCloudflareSaaSError(err, 'APIError') && err.code === 1406) { … duplicate hostname … }
 * ```
 */
export function isCloudflareSaaSError(value: unknown): value is CloudflareSaaSError;
export function isCloudflareSaaSError<Name extends CloudflareSaaSErrorName>(
  value: unknown,
  name: Name,
): value is CloudflareSaaSErrorTypes[Name];
export function isCloudflareSaaSError(value: unknown, name?: string): boolean {
  if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) return false;
  if (name === undefined || name === 'CloudflareSaaSError') return true;
  const error = value as { name?: unknown; status?: unknown };
  // An APIError, whichever subclass (even one a newer copy added): the errors with an HTTP
  // status that say whether to retry. (ResponseValidationError has a status, not `retryable`.)
  return error.name === name || (name === 'APIError' && typeof error.status === 'number' && 'retryable' in error);
}

/**
 * A client option is missing or wrong. Thrown by the constructor; nothing was sent.
 *
 * @example
 * ```ts
 * new CloudflareSaaS({ zoneId: 'nope' }); // ConfigError: option "zoneId" …
 * ```
 */
export class ConfigError extends CloudflareSaaSError {
  override name = 'ConfigError';
  constructor(
    /** The option at fault, e.g. `zoneId`. */
    readonly option: string,
    message: string,
  ) {
    super(`option "${option}": ${message}`);
  }
}

/**
 * An argument was rejected before any request was sent.
 *
 * @example
 * ```ts
 * await saas.customHostnames.create({ hostname: '10.0.0.1' });
 * // InputError: hostname "10.0.0.1": an IP address is not a hostname
 * ```
 */
export class InputError extends CloudflareSaaSError {
  override name = 'InputError';
  /**
   * What was given, safe to log: any text that holds a PEM block or a private key is
   * `[redacted]` (at any depth of an object or array), longer strings are cut to 100
   * characters and nesting below 3 levels is elided.
   */
  readonly value: unknown;
  constructor(
    /** The field at fault, as a path: `hostname`, `ssl.method`, `custom_metadata.plan`. */
    readonly field: string,
    value: unknown,
    /** Why it was rejected. */
    readonly reason: string,
  ) {
    const shown = safeToShow(value, 0);
    // Nothing given has nothing to show: `hostname: is required`, not `hostname undefined: …`.
    super(value === undefined ? `${field}: ${reason}` : `${field} ${describe(shown)}: ${reason}`);
    this.value = shown;
  }
}

/** Keys and certificates: a PEM armour line or the words of a private key's. */
const SECRET_TEXT = /-----BEGIN|PRIVATE KEY/;

/** A copy of `value` with secrets redacted and long text cut; class instances are kept as given. */
function safeToShow(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    if (SECRET_TEXT.test(value)) return '[redacted]';
    return value.length > 100 ? `${value.slice(0, 99)}…` : value;
  }
  const isArray = Array.isArray(value);
  if (!isArray && !isRecord(value)) return value;
  // Also ends a cycle.
  if (depth >= 3) return isArray ? '[…]' : '{…}';
  if (isArray) return value.map((item) => safeToShow(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = safeToShow(item, depth + 1);
  return copy;
}

/** `value` with each bigint in it written as `5n`, which `JSON.stringify` would throw on. */
function jsonable(value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return value.map(jsonable);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonable(item)]));
}

/** A plain object (literal or prototype-less), as opposed to a class instance, which is kept as given. */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  // JSON would show NaN and ±Infinity as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 100 ? `${text.slice(0, 97)}…` : text;
}

/** What an {@link APIError} is built from. @example `const init: APIErrorInit = { status: 404, method: 'GET', path: '/zones/…' }` */
export interface APIErrorInit {
  status: number;
  method: string;
  /** The request path, without the base URL or query secrets. */
  path: string;
  errors?: readonly CloudflareMessage[] | undefined;
  messages?: readonly CloudflareMessage[] | undefined;
  headers?: Headers | undefined;
  /** Seconds to wait, from `Retry-After` (429/503). */
  retryAfter?: number | undefined;
}

const SAFE_HEADERS = [
  'cf-ray',
  'content-type',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
];

/**
 * Cloudflare answered with an error status, or with `success: false`.
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (e instanceof APIError && e.code === 1406) { … duplicate hostname … }
 * }
 * ```
 */
export class APIError extends CloudflareSaaSError {
  override name = 'APIError';
  /** HTTP status. */
  readonly status: number;
  /** The first Cloudflare error code (`errors[0].code`), e.g. 1406. */
  readonly code: number | undefined;
  /** Every error Cloudflare listed. */
  readonly errors: readonly CloudflareMessage[];
  /** Cloudflare's `messages` beside the errors (notices and hints; often empty). */
  readonly messages: readonly CloudflareMessage[];
  /** `cf-ray` of the response, for Cloudflare support. */
  readonly requestId: string | undefined;
  /** Whether sending the same request again may succeed (408, 429, 5xx). */
  readonly retryable: boolean;
  /** HTTP method of the failed call. */
  readonly method: string;
  /** Path of the failed call. */
  readonly path: string;
  /** The response's non-sensitive headers (cf-ray, content-type, rate-limit headers). */
  readonly headers: Record<string, string>;
  /**
   * Seconds Cloudflare asked to wait before trying again (`Retry-After`, as a 429 or a 503
   * sends it), if it said.
   */
  readonly retryAfter: number | undefined;

  constructor(init: APIErrorInit) {
    const errors = init.errors ?? [];
    const first = errors[0];
    const code = typeof first === 'object' ? first.code : undefined;
    const text = errors
      .map((e) => (typeof e === 'string' ? e : `${e.code ?? ''}${e.code ? ': ' : ''}${e.message ?? ''}`))
      .join('; ');
    super(`${init.status} ${init.method} ${init.path}${text ? ` — ${text}` : ''}`);
    this.status = init.status;
    this.code = code;
    this.errors = errors;
    this.messages = init.messages ?? [];
    this.requestId = init.headers?.get('cf-ray') ?? undefined;
    this.retryable = init.status === 408 || init.status === 429 || init.status >= 500;
    this.method = init.method;
    this.path = init.path;
    const headers: Record<string, string> = {};
    for (const name of SAFE_HEADERS) {
      const value = init.headers?.get(name);
      if (value != null) headers[name] = value;
    }
    this.headers = headers;
    this.retryAfter = init.retryAfter;
  }
}

/** 400: the request was malformed (input codes 1400–1449). @example `err instanceof BadRequestError && err.code === 1409` */
export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
/** 401: the credentials were refused (codes 1000–1005). @example `err instanceof AuthenticationError` */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
/** 403: not allowed: token scope, quota (1404/1405) or entitlement (1413/1414). @example `err instanceof PermissionDeniedError` */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
/** 404: not found (1436 for a custom hostname). @example `err instanceof NotFoundError && err.code === 1436` */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
/** 409: conflict, e.g. 1406 duplicate custom hostname. @example `err instanceof ConflictError && err.code === 1406` */
export class ConflictError extends APIError {
  override name = 'ConflictError';
}
/** 422: unprocessable request. @example `err instanceof UnprocessableEntityError` */
export class UnprocessableEntityError extends APIError {
  override name = 'UnprocessableEntityError';
}
/**
 * 429: rate limited. `retryAfter` is the wait Cloudflare asked for, in seconds.
 *
 * @example
 * ```ts
 * if (err instanceof RateLimitError) await sleep((err.retryAfter ?? 60) * 1000);
 * ```
 */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
}
/** 5xx: Cloudflare failed (1500). Retried for safe methods; a 503 may carry `retryAfter`. @example `err instanceof InternalServerError && err.retryable` */
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/**
 * Builds the {@link APIError} subclass for a status.
 *
 * @example
 * ```ts
 * apiErrorFor({ status: 404, method: 'GET', path: '/zones/z/custom_hostnames/x' }) instanceof NotFoundError; // true
 * ```
 */
export function apiErrorFor(init: APIErrorInit): APIError {
  switch (init.status) {
    case 400:
      return new BadRequestError(init);
    case 401:
      return new AuthenticationError(init);
    case 403:
      return new PermissionDeniedError(init);
    case 404:
      return new NotFoundError(init);
    case 409:
      return new ConflictError(init);
    case 422:
      return new UnprocessableEntityError(init);
    case 429:
      return new RateLimitError(init);
    default:
      return init.status >= 500 ? new InternalServerError(init) : new APIError(init);
  }
}

/**
 * The request never got an HTTP answer (DNS, refused or reset connection, TLS…).
 *
 * @example
 * ```ts
 * if (err instanceof ConnectionError) console.warn('network problem', err.cause);
 * ```
 */
export class ConnectionError extends CloudflareSaaSError {
  override name = 'ConnectionError';
  constructor(
    readonly method: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${path}: connection failed${causeText(options?.cause)}`, options);
  }
}

/**
 * An attempt took longer than the `timeout` option.
 *
 * @example
 * ```ts
 * await saas.customHostnames.get(id, { timeout: 2000, maxRetries: 0 }); // TimeoutError after 2 s without an answer
 * ```
 */
export class TimeoutError extends CloudflareSaaSError {
  override name = 'TimeoutError';
  constructor(
    readonly method: string,
    readonly path: string,
    /** The per-attempt timeout that ran out, ms. */
    readonly timeout: number,
  ) {
    super(`${method} ${path}: no answer within ${timeout} ms`);
  }
}

/**
 * The caller's `AbortSignal` fired. Distinct from {@link TimeoutError}.
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * const p = saas.validation.waitUntilActive(id, { signal: ac.signal });
 * ac.abort(); // p rejects with AbortError
 * ```
 */
export class AbortError extends CloudflareSaaSError {
  override name = 'AbortError';
  constructor(what: string, options?: { cause?: unknown }) {
    super(`${what}: aborted`, options);
  }
}

/**
 * Cloudflare answered 2xx but the body does not have the shape this package relies on
 * (not JSON, or a field it reads has the wrong type). Extra fields and new status values
 * never cause this.
 *
 * @example
 * ```ts
 * if (err instanceof ResponseValidationError) console.error(err.issues, err.rawBody);
 * ```
 */
export class ResponseValidationError extends CloudflareSaaSError {
  override name = 'ResponseValidationError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    /** The zod issues (path, expected, code), or a parse error description. */
    readonly issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[],
    /**
     * The body (first 10,000 characters): as received, or written out anew when it is JSON;
     * the client's credentials cut out as `[redacted]`.
     */
    readonly rawBody: string,
  ) {
    const first = issues[0];
    const where = first?.path.length ? ` at ${first.path.map(String).join('.')}` : '';
    super(`${method} ${path}: unexpected response${where}: ${first?.message ?? 'invalid'}`);
  }
}

function causeText(cause: unknown): string {
  return cause instanceof Error && cause.message ? ` (${cause.message})` : '';
}

/**
 * Waiting for a hostname to become active ended in a state that will not get better by
 * waiting (blocked, moved, deleted, a `*_timed_out` certificate, CAA refusal…).
 * `verdict` says why and who must act (for the fallback origin, `{ reason }` alone);
 * `snapshot` is the last hostname (or fallback origin) seen, or `null`. The message names
 * what was waited for: `custom hostname app.customer.com: validation failed: blocked`.
 *
 * @example
 * ```ts
 * catch (e) {
 *   if (e instanceof ValidationFailedError) notify(e.verdict.actor, e.verdict.reason);
 * }
 * ```
 */
export class ValidationFailedError extends CloudflareSaaSError {
  override name = 'ValidationFailedError';
  constructor(
    readonly verdict: FailedVerdict | { reason: string; state?: undefined; actor?: undefined; fix?: undefined },
    readonly snapshot: CustomHostname | FallbackOrigin | null,
    /** What was waited for, e.g. `custom hostname app.customer.com`. */
    what = 'custom hostname',
  ) {
    super(`${what}: validation failed: ${verdict.reason}`);
  }
}

/**
 * The wait's deadline passed before the hostname (or fallback origin) became active.
 * `snapshot` is the last state seen, or `null`; the wait can be resumed later from it. The
 * message names what was waited for: `fallback origin proxy.saas.com: not active by the deadline …`.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof PollTimeoutError) saveForLater(e.snapshot); }
 * ```
 */
export class PollTimeoutError extends CloudflareSaaSError {
  override name = 'PollTimeoutError';
  constructor(
    /** The deadline that passed, epoch ms. */
    readonly deadline: number,
    readonly snapshot: CustomHostname | FallbackOrigin | null,
    /** What was waited for, e.g. `fallback origin proxy-fallback.saasprovider.com`. */
    what = 'custom hostname',
  ) {
    super(`${what}: not active by the deadline ${new Date(deadline).toISOString()}`);
  }
}

/**
 * Each error class of this package by its `name`: what {@link isCloudflareSaaSError}'s second
 * argument narrows to.
 *
 * @example
 * ```ts
 * type Limited = CloudflareSaaSErrorTypes['RateLimitError']; // RateLimitError
 * ```
 */
export interface CloudflareSaaSErrorTypes {
  CloudflareSaaSError: CloudflareSaaSError;
  ConfigError: ConfigError;
  InputError: InputError;
  APIError: APIError;
  BadRequestError: BadRequestError;
  AuthenticationError: AuthenticationError;
  PermissionDeniedError: PermissionDeniedError;
  NotFoundError: NotFoundError;
  ConflictError: ConflictError;
  UnprocessableEntityError: UnprocessableEntityError;
  RateLimitError: RateLimitError;
  InternalServerError: InternalServerError;
  ConnectionError: ConnectionError;
  TimeoutError: TimeoutError;
  AbortError: AbortError;
  ResponseValidationError: ResponseValidationError;
  ValidationFailedError: ValidationFailedError;
  PollTimeoutError: PollTimeoutError;
}

/**
 * The name of an error class of this package, e.g. `'RateLimitError'`.
 *
 * @example
 * ```ts
 * const retryLater: CloudflareSaaSErrorName[] = ['RateLimitError', 'InternalServerError'];
 * ```
 */
export type CloudflareSaaSErrorName = keyof CloudflareSaaSErrorTypes;
