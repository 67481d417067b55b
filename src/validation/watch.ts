/**
 * Watching a fleet: the status of many hostnames from the list endpoint (1,000 a page)
 * instead of one GET per hostname, looked at just after Cloudflare's own checks.
 *
 * Each hostname keeps a {@link PollState}; {@link step} says when it is next worth a look
 * (12 s after Cloudflare's next check on the published schedule, every 30 s while
 * Cloudflare issues or deploys the certificate). A sweep runs when the first hostname is
 * due, takes along every hostname due within `coalesceMs` after it, and is paced so the
 * watch spends at most `requestsPerMinute` of the rate budget. A sweep lists each group of
 * due hostnames under the status it was last seen in (`hostname_status=pending`, or its
 * `ssl_status`), then finds those that moved on in the zone's listing or with one GET each,
 * whichever costs fewer requests (a page of 1,000 counts as two GETs; decided from
 * `total_pages` after the first page). A hostname the listing did not show is read by id
 * before it counts as deleted: a deletion between two pages shifts the pages after it.
 *
 * @example
 * ```ts
 * for await (const change of saas.validation.watch(created.flatMap((r) => (r.result ? [r.result] : [])))) {
 *   console.log(change.hostname, change.previous?.verdict.state, '→', change.current.verdict.state);
 * }
 * ```
 * @module
 */
import { type Clock, WakeableSleep } from '../core/clock.js';
import { AbortError, InputError, NotFoundError } from '../core/errors.js';
import type { RequestOptions } from '../core/http.js';
import type { Page, PagePromise } from '../core/pagination.js';
import { checkSignal } from '../core/request-options.js';
import { isTransient, waitRetryDelayMs } from '../core/retry.js';
import type { ListCustomHostnamesParams } from '../custom-hostnames/params.js';
import {
  checkAtLeast,
  checkHostnameId,
  checkListParams,
  isPlainObject,
  LIST_FILTERS,
  normalizeHostname,
  requireInteger,
  requirePlainObject,
} from '../input/index.js';
import { type CustomHostname, type KnownSslStatus, SSL_STATUSES } from '../schemas/index.js';
import { afterRecheck, initialPollState, POLL_DEFAULTS, type PollState, step } from './poll.js';
import { classify, type Verdict } from './verdict.js';

/**
 * Which hostnames to watch: ids, names or hostnames as returned by the API, or a list
 * filter (every hostname it lists at the first sweep is watched). Entries that name the
 * same hostname (its id and its name, or one name in another case or with a trailing dot)
 * are watched as one: one entry in `statuses()` and `stats()`, one event per change. A
 * hostname deleted and made again under its name is a new hostname: one watched by id (or
 * as an object, or through a filter) ends `failed` as deleted; one watched by its name alone
 * is followed under its new id, its next event without `previous`.
 *
 * @example
 * ```ts
 * const target: WatchTarget = { hostname_status: 'pending', 'hostname.contain': 'shop' };
 * ```
 */
export type WatchTarget = readonly (string | CustomHostname)[] | WatchFilter;

/** A list filter as a watch target. @example `const filter: WatchFilter = { ssl_status: 'pending_validation' }` */
export type WatchFilter = Omit<ListCustomHostnamesParams, 'id' | 'page' | 'per_page' | 'order' | 'direction'>;

/**
 * Where a hostname stands: its two statuses and the verdict drawn from them.
 *
 * @example
 * ```ts
 * const s: WatchStatus = { status: 'pending', sslStatus: 'pending_validation', verdict: classify(host) };
 * ```
 */
export interface WatchStatus {
  status: string;
  sslStatus: string;
  verdict: Verdict;
}

/**
 * A change seen by the watch. `end` is set when the hostname leaves the watch: `active`,
 * or `failed` (a failed verdict, or the hostname is gone).
 *
 * @example
 * ```ts
 * const e: WatchEvent = { hostname: 'app.customer-one.com', id, previous, current, snapshot: host, end: 'active', at: Date.now() };
 * ```
 */
