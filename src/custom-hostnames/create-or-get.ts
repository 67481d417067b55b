import { APIError, ConflictError, ConnectionError, ResponseValidationError, TimeoutError } from '../core/errors.js';
import type { CustomHostname } from '../schemas/index.js';
import type { CreateCustomHostnameParams } from './params.js';

/**
 * What `createOrGet` did.
 * - `created`: this call created it.
 * - `existed`: it was already there (Cloudflare answered 1406 duplicate).
 * - `reconciled`: the create's answer was lost or a 5xx; a lookup found it stored. (Found
 *   with a `created_at` more than 10 minutes before the create was sent, it was there
 *   before the call: `existed`.)
 *
 * @example
 * ```ts
 * const { hostname, created, outcome } = await saas.customHostnames.createOrGet({ hostname: 'app.customer.com' });
 * ```
 */
export interface CreateOrGetResult {
  hostname: CustomHostname;
  /** Whether this call (or its lost first attempt) created the hostname. */
  created: boolean;
  outcome: 'created' | 'existed' | 'reconciled';
}

/** The two calls `createOrGet` is made of, and the clock. @example `{ create: (p) => hosts.create(p), find: (h) => hosts.findByHostname(h), now: () => Date.now() }` */
export interface CreateOrGetDeps {
  create(params: CreateCustomHostnameParams): Promise<CustomHostname>;
  find(hostname: string): Promise<CustomHostname | undefined>;
  /** Epoch ms: when the first create goes out, to tell a hostname it made from one made long before. */
  now(): number;
}

const DUPLICATE = 1406;

/**
 * No answer, a 5xx (a server error does not prove the create was not stored), or a success
 * whose body came damaged (it was stored; a challenge page in its place was not).
 */
function outcomeUnknown(error: unknown): boolean {
  return (
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    error instanceof ResponseValidationError ||
    (error instanceof APIError && error.status >= 500)
  );
}

/**
 * What the attempts of one `createOrGet` have learnt, for a caller that tries again after
 * it failed (a 429 on the lookup): whether a create was sent whose outcome is unknown.
 *
 * @example
 * ```ts
 * const memo: CreateOrGetMemo = { mayHaveLanded: false };
 * await createOrGet(deps, params, memo).catch(() => createOrGet(deps, params, memo));
 * ```
 */
export interface CreateOrGetMemo {
  mayHaveLanded: boolean;
  /** Epoch ms at which the first create was sent. */
  sentAt?: number | undefined;
}

/** How far the client's clock may be ahead of Cloudflare's before a hostname of this call would read as older. */
const CLOCK_SKEW_MS = 10 * 60_000;

/**
 * A hostname found after a create whose answer was lost: this call's (`reconciled`), unless
 * its `created_at` is well before the first create was sent, when it existed before the call.
 */
function found(hostname: CustomHostname, memo: CreateOrGetMemo): CreateOrGetResult {
  const createdAt = typeof hostname.created_at === 'string' ? Date.parse(hostname.created_at) : Number.NaN;
  if (memo.sentAt !== undefined && createdAt < memo.sentAt - CLOCK_SKEW_MS) {
    return { hostname, created: false, outcome: 'existed' };
  }
  return { hostname, created: true, outcome: 'reconciled' };
}

/**
 * Create, and on a duplicate or an unknown outcome reconcile by exact lookup; create at
 * most once more, and only after the lookup proved the hostname absent. With a `memo` of an
 * earlier attempt whose create may have landed, it looks first, and a hostname found (or a
 * duplicate) is this caller's own: `created`.
 *
 * @example
 * ```ts
 * await createOrGet({ create, find }, { hostname: 'app.customer.com' });
 * ```
 */
export async function createOrGet(
  deps: CreateOrGetDeps,
  params: CreateCustomHostnameParams,
  memo: CreateOrGetMemo = { mayHaveLanded: false },
): Promise<CreateOrGetResult> {
  if (memo.mayHaveLanded) {
    const host = await deps.find(params.hostname);
    if (host) return found(host, memo);
    memo.mayHaveLanded = false;
  }
  try {
    memo.sentAt ??= deps.now();
    return { hostname: await deps.create(params), created: true, outcome: 'created' };
  } catch (error) {
    const duplicate = error instanceof ConflictError && error.code === DUPLICATE;
    if (!duplicate && !outcomeUnknown(error)) throw error;
    if (!duplicate) memo.mayHaveLanded = true;
    const host = await deps.find(params.hostname);
    if (host) return duplicate ? { hostname: host, created: false, outcome: 'existed' } : found(host, memo);
    memo.mayHaveLanded = false;
    if (duplicate) throw error;
    // The lost create never landed: now it is safe to send it again, once.
    try {
      return { hostname: await deps.create(params), created: true, outcome: 'created' };
    } catch (retryError) {
      // Its answer lost too, or a duplicate (some runtimes' fetch, Deno's, silently re-send a
      // request whose connection closed before an answer, so this create can meet the one it
      // races with): look once more.
      const duplicateAgain = retryError instanceof ConflictError && retryError.code === DUPLICATE;
      if (!duplicateAgain && !outcomeUnknown(retryError)) throw retryError;
      memo.mayHaveLanded = !duplicateAgain;
      const again = await deps.find(params.hostname);
      if (again) return found(again, memo);
      memo.mayHaveLanded = false;
      throw retryError;
    }
  }
}
