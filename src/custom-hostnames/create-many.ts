/**
 * Onboarding a fleet: many creates under the rate budget, one result per item, safe to run
 * again after a crash.
 *
 * @example
 * ```ts
 * const results = await saas.customHostnames.createMany(customers.map((c) => ({ hostname: c.domain, ssl: { method: 'http', type: 'dv' } })));
 * results.filter((r) => r.status === 'failed').forEach((r) => console.error(r.hostname, r.error?.message));
 * ```
 * @module
 */

import { type Clock, sleepOrAbort } from '../core/clock.js';
import {
  AbortError,
  AuthenticationError,
  CloudflareSaaSError,
  InputError,
  PermissionDeniedError,
  RateLimitError,
} from '../core/errors.js';
import type { RequestOptions } from '../core/http.js';
import type { Page, PagePromise } from '../core/pagination.js';
import { checkSignal } from '../core/request-options.js';
import { checkCreateParams, kindOf, requireInteger, requireOneOf, requirePlainObject } from '../input/index.js';
import type { CustomHostname } from '../schemas/index.js';
import { type CreateOrGetDeps, type CreateOrGetMemo, createOrGet } from './create-or-get.js';
import type { CreateCustomHostnameParams, ListCustomHostnamesParams } from './params.js';

/**
 * What happened to one item of {@link createMany}, in input order; `status` tells which
 * fields are there (checking it narrows the type).
 * - `created`: this run created it; `result` is the hostname.
 * - `existed`: it was already there (found by the listing, or Cloudflare answered 1406); `result` is the hostname.
 * - `failed`: `error` says why; `InputError` items never reached the API.
 *
 * @example
 * ```ts
 * const ready = results.flatMap((r) => (r.status === 'failed' ? [] : [r.result])); // CustomHostname[]
 * ```
 */
export type CreateManyResult = CreateManySuccess | CreateManyFailure;

/** An item of {@link createMany} that is there now. @example `{ hostname: 'app.customer-one.com', status: 'created', result: host }` */
export interface CreateManySuccess {
  /** The hostname in normal form. */
  hostname: string;
  status: 'created' | 'existed';
  /** The custom hostname. */
  result: CustomHostname;
  error?: undefined;
}

/** An item of {@link createMany} that failed. @example `{ hostname: 'app.customer-one.com', status: 'failed', error }` */
export interface CreateManyFailure {
  /** The hostname in normal form (as given, when it was rejected as input). */
  hostname: string;
  status: 'failed';
  result?: undefined;
  /** Why the item failed. */
  error: CloudflareSaaSError;
}

/**
 * Counters sent to `onProgress` after each finished item, with that item.
 *
 * @example
 * ```ts
 * onProgress: ({ done, total }) => console.log(`${done}/${total}`)
 * ```
 */
export interface CreateManyProgress {
  done: number;
  total: number;
  created: number;
  existed: number;
  failed: number;
  /** The item that just finished. */
  last: CreateManyResult;
}

/** Options of {@link createMany}. @example `{ concurrency: 8, onProgress: (p) => log(p.done), signal }` */
export interface CreateManyOptions {
  /** Items in flight at once (default 8). The rate budget, not this, sets the pace. */
  concurrency?: number | undefined;
  /**
   * Called after each finished item. If it throws, no further item is started and the call
   * rejects with that error once the items in flight are done.
   */
  onProgress?: ((progress: CreateManyProgress) => void) | undefined;
  /** Stops the run: unfinished items come back `failed` with `AbortError`; the call still resolves. */
  signal?: AbortSignal | undefined;
  /**
   * How hostnames that already exist are skipped:
   * - `auto` (default): read the zone's hostnames first, 1,000 a page, when that costs at most
   *   one request per item; items found come back `existed` without a POST;
   * - `list`: always read the whole zone first;
   * - `none`: POST every item (an existing one costs a POST, a lookup and a slot of the
   *   15-per-minute issuance budget, because every create is booked as an issuance).
   */
  skipExisting?: 'auto' | 'list' | 'none' | undefined;
  /** Further attempts of a create, or of a page of the listing, refused with 429 (another client on the same credential), default 3. */
  rateLimitRetries?: number | undefined;
}

/**
 * The calls `createMany` is made of (a create sent once, without retries; a lookup by name;
 * the zone's listing), and the clock it waits on.
 *
 * @example
 * ```ts
 * const deps: CreateManyDeps = {
 *   create: (p, o) => hosts.create(p, { ...o, maxRetries: 0 }),
 *   find: (h, o) => hosts.findByHostname(h, o),
 *   list: (p, o) => hosts.list(p, o),
 *   clock,
 * };
 * ```
 */
export interface CreateManyDeps {
  create(params: CreateCustomHostnameParams, options?: RequestOptions): Promise<CustomHostname>;
  find(hostname: string, options?: RequestOptions): Promise<CustomHostname | undefined>;
  list(params: ListCustomHostnamesParams, options?: RequestOptions): PagePromise<CustomHostname>;
  clock: Clock;
}

const PAGE = 1000;
const DEFAULT_CONCURRENCY = 8;
const DEFAULT_RETRY_AFTER_S = 60;