export interface WatchEvent {
  hostname: string;
  id: string | undefined;
  /** Undefined the first time the hostname is seen. */
  previous: WatchStatus | undefined;
  current: WatchStatus;
  /** The hostname as read; undefined when it was not found. */
  snapshot: CustomHostname | undefined;
  end: 'active' | 'failed' | undefined;
  /** When it was seen (the clock's time). */
  at: number;
}

/** Options of {@link watch}. @example `{ deadline: Date.now() + 86_400_000, requestsPerMinute: 60, signal }` */
export interface WatchOptions {
  /** Ends the iteration with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** The iteration ends (without error) when the next sweep would come after it. Default: none. */
  deadline?: number | Date | undefined;
  /**
   * How long after Cloudflare's check to look, ms. Default 2,000. While both validations are
   * pending the look comes after the certificate check, which trails the hostname's by about
   * 10 s (see {@link step}): 12 s after the hostname check.
   */
  marginMs?: number | undefined;
  /** Hostnames due within this long after the first due one share its sweep, ms (default 10,000). */
  coalesceMs?: number | undefined;
  /**
   * The share of the rate budget sweeps may use, in calls a minute (default 120 of
   * Cloudflare's 240 a minute). Failed sweeps count; a call the client retried counts once.
   */
  requestsPerMinute?: number | undefined;
  /** Single GETs in flight at once, a whole number from 1 to 100 (default 8). */
  concurrency?: number | undefined;
}

/**
 * Counters of a watch.
 *
 * @example
 * ```ts
 * const { sweeps, listRequests, getRequests } = watcher.stats();
 * ```
 */
export interface WatchStats {
  watching: number;
  active: number;
  failed: number;
  sweeps: number;
  /** List calls sent, answered or not (a call the client retried counts once). */
  listRequests: number;
  /** Single reads sent, answered or not (a call the client retried counts once). */
  getRequests: number;
  /** Requests of the largest sweep. */
  largestSweep: number;
}

/**
 * What the watch needs from the client: its custom hostnames resource and clock.
 *
 * @example
 * ```ts
 * const deps: WatchDeps = { hosts: saas.customHostnames, clock: systemClock };
 * ```
 */
export interface WatchDeps {
  hosts: {
    list(params: ListCustomHostnamesParams, options?: RequestOptions): PagePromise<CustomHostname>;
    get(id: string, options?: RequestOptions): Promise<CustomHostname>;
    findByHostname(hostname: string, options?: RequestOptions): Promise<CustomHostname | undefined>;
  };
  clock: Clock;
  /**
   * Tells `listener` of each recheck sent elsewhere on the client (`validation.recheck`) until
   * the returned function is called: a hostname rechecked is read in the next sweep, its
   * schedule counted from the recheck, rather than at the next check of its old schedule.
   */
  onRecheck?(listener: (hostId: string, at: number) => void): () => void;
  /**
   * When the client last rechecked `hostId` (`validation.recheck`), if its schedule still runs:
   * a hostname rechecked before the watch first sees it is counted from the recheck.
   */
  lastRecheckAt?(hostId: string): number | undefined;
}

interface Entry {
  /** Target order: when two entries turn out to be one hostname, the earlier one stays. */
  order: number;
  /** Set when this entry turned out to name the hostname of another one, which took its place. */
  into: Entry | undefined;
  id: string | undefined;
  name: string | undefined;
  /** Named by its hostname alone: a hostname of that name made after the one seen is followed. */
  byNameOnly: boolean;
  state: PollState | undefined;
  wakeAt: number;
  last: WatchStatus | undefined;
  snapshot: CustomHostname | undefined;
  end: WatchEvent['end'];
}

/** The entry a hostname read belongs to, and the entry merged into it by that read, if any. */
interface Claim {
  entry: Entry;
  dropped: Entry | undefined;
}

