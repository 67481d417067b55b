/**
 * What a handler answers: an HTTP status and a JSON body (already enveloped, or bare).
 *
 * @example
 * ```ts
 * const answer: ApiAnswer = { status: 200, body: { id: '0d89c70d-ad9f-4843-b99f-6cc0252067e9' } };
 * ```
 */
export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** An answer with a 4xx/5xx status and the failure envelope. @example `const f: ApiFailure = failure(404, 1436, 'Custom hostname not found.')` */
export type ApiFailure = ApiAnswer;

/**
 * The two envelope flavours (§1.3): custom-hostname endpoints send `messages` as strings,
 * fallback-origin and DCV-uuid endpoints as `{ code, message }` objects.
 *
 * @example
 * ```ts
 * const flavour: EnvelopeFlavour = 'generic';
 * ```
 */
export type EnvelopeFlavour = 'hostname' | 'generic';

/**
 * A success envelope. `messages` is empty, as Cloudflare sends it in practice.
 *
 * @example
 * ```ts
 * success({ uuid: 'abc' }); // { status: 200, body: { success: true, errors: [], messages: [], result: { uuid: 'abc' } } }
 * ```
 */
export function success(result: unknown, options: { status?: number; resultInfo?: object } = {}): ApiAnswer {
  const body: Record<string, unknown> = { success: true, errors: [], messages: [], result };
  if (options.resultInfo) body.result_info = options.resultInfo;
  return { status: options.status ?? 200, body };
}

/**
 * The failure envelope `{ success: false, errors: [{ code, message }], messages: [], result: null }`.
 *
 * @example
 * ```ts
 * failure(409, 1406, 'Duplicate custom hostname found.');
 * ```
 */
export function failure(status: number, code: number, message: string, headers?: Record<string, string>): ApiFailure {
  const answer: ApiFailure = {
    status,
    body: { success: false, errors: [{ code, message }], messages: [], result: null },
  };
  if (headers) answer.headers = headers;
  FAILURES.add(answer);
  return answer;
}

const FAILURES = new WeakSet<object>();

/**
 * Whether a value is a failure answer made by {@link failure} (so a parsed request body that
 * happens to have `status` and `body` keys is never mistaken for one).
 *
 * @example
 * ```ts
 * isFailure(failure(400, 1400, 'bad')); // true
 * isFailure({ status: 400, body: {} }); // false
 * ```
 */
export function isFailure(value: unknown): value is ApiFailure {
  return typeof value === 'object' && value !== null && FAILURES.has(value);
}