/** One input item, checked. */
type Checked = { index: number; body: CreateCustomHostnameParams } | { index: number; failure: CreateManyResult };

/**
 * Creates many custom hostnames with `createOrGet` semantics per item, `concurrency` at a
 * time, every request waiting for the client's rate budget (so a large batch runs at the
 * 15-issuances-a-minute pace and never collects 429s). Bad input fails its item without a
 * request; a duplicate in the batch fails as `InputError`. After a 401 or 403 no further
 * item is sent: the rest fail with the same error. A 403 that refuses a field the zone has no
 * add-on for (1413 `custom_metadata`, 1414 `custom_origin_server`) fails, unsent, only the
 * further items that send that field. When `onProgress` throws, no further item is started
 * either: the call rejects with that error once every worker has finished the item it had,
 * and `onProgress` is not called again.
 *
 * @example
 * ```ts
 * const results = await createMany(deps, [{ hostname: 'app.customer-one.com' }, { hostname: 'shop.customer-two.com' }]);
 * ```
 */
export async function createMany(
  deps: CreateManyDeps,
  items: readonly CreateCustomHostnameParams[],
  options: CreateManyOptions = {},
): Promise<CreateManyResult[]> {
  if (!Array.isArray(items)) throw new InputError('items', items, 'must be an array of create parameters');
  checkCreateManyOptions(options);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const { signal } = options;
  const results: CreateManyResult[] = new Array(items.length);
  const counts = { done: 0, total: items.length, created: 0, existed: 0, failed: 0 };
  // The first error a worker throws (onProgress's, or an unexpected one from a create): the run stops there.
  let thrown: { error: unknown } | undefined;
  const finish = (index: number, result: CreateManyResult) => {
    results[index] = result;
    counts.done += 1;
    counts[result.status] += 1;
    if (!thrown) options.onProgress?.({ ...counts, last: result });
  };

  const checked = checkItems(items);
  const todo: { index: number; body: CreateCustomHostnameParams }[] = [];
  for (const item of checked) {
    if ('failure' in item) finish(item.index, item.failure);
    else todo.push(item);
  }
  const found = await existing(deps, todo, options).catch((error: unknown) => {
    // Aborted while listing: every item then fails with AbortError below, unsent.
    if (error instanceof AbortError) return new Map<string, CustomHostname>();
    throw error;
  });
  const queue = todo.filter(({ index, body }) => {
    const host = found.get(body.hostname);
    if (host) finish(index, { hostname: body.hostname, status: 'existed', result: host });
    return !host;
  });

  let next = 0;
  let fatal: CloudflareSaaSError | undefined;
  const refused = new Map<EntitledField, PermissionDeniedError>();
  const worker = async () => {
    while (!thrown && next < queue.length) {
      const { index, body } = queue[next++] as (typeof queue)[number];
      try {
        const stop =
          fatal ??
          refusalOf(refused, body) ??
          (signal?.aborted ? new AbortError('createMany', { cause: signal.reason }) : undefined);
        const result = stop
          ? { hostname: body.hostname, status: 'failed' as const, error: stop }
          : await createOne(deps, body, options);
        const field = refusedField(result.error);
        if (field) refused.set(field, result.error as PermissionDeniedError);
        else if (isFatal(result.error)) fatal ??= result.error;
        finish(index, result);
      } catch (error) {
        thrown ??= { error };
      }
    }
  };
  // Workers never reject: a throw stops them all, and is rethrown once none is left running.
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  if (thrown) throw thrown.error;
  return results;
}

function checkItems(items: readonly CreateCustomHostnameParams[]): Checked[] {
  const seen = new Set<string>();
  // Array.from visits the holes of a sparse array too: each is an item that fails as input.
  return Array.from(items, (params, index): Checked => {
    let body: CreateCustomHostnameParams;
    try {
      body = checkCreateParams(params);
    } catch (error) {
      const given = (params as { hostname?: unknown } | null)?.hostname;
      // An object (one without a prototype has no toString) is named by its kind.
      const hostname = typeof given === 'object' || typeof given === 'function' ? kindOf(given) : String(given);
      return { index, failure: { hostname, status: 'failed', error: error as InputError } };
    }
    if (seen.has(body.hostname)) {
      const error = new InputError('hostname', body.hostname, 'appears more than once in this batch');
      return { index, failure: { hostname: body.hostname, status: 'failed', error } };
    }
    seen.add(body.hostname);
    return { index, body };
  });
}

/**
 * The batch's hostnames that already exist, read from the zone's listing (1,000 a page).
 * With `auto`, the listing stops after its first page when the remaining pages would cost
 * more requests than there are items left to create. A page refused with 429 is asked for
 * again once the `Retry-After` is over, as a create is.
 */