const PAGE = 1000;
/** Reads of a filter target's first listing, when its count keeps moving while it is read. */
const MEMBER_PASSES = 3;
/** A page of 1,000 weighs as much as this many single GETs: list only when it saves more. */
const GETS_PER_PAGE = 2;
const GONE: Verdict = { state: 'failed', actor: 'provider', reason: 'not found (deleted)', fix: 'recreate' };

/**
 * Watches many hostnames until each is active or failed. Iterate it once; the sweeps run
 * as the iteration pulls, so a slow consumer slows the watch rather than piling up events.
 * Transient API failures (after the client's own retries) are retried with backoff and
 * never end the watch; other errors end the iteration.
 *
 * @example
 * ```ts
 * const watcher = saas.validation.watch(['app.customer-one.com', 'shop.customer-two.com']);
 * for await (const e of watcher) if (e.end) console.log(e.hostname, e.end);
 * watcher.stats().listRequests;
 * ```
 */
export class Watch implements AsyncIterable<WatchEvent> {
  readonly #deps: WatchDeps;
  readonly #options: WatchOptions;
  readonly #deadline: number;
  #entries: Entry[] = [];
  #merged = false;
  #order = 0;
  readonly #byId = new Map<string, Entry>();
  readonly #byName = new Map<string, Entry>();
  readonly #pagesOf = new Map<string, number>();
  readonly #base: ListCustomHostnamesParams;
  readonly #filter: WatchFilter | undefined;
  readonly #stats = { sweeps: 0, listRequests: 0, getRequests: 0, largestSweep: 0 };
  #started = false;

  constructor(deps: WatchDeps, target: WatchTarget, options: WatchOptions = {}) {
    requirePlainObject(options, 'options');
    checkSignal(options.signal);
    this.#deps = deps;
    this.#options = options;
    const deadline = options.deadline instanceof Date ? options.deadline.getTime() : options.deadline;
    if (deadline !== undefined && !Number.isFinite(deadline)) {
      throw new InputError('deadline', options.deadline, 'must be a valid time');
    }
    this.#deadline = deadline ?? Number.POSITIVE_INFINITY;
    checkAtLeast(options.marginMs, 'marginMs', 0);
    checkAtLeast(options.coalesceMs, 'coalesceMs', 0);
    checkAtLeast(options.requestsPerMinute, 'requestsPerMinute', 1);
    if (options.concurrency !== undefined) requireInteger(options.concurrency, 'concurrency', 1, 100);
    if (Array.isArray(target)) {
      this.#filter = undefined;
      this.#base = {};
      const now = deps.clock.now();
      for (const item of target as readonly (string | CustomHostname)[]) this.#add(entryFor(item, now));
      this.#compact();
    } else {
      if (!isPlainObject(target)) {
        throw new InputError('target', target, 'must be an array of ids or hostnames, or a list filter');
      }
      this.#filter = checkWatchFilter(target);
      const { hostname_status: _h, ssl_status: _s, ssl: _c, ...stable } = this.#filter;
      this.#base = stable;
    }
  }

  /**
   * Counters so far.
   *
   * @example
   * ```ts
   * watcher.stats(); // { watching: 12, active: 980, failed: 8, sweeps: 41, listRequests: 97, getRequests: 30, largestSweep: 10 }
   * ```
   */
  stats(): WatchStats {
    let active = 0;
    let failed = 0;
    for (const e of this.#entries) {
      if (e.end === 'active') active += 1;
      else if (e.end === 'failed') failed += 1;
    }
    return { watching: this.#entries.length - active - failed, active, failed, ...this.#stats };
  }

  /**
   * The last status of every watched hostname.
   *
   * @example
   * ```ts
   * watcher.statuses().filter((s) => !s.end).map((s) => s.hostname);
   * ```
   */
  statuses(): { hostname: string; id: string | undefined; current: WatchStatus | undefined; end: WatchEvent['end'] }[] {
    return this.#entries.map((e) => ({ hostname: e.name ?? e.id ?? '', id: e.id, current: e.last, end: e.end }));
  }

  /**
   * The events, sweep after sweep, until every hostname has ended or the deadline or the signal
   * ends the watch. A watch is iterated once (a second time is an `InputError`).
   *
   * @example
   * ```ts
   * for await (const e of saas.validation.watch(ids)) if (e.end) console.log(e.hostname, e.end);
   * ```
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<WatchEvent, void, undefined> {
    if (this.#started) throw new InputError('watch', 'iterated twice', 'a watch can be iterated once');
    this.#started = true;
    const { clock } = this.#deps;
    const { signal } = this.#options;
    const perMinute = this.#options.requestsPerMinute ?? 120;
    let pacedUntil = Number.NEGATIVE_INFINITY;
    let failures = 0;
    // A filter target first lists its members; a list of hostnames starts with all of them due.
    let joined = this.#filter === undefined;
    const sleeper = new WakeableSleep(clock);
    const stopListening = this.#deps.onRecheck?.((hostId, at) => {
      if (this.#rechecked(hostId, at)) sleeper.wake();
    });
    try {
      for (;;) {
        if (signal?.aborted) throw new AbortError('watch', { cause: signal.reason });
        const at = joined ? this.#nextSweepAt(pacedUntil) : Math.max(clock.now(), pacedUntil);
        if (at === undefined) return;
        const woken = await sleeper.sleepUntil(Math.min(at, this.#deadline), signal, 'watch');
        if (woken) continue;
        if (at > this.#deadline) return;
        const startedAt = clock.now();
        const before = this.#spent();
        let events: WatchEvent[];
        try {
          events = joined ? await this.#sweep(startedAt) : await this.#members();
          joined = true;
          failures = 0;
        } catch (error) {
          if (!isTransient(error) || signal?.aborted) throw this.#aborted(error);
          failures += 1;
          // A failed sweep spent its requests too: the next waits for the pace as well as the backoff.
          // After a 429 the credential is refused until Retry-After: trying before then is refused too.
          const backoff = waitRetryDelayMs(error, failures - 1);
          pacedUntil = Math.max(clock.now() + backoff, startedAt + ((this.#spent() - before) * 60_000) / perMinute);
          continue;
        }
        const cost = this.#spent() - before;
        this.#stats.sweeps += 1;
        this.#stats.largestSweep = Math.max(this.#stats.largestSweep, cost);
        pacedUntil = startedAt + (cost * 60_000) / perMinute;
        yield* events;
      }
    } finally {
      stopListening?.();
    }
  }

  /**
   * Takes in a recheck sent elsewhere: a watched hostname still waiting becomes due at once,
   * its schedule counted from the recheck. Whether it is one.
   */
  #rechecked(hostId: string, at: number): boolean {
    const entry = this.#byId.get(hostId);
    if (!entry || entry.end) return false;
    if (entry.state) entry.state = afterRecheck(entry.state, at, at);
    entry.wakeAt = Math.min(entry.wakeAt, at);
    return true;
  }