async function existing(
  deps: CreateManyDeps,
  todo: readonly { body: CreateCustomHostnameParams }[],
  options: CreateManyOptions,
): Promise<Map<string, CustomHostname>> {
  const found = new Map<string, CustomHostname>();
  const mode = options.skipExisting ?? 'auto';
  if (mode === 'none' || todo.length === 0) return found;
  const wanted = new Set(todo.map((t) => t.body.hostname));
  const requestOptions = options.signal ? { signal: options.signal } : {};
  let page: Page<CustomHostname> | undefined;
  do {
    const previous = page;
    page = await waitingOutRateLimits(deps.clock, options, 'createMany: listing the zone', () =>
      previous ? previous.getNextPage() : deps.list({ per_page: PAGE }, requestOptions),
    );
    for (const host of page.result) {
      const name = host.hostname.toLowerCase();
      if (wanted.has(name)) found.set(name, host);
    }
    if (mode === 'auto' && pagesAfter(page) > wanted.size - found.size) break;
  } while (page.hasNextPage());
  return found;
}

/**
 * Pages left after `page`: from `total_pages`, else from `total_count` (Cloudflare left
 * `total_pages` out before 2024); 0 when neither is known.
 */
function pagesAfter(page: Page<CustomHostname>): number {
  const info = page.result_info;
  const perPage = info.per_page || PAGE;
  const total = info.total_pages ?? (info.total_count === undefined ? 0 : Math.ceil(info.total_count / perPage));
  return total - (info.page ?? page.page);
}

async function createOne(
  deps: CreateManyDeps,
  body: CreateCustomHostnameParams,
  options: CreateManyOptions,
): Promise<CreateManyResult> {
  const requestOptions = options.signal ? { signal: options.signal } : {};
  const calls: CreateOrGetDeps = {
    create: (p) => deps.create(p, requestOptions),
    find: (h) => deps.find(h, requestOptions),
    now: () => deps.clock.now(),
  };
  // A create whose answer was lost, then a lookup refused with 429: the next attempt looks first.
  const memo: CreateOrGetMemo = { mayHaveLanded: false };
  try {
    // A refused create was not stored: wait as asked and try again.
    const { hostname, created } = await waitingOutRateLimits(deps.clock, options, `createMany ${body.hostname}`, () =>
      createOrGet(calls, body, memo),
    );
    return { hostname: body.hostname, status: created ? 'created' : 'existed', result: hostname };
  } catch (error) {
    return { hostname: body.hostname, status: 'failed', error: asFailure(error, options.signal) };
  }
}

/**
 * `attempt()`, made again after each `RateLimitError` once its `retryAfter` is over (60 s
 * when it has none), up to `rateLimitRetries` times; an abort during a wait rejects with
 * `AbortError`.
 */
async function waitingOutRateLimits<T>(
  clock: Clock,
  options: CreateManyOptions,
  what: string,
  attempt: () => PromiseLike<T>,
): Promise<T> {
  const retries = options.rateLimitRetries ?? 3;
  for (let waited = 0; ; waited++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof RateLimitError) || waited >= retries) throw error;
      await sleepOrAbort(clock, (error.retryAfter ?? DEFAULT_RETRY_AFTER_S) * 1000, options.signal, what);
    }
  }
}

function asFailure(error: unknown, signal: AbortSignal | undefined): CloudflareSaaSError {
  // Every error here comes from this copy's client: no brand check needed (and none bundled).
  if (error instanceof CloudflareSaaSError) return error;
  if (signal?.aborted) return new AbortError('createMany', { cause: signal.reason });
  throw error;
}

function isFatal(error: CloudflareSaaSError | undefined): boolean {
  return error instanceof AuthenticationError || error instanceof PermissionDeniedError;
}

/** A field that needs an Enterprise add-on of the zone. */
type EntitledField = 'custom_metadata' | 'custom_origin_server';

/**
 * The field a 403 refuses for want of an add-on (1413 `custom_metadata`, 1414
 * `custom_origin_server`): every item that sends it would be refused alike, the others not.
 */
function refusedField(error: CloudflareSaaSError | undefined): EntitledField | undefined {
  if (!(error instanceof PermissionDeniedError)) return undefined;
  return error.code === 1413 ? 'custom_metadata' : error.code === 1414 ? 'custom_origin_server' : undefined;
}

/** The refusal an item meets unsent: one already given for a field it sends. */
function refusalOf(
  refused: ReadonlyMap<EntitledField, PermissionDeniedError>,
  body: CreateCustomHostnameParams,
): PermissionDeniedError | undefined {
  for (const [field, error] of refused) if (body[field] !== undefined) return error;
  return undefined;
}

/** The options, checked before anything is sent (an `InputError` naming the option). */
function checkCreateManyOptions(options: unknown): asserts options is CreateManyOptions {
  const o = requirePlainObject(options, 'options');
  checkSignal(o.signal);
  if (o.concurrency !== undefined) requireInteger(o.concurrency, 'concurrency', 1, 100);
  if (o.rateLimitRetries !== undefined) requireInteger(o.rateLimitRetries, 'rateLimitRetries', 0, 10);
  if (o.skipExisting !== undefined) requireOneOf(o.skipExisting, ['auto', 'list', 'none'], 'skipExisting');
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new InputError('onProgress', o.onProgress, `must be a function (got ${kindOf(o.onProgress)})`);
  }
}