  /**
   * The first sweep of a filter target: everything it lists is watched. Nothing is taken in
   * before the last page is read, so a listing that fails halfway leaves the watch as it was
   * and the next try yields every first-seen event. Pages follow creation order, so a
   * hostname that leaves the filter between two pages (deleted, or gone active) shifts the
   * pages after it and one member is never listed: a listing whose count moved while it was
   * read, or that lists a hostname made while it was read (one that joined may hide one that
   * left, the count unmoved), is read again (at most {@link MEMBER_PASSES} times), and what
   * any read listed is taken.
   */
  async #members(): Promise<WatchEvent[]> {
    const listed = new Map<string, CustomHostname>();
    for (let pass = 1; pass <= MEMBER_PASSES; pass++) {
      const { hosts, steady } = await this.#listAll({ ...this.#filter, per_page: PAGE });
      for (const host of hosts) listed.set(host.id, host);
      if (steady) break;
    }
    const seenAt = this.#deps.clock.now(); // when the listing answered (it may have waited for budget)
    const events: WatchEvent[] = [];
    for (const host of listed.values()) {
      const { entry } = this.#claim(host, () => this.#add(entryFor(host.id, seenAt)));
      const event = this.#apply(entry, host, seenAt);
      if (event) events.push(event);
    }
    this.#compact();
    return events;
  }

  /**
   * Every hostname `query` lists, page after page, and whether the listing held still: every
   * page had the same count and no hostname listed was made after the first page was asked
   * for (by its `created_at` against this clock: one running ahead of Cloudflare's by more
   * than the listing takes misses that, one running behind costs a needless pass).
   */
  async #listAll(query: ListCustomHostnamesParams): Promise<{ hosts: CustomHostname[]; steady: boolean }> {
    const since = this.#deps.clock.now();
    const hosts: CustomHostname[] = [];
    const counts = new Set<number | null | undefined>();
    for await (const page of this.#pages(query)) {
      hosts.push(...page.result);
      counts.add(page.result_info.total_count);
    }
    const joined = hosts.some((h) => typeof h.created_at === 'string' && Date.parse(h.created_at) > since);
    return { hosts, steady: counts.size <= 1 && !joined };
  }

  /** The pages of `query`, each list call counted as it goes out, answered or not. */
  async *#pages(query: ListCustomHostnamesParams): AsyncGenerator<Page<CustomHostname>> {
    this.#stats.listRequests += 1;
    for await (const page of this.#deps.hosts.list(query, this.#request()).iterPages()) {
      yield page;
      // Still iterating: the caller wants the next page, which goes out now.
      if (page.hasNextPage()) this.#stats.listRequests += 1;
    }
  }

  /** Requests sent so far, list and single reads. */
  #spent(): number {
    return this.#stats.listRequests + this.#stats.getRequests;
  }

  /** When the next sweep is due: the first wake, stretched over the wakes close behind it, never before the pace allows. */
  #nextSweepAt(pacedUntil: number): number | undefined {
    let first = Number.POSITIVE_INFINITY;
    for (const e of this.#entries) if (!e.end && e.wakeAt < first) first = e.wakeAt;
    if (first === Number.POSITIVE_INFINITY) return undefined;
    const window = first + (this.#options.coalesceMs ?? 10_000);
    let at = first;
    for (const e of this.#entries) if (!e.end && e.wakeAt <= window && e.wakeAt > at) at = e.wakeAt;
    return Math.max(at, pacedUntil);
  }

  /**
   * Reads every due hostname (and, for free, any other watched one on the pages read):
   * first by the status it was last seen in (`hostname_status=pending`, or its `ssl_status`),
   * largest group first; then whatever moved on, from the zone's listing or one GET each.
   */
  async #sweep(now: number): Promise<WatchEvent[]> {
    const due = this.#entries.filter((e) => !e.end && e.wakeAt <= now);
    const seen = new Map<Entry, CustomHostname>();
    const groups = new Map<string, { query: ListCustomHostnamesParams; entries: Entry[] }>();
    for (const entry of due) {
      const query = statusFilter(entry.snapshot);
      if (!query) continue;
      const key = JSON.stringify(query);
      const group = groups.get(key) ?? { query, entries: [] };
      group.entries.push(entry);
      groups.set(key, group);
    }
    for (const { query, entries } of [...groups.values()].sort((a, b) => b.entries.length - a.entries.length)) {
      const wanted = entries.filter((e) => !e.into && !seen.has(e));
      if (wanted.length > 0) await this.#listInto({ ...this.#base, ...query }, wanted, seen);
    }
    const rest = due.filter((e) => !e.into && !seen.has(e));
    const gone = new Set<Entry>();
    if (rest.length > 0) {
      // Even a complete listing may miss a live hostname: pages follow creation order, so a
      // deletion between two pages shifts the next one. Only a read by id tells it is gone.
      const missing = await this.#listInto(this.#base, rest, seen);
      await this.#getEach(missing, seen, gone);
    }
    // Seen when the reads answered, not when the sweep began (the reads may have waited for budget).
    const seenAt = this.#deps.clock.now();
    // Entries merged during the sweep: each hostname is applied once, under the entry that stays.
    const events: WatchEvent[] = [];
    const applied = new Set<Entry>();
    for (const [key, host] of seen) {
      const entry = canonical(key);
      if (applied.has(entry)) continue;
      applied.add(entry);
      const event = this.#apply(entry, host, seenAt);
      if (event) events.push(event);
    }
    for (const key of gone) {
      const entry = canonical(key);
      if (!applied.has(entry) && !entry.end) events.push(this.#gone(entry, seenAt));
    }
    this.#compact();
    return events;
  }

  /**
   * Lists `query` page by page, recording every watched hostname met, and returns those of
   * `wanted` it did not meet. Stops when all of `wanted` were met, or when so few are left
   * that one GET each is cheaper than the pages left; does not list at all when that holds
   * before the first page (by the page count this query had last time).
   */
  async #listInto(
    query: ListCustomHostnamesParams,
    wanted: Entry[],
    seen: Map<Entry, CustomHostname>,
  ): Promise<Entry[]> {
    const key = JSON.stringify(query);
    if (wanted.length <= GETS_PER_PAGE * (this.#pagesOf.get(key) ?? 1)) return wanted;
    const want = new Set(wanted);
    for await (const page of this.#pages({ ...query, per_page: PAGE })) {
      for (const host of page.result) {
        const claim = this.#claim(host);
        if (!claim) continue;
        const { entry, dropped } = claim;
        if (dropped) want.delete(dropped);
        if (entry.end || seen.has(entry)) continue;
        seen.set(entry, host);
        want.delete(entry);
      }
      const total = page.result_info.total_pages ?? page.page;
      this.#pagesOf.set(key, total);
      const pagesLeft = total - (page.result_info.page ?? page.page);
      if (want.size === 0 || (pagesLeft > 0 && want.size <= GETS_PER_PAGE * pagesLeft)) break;
    }
    return wanted.filter((e) => !e.into && !seen.has(e));
  }

  /**
   * Reads each entry by id (or name), `concurrency` at a time: into `seen` when found, else
   * into `gone`. The first failed read stops every reader; it is thrown once none is left
   * running, so nothing of this sweep is still sent after it failed.
   */
  async #getEach(entries: Entry[], seen: Map<Entry, CustomHostname>, gone: Set<Entry>): Promise<void> {
    let next = 0;
    let failed: { error: unknown } | undefined;
    const worker = async () => {
      while (!failed && next < entries.length) {
        const entry = entries[next++] as Entry;
        // Read already under the entry it turned out to be.
        if (entry.into) continue;
        this.#stats.getRequests += 1;
        try {
          const host = await this.#read(entry);
          if (host) seen.set(this.#claim(host, () => entry).entry, host);
          else gone.add(entry);
        } catch (error) {
          failed ??= { error };
        }
      }
    };
    const width = Math.min(this.#options.concurrency ?? 8, entries.length);
    await Promise.all(Array.from({ length: width }, worker));
    if (failed) throw failed.error;
  }

  async #read(entry: Entry): Promise<CustomHostname | undefined> {
    const byName = () => this.#deps.hosts.findByHostname(entry.name as string, this.#request());
    if (entry.id === undefined) return byName();
    try {
      return await this.#deps.hosts.get(entry.id, this.#request());
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      if (!entry.byNameOnly) return undefined;
      // Watched by name: a hostname of that name made since is the one to follow.
      this.#stats.getRequests += 1;
      return byName();
    }
  }

  /** Feeds a snapshot to the hostname's poll state; an event when something changed or it ended. */
  #apply(entry: Entry, host: CustomHostname, now: number): WatchEvent | undefined {
    entry.state ??= initialPollState({
      id: host.id,
      createdAt: host.created_at,
      now,
      deadline: Number.POSITIVE_INFINITY,
      recheck: 'never',
      marginMs: this.#options.marginMs ?? POLL_DEFAULTS.marginMs,
      recheckedAt: this.#deps.lastRecheckAt?.(host.id),
    });
    const { state, action } = step(entry.state, { kind: 'snapshot', hostname: host, calls: 0 }, now);
    entry.state = state;
    if (action.type === 'wait') entry.wakeAt = action.until;
    const end = action.type === 'done' ? 'active' : action.type === 'failed' ? 'failed' : undefined;
    const current: WatchStatus = {
      status: host.status ?? '',
      sslStatus: host.ssl?.status ?? '',
      verdict: classify(host),
    };
    return this.#change(entry, current, host, end, now);
  }

  #gone(entry: Entry, now: number): WatchEvent {
    const current: WatchStatus = { status: 'deleted', sslStatus: entry.last?.sslStatus ?? '', verdict: GONE };
    return this.#change(entry, current, undefined, 'failed', now) as WatchEvent;
  }

  #change(
    entry: Entry,
    current: WatchStatus,
    snapshot: CustomHostname | undefined,
    end: WatchEvent['end'],
    at: number,
  ): WatchEvent | undefined {
    const previous = entry.last;
    const same =
      previous !== undefined &&
      previous.status === current.status &&
      previous.sslStatus === current.sslStatus &&
      previous.verdict.state === current.verdict.state;
    entry.last = current;
    entry.snapshot = snapshot ?? entry.snapshot;
    entry.end = end;
    if (same && !end) return undefined;
    return { hostname: entry.name ?? entry.id ?? '', id: entry.id, previous, current, snapshot, end, at };
  }

  /**
   * The watched entry a hostname read belongs to (else `fallback()`'s), now knowing its id
   * and name. When its id and its name belonged to two entries, they are one hostname: the
   * later one is merged into the earlier and returned as `dropped`.
   */
  #claim(host: CustomHostname): Claim | undefined;
  #claim(host: CustomHostname, fallback: () => Entry): Claim;
  #claim(host: CustomHostname, fallback?: () => Entry): Claim | undefined {
    const name = host.hostname.toLowerCase();
    const byId = this.#byId.get(host.id);
    let byName = this.#byName.get(name);
    if (!byId && byName?.id !== undefined && byName.id !== host.id) {
      // Another hostname of a watched name: the one watched was deleted and this one made since.
      // An entry named by its hostname alone follows it, afresh, unless its watch has ended
      // (the deletion was its end); one named by id stays with its id.
      if (byName.byNameOnly && !byName.end) this.#follow(byName, host.id);
      else byName = undefined;
    }
    let entry = byId ?? byName ?? (fallback && canonical(fallback()));
    if (!entry) return undefined;
    let dropped: Entry | undefined;
    if (byId && byName && byId !== byName) [entry, dropped] = this.#merge(byId, byName);
    if (entry.id === undefined) {
      entry.id = host.id;
      this.#byId.set(host.id, entry);
    }
    entry.name = name;
    this.#byName.set(name, entry);
    return { entry, dropped };
  }

  /**
   * Moves a name's entry to the hostname of that name made since: new id, its schedule from
   * its creation, and its first read an event (with no `previous`, as for any first sighting).
   */
  #follow(entry: Entry, id: string): void {
    if (entry.id !== undefined) this.#byId.delete(entry.id);
    entry.id = id;
    entry.state = undefined;
    entry.last = undefined;
    this.#byId.set(id, entry);
  }

  /** A target entry, or the entry already watching its hostname (which learns what the new one knows). */
  #add(entry: Entry): Entry {
    entry.order = this.#order++;
    const byId = entry.id === undefined ? undefined : this.#byId.get(entry.id);
    const byName = entry.name === undefined ? undefined : this.#byName.get(entry.name);
    const known = byId && byName && byId !== byName ? this.#merge(byId, byName)[0] : (byId ?? byName);
    if (known) return this.#merge(known, entry)[0];
    this.#entries.push(entry);
    if (entry.id !== undefined) this.#byId.set(entry.id, entry);
    if (entry.name !== undefined) this.#byName.set(entry.name, entry);
    return entry;
  }

  /**
   * Makes two entries of one hostname one: the earlier in the target stays, takes the id
   * and name it lacks, and what the other has seen if it has seen nothing yet. The other
   * leaves the watch when the entries are next compacted.
   */
  #merge(a: Entry, b: Entry): [keep: Entry, drop: Entry] {
    const [keep, drop] = a.order <= b.order ? [a, b] : [b, a];
    drop.into = keep;
    this.#merged = true;
    keep.id ??= drop.id;
    keep.name ??= drop.name;
    keep.byNameOnly &&= drop.byNameOnly;
    if (drop.id !== undefined) this.#byId.set(drop.id, keep);
    if (drop.name !== undefined) this.#byName.set(drop.name, keep);
    if (keep.state === undefined && keep.last === undefined) {
      keep.state = drop.state;
      keep.wakeAt = drop.wakeAt;
      keep.last = drop.last;
      keep.snapshot = drop.snapshot;
      keep.end = drop.end;
    }
    return [keep, drop];
  }

  /** Leaves merged entries out of the watch. */
  #compact(): void {
    if (!this.#merged) return;
    this.#entries = this.#entries.filter((e) => !e.into);
    this.#merged = false;
  }

  #request(): RequestOptions {
    return this.#options.signal ? { signal: this.#options.signal } : {};
  }

  #aborted(error: unknown): unknown {
    const { signal } = this.#options;
    if (signal?.aborted && !(error instanceof AbortError)) return new AbortError('watch', { cause: signal.reason });
    return error;
  }
}

/**
 * Starts a {@link Watch}. Nothing is sent until the iteration begins.
 *
 * @example
 * ```ts
 * for await (const e of watch(deps, { hostname_status: 'pending' })) console.log(e.hostname, e.current.verdict.state);
 * ```
 */
export function watch(deps: WatchDeps, target: WatchTarget, options: WatchOptions = {}): Watch {
  return new Watch(deps, target, options);
}

/** A list filter as `list()` checks it, without the parameters a watch sets itself (paging, order, `id`). */
function checkWatchFilter(target: Record<string, unknown>): WatchFilter {
  const filter = checkListParams(target);
  for (const [key, value] of Object.entries(filter)) {
    if (!LIST_FILTERS.includes(key)) {
      throw new InputError(key, value, `is set by watch itself (allowed: ${LIST_FILTERS.join(', ')})`);
    }
  }
  return filter;
}

function entryFor(item: string | CustomHostname, now: number): Entry {
  const entry: Entry = {
    order: 0,
    into: undefined,
    id: undefined,
    name: undefined,
    byNameOnly: false,
    state: undefined,
    wakeAt: now,
    last: undefined,
    snapshot: undefined,
    end: undefined,
  };
  if (typeof item === 'object' && item !== null) {
    entry.id = checkHostnameId(item.id);
    entry.name = normalizeHostname(item.hostname);
    entry.snapshot = item;
    entry.last = { status: item.status ?? '', sslStatus: item.ssl?.status ?? '', verdict: classify(item) };
  } else if (typeof item === 'string' && item.includes('.')) {
    entry.name = normalizeHostname(item);
    entry.byNameOnly = true;
  } else {
    entry.id = checkHostnameId(item, 'target');
  }
  return entry;
}

/** The entry that stands for this one: itself, or the one it was merged into. */
function canonical(entry: Entry): Entry {
  let e = entry;
  while (e.into) e = e.into;
  return e;
}

/** The list filter a hostname last seen this way is found under, if any. */
function statusFilter(host: CustomHostname | undefined): ListCustomHostnamesParams | undefined {
  if (host?.status === 'pending') return { hostname_status: 'pending' };
  const ssl = host?.ssl?.status;
  if (ssl === undefined || ssl === null || ssl === 'active') return undefined;
  return (SSL_STATUSES as readonly string[]).includes(ssl) ? { ssl_status: ssl as KnownSslStatus } : undefined;
}
