import type { CloudflareSaaSCore, CloudflareSaaSSettings } from '../core/client-core.js';
import { type Clock, sleepOrAbort } from '../core/clock.js';
import { AbortError, InputError, NotFoundError, ValidationFailedError } from '../core/errors.js';
import type { RequestOptions } from '../core/http.js';
import { checkRequestOptions } from '../core/request-options.js';
import { CustomHostnames, patchHostname } from '../custom-hostnames/custom-hostnames.js';
import {
  checkAtLeast,
  checkHostnameId,
  checkMigrationArgs,
  checkPollOptions,
  checkResolver,
  isValidHostname,
  kindOf,
  normalizeHostname,
} from '../input/index.js';
import { type CustomHostname, CustomHostnameSchema, type ServingCustomHostname } from '../schemas/index.js';
import { type Diagnosis, diagnose } from './diagnose.js';
import { type Instructions, instructions } from './instructions.js';
import { type MigrationOptions, type MigrationParams, type MigrationStep, migrate } from './migration.js';
import { RecheckPacing } from './recheck-pacing.js';
import { nextCheckAt } from './schedule.js';
import { classify, DELETED_VERDICT, dcvMethodOf, type Verdict } from './verdict.js';
import { type UntilServing, type WaitOptions, waitUntilActive } from './wait.js';
import { type Watch, type WatchDeps, type WatchOptions, type WatchTarget, watch } from './watch.js';

/** Options of {@link Validation.instructions}. @example `{ cnameTarget: 'customers.saasprovider.com', waitForRecords: true }` */
export interface InstructionsCallOptions extends RequestOptions {
  /** Overrides the client's `cnameTarget`. */
  cnameTarget?: string | undefined;
  /** Refetch until `ssl.validation_records` are present (default true; at most `recordsTimeoutMs`). */
  waitForRecords?: boolean | undefined;
  /** How long to wait for the records, ms (default 60,000). */
  recordsTimeoutMs?: number | undefined;
}

/**
 * Options of {@link Validation.diagnose}: the per-call options of every method (`signal`,
 * `timeout`, `maxRetries`, `headers`, which apply to the read of the hostname), and what to check.
 *
 * @example
 * ```ts
 * const options: DiagnoseCallOptions = { timeout: 5_000, checkHttp: false, signal: AbortSignal.timeout(30_000) };
 * ```
 */
export interface DiagnoseCallOptions extends RequestOptions {
  /** Overrides the client's `cnameTarget`. */
  cnameTarget?: string | undefined;
  /** DoH JSON endpoint (default: the client's `dohResolver`). */
  resolver?: string | undefined;
  /** Also fetch the HTTP ownership and DCV token URLs (default true). */
  checkHttp?: boolean | undefined;
  /**
   * Ms each attempt of the hostname's read, and each DNS query and token fetch, may take
   * (default: the client's `timeout`). A query or fetch that takes longer is a check with
   * status `error`.
   */
  timeout?: number | undefined;
}

/** Options of {@link Validation.waitUntilActive}. @example `{ deadline: Date.now() + 3_600_000, recheck: 'auto', onProgress: console.log }` */
export interface WaitUntilActiveOptions extends Omit<WaitOptions, 'marginMs'> {
  /** DoH resolver for `recheck: 'auto'` (default: the client's `dohResolver`). */
  resolver?: string | undefined;
  /** Ms after each Cloudflare check to look (default 2,000). */
  marginMs?: number | undefined;
}

const RECORDS_POLL_MS = 5_000;

/** Each validation module's recheck pacing, by module: see {@link sharePacing}. */
const pacings = new WeakMap<Validation, RecheckPacing>();

/**
 * Makes `to` pace its rechecks with `from`, as one: what `withOptions` does for the client it
 * makes, when both wait on the same clock.
 *
 * @example
 * ```ts
 * sharePacing(saas.validation, saas.withOptions({ timeout: 120_000 }).validation);
 * ```
 */
export function sharePacing(from: Validation, to: Validation): void {
  const pacing = pacings.get(from);
  if (pacing) pacings.set(to, pacing);
}

/**
 * `saas.validation`: when is a customer's hostname really serving, what must the customer
 * still do, and getting it active as fast as Cloudflare allows.
 *
 * @example
 * ```ts
 * const todo = await saas.validation.instructions(host.id);
 * console.log(renderText(todo));
 * const active = await saas.validation.waitUntilActive(host.id, { recheck: 'auto', onProgress: (e) => console.log(e.verdict.state) });
 * ```
 */
export class Validation {
  readonly #hosts: CustomHostnames;
  readonly #client: CloudflareSaaSCore;
  readonly #clock: Clock;
  readonly #settings: Readonly<CloudflareSaaSSettings>;
  readonly #clientTarget: string | undefined;

  /** The pacing of this module's rechecks (shared with the modules of `withOptions` clients). */
  get #pacing(): RecheckPacing {
    return pacings.get(this) as RecheckPacing;
  }

  /** This module's rechecks, for the waits and watches that run on it: a hostname's last one, and each as it is made. */
  readonly #lastRecheckAt = (hostId: string) => this.#pacing.lastRecheckAt(hostId, this.#clock.now());
  readonly #onRecheck = (listener: (hostId: string, at: number) => void) => this.#pacing.onRecheck(listener);

  /**
   * Builds the module on a client's core: `saas.validation` is one already. It reads and
   * edits hostnames through the core, and takes `cnameTarget`, `dohResolver`, `fetch` and
   * the clock from its options.
   *
   * @example
   * ```ts
   * const core = new CloudflareSaaSCore({ apiToken: env.CLOUDFLARE_API_TOKEN, zoneId: env.CLOUDFLARE_ZONE_ID });
   * const validation = new Validation(core);
   * await validation.waitUntilActive('app.customer.com');
   * ```
   */
  constructor(client: CloudflareSaaSCore) {
    this.#hosts = new CustomHostnames(client);
    this.#client = client;
    this.#clock = client.clock;
    pacings.set(this, new RecheckPacing());
    this.#settings = client.options;
    // Checked when the client was made; its normal form is worked out once, here.
    const target = this.#settings.cnameTarget;
    this.#clientTarget =
      target === undefined ? undefined : normalizeHostname(target, 'cnameTarget', { wildcard: false });
  }

  /**
   * One verdict from a hostname's statuses and errors (pure; no request).
   *
   * @example
   * ```ts
   * saas.validation.classify(host).state; // 'active' | 'waiting_on_customer' | 'waiting_on_cloudflare' | 'failed' | 'unknown'
   * ```
   */
  classify(hostname: CustomHostname): Verdict {
    return classify(hostnameObject(hostname));
  }

  /**
   * When Cloudflare will next check this hostname (from `created_at` or this client's last recheck).
   *
   * @example
   * ```ts
   * saas.validation.nextCheckAt(host); // Date
   * ```
   */
  nextCheckAt(hostname: CustomHostname): Date | null {
    const host = hostnameObject(hostname);
    const now = this.#clock.now();
    return nextCheckAt(host, now, { since: this.#pacing.lastRecheckAt(host.id, now) });
  }

  /**
   * Reads a hostname by id or by name; given a hostname object (what `create` returned), reads
   * it anew by its id.
   *
   * @example
   * ```ts
   * await saas.validation.resolve('app.customer.com');
   * ```
   */
  async resolve(idOrHostname: string | CustomHostname, options?: RequestOptions): Promise<CustomHostname> {
    const target = idOrName(idOrHostname);
    if ('id' in target) return this.#hosts.get(target.id, options);
    const found = await this.#hosts.findByHostname(target.hostname, options);
    if (!found) {
      throw new NotFoundError({
        status: 404,
        method: 'GET',
        path: `/zones/${this.#settings.zoneId}/custom_hostnames?hostname=${target.hostname}`,
        errors: [{ code: 1436, message: 'Custom hostname not found' }],
      });
    }
    return found;
  }

  /**
   * The records the customer must create, typed and serialisable, for a hostname given by id,
   * by name or as the object `create` returned (read anew). Because Cloudflare adds
   * `ssl.validation_records` a little after create, it refetches until they are there.
   *
   * @example
   * ```ts
   * const todo = await saas.validation.instructions(host.id, { cnameTarget: 'customers.saasprovider.com' });
   * await db.save(host.id, JSON.stringify(todo));
   * console.log(renderZoneFile(todo));
   * ```
   */
  async instructions(
    idOrHostname: string | CustomHostname,
    options: InstructionsCallOptions = {},
  ): Promise<Instructions> {
    checkRequestOptions(options);
    const cnameTarget = this.#cnameTarget(options.cnameTarget);
    checkAtLeast(options.recordsTimeoutMs, 'recordsTimeoutMs', 0);
    if (options.waitForRecords !== undefined && typeof options.waitForRecords !== 'boolean') {
      throw new InputError('waitForRecords', options.waitForRecords, 'must be true or false');
    }
    const clock = this.#clock;
    const giveUpAt = clock.now() + (options.recordsTimeoutMs ?? 60_000);
    let host = await this.resolve(idOrHostname, options);
    let result = instructions(host, { cnameTarget });
    // Expired tokens stay expired until a recheck: fetching again would not help.
    while (!result.complete && !result.tokensExpired && options.waitForRecords !== false && clock.now() < giveUpAt) {
      await sleepOrAbort(clock, RECORDS_POLL_MS, options.signal, 'waiting for validation records');
      host = await this.#hosts.get(host.id, options);
      result = instructions(host, { cnameTarget });
    }
    return result;
  }

  /**
   * Looks at the customer's DNS (over DNS-over-HTTPS) and token URLs, per record: ok,
   * missing, or wrong value, and who must act. A resolver or token URL that fails is a check
   * with status `error`; a hostname object of the wrong shape is an `InputError` naming the
   * field (nothing sent), an abort an `AbortError`.
   *
   * @example
   * ```ts
   * const report = await saas.validation.diagnose(host.id);
   * report.checks.filter((c) => c.status !== 'ok');
   * ```
   */
  async diagnose(idOrHostname: string | CustomHostname, options: DiagnoseCallOptions = {}): Promise<Diagnosis> {
    checkRequestOptions(options);
    this.#cnameTarget(options.cnameTarget);
    checkResolver(options.resolver);
    if (options.checkHttp !== undefined && typeof options.checkHttp !== 'boolean') {
      throw new InputError('checkHttp', options.checkHttp, 'must be true or false');
    }
    const host =
      typeof idOrHostname === 'string' ? await this.resolve(idOrHostname, options) : hostnameObject(idOrHostname);
    const { signal } = options;
    try {
      return await this.#diagnose(host, options);
    } catch (error) {
      // The DoH and token fetches reject with the signal's own reason.
      if (signal?.aborted && !(error instanceof AbortError)) {
        throw new AbortError(`diagnosing custom hostname ${host.hostname}`, { cause: signal.reason });
      }
      throw error;
    }
  }

  #diagnose(host: CustomHostname, options: DiagnoseCallOptions): Promise<Diagnosis> {
    const resolver = options.resolver ?? this.#settings.dohResolver;
    return diagnose(host, {
      cnameTarget: this.#cnameTarget(options.cnameTarget),
      ...(resolver ? { resolver } : {}),
      ...(this.#settings.fetch ? { fetch: this.#settings.fetch } : {}),
      clock: this.#clock,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.checkHttp === undefined ? {} : { checkHttp: options.checkHttp }),
      // Each query and token fetch gets the call's (else the client's) per-request timeout: a
      // customer's web server that never answers is a check with status `error`, not a
      // diagnosis that hangs.
      timeoutMs: options.timeout ?? this.#settings.timeout,
    });
  }

  /**
   * Asks Cloudflare to check again now: the documented no-change PATCH, resending the
   * current `ssl.method` and `ssl.type` (and its settings), never an empty body. Paced to
   * one per minute per hostname: a call sooner waits for its turn on the client's clock, and
   * calls made together go one after another, a minute apart, also through the clients made
   * from this one by `withOptions` (unless given another clock). A call that is aborted
   * while it waits, or whose read fails, gives its turn to the next; one whose PATCH got no
   * answer (it may have landed) holds the next a minute.
   *
   * @example
   * ```ts
   * const host = await saas.validation.recheck(id);
   * ```
   */
  async recheck(id: string, options: RequestOptions = {}): Promise<CustomHostname> {
    return this.#recheck(id, options);
  }

  /**
   * The recheck PATCH; with `method`, the DCV method set to it (migrate's switch to `http`);
   * with `from`, that read's ssl values sent back instead of reading them again.
   */
  async #recheck(id: string, options: RequestOptions, method?: 'http', from?: CustomHostname): Promise<CustomHostname> {
    checkRequestOptions(options);
    const hostId = checkHostnameId(id);
    // A place in this hostname's line is taken before any await: calls made together go a minute
    // apart. The PATCH is made in the turn, so only one Cloudflare accepted counts as a recheck
    // (a refused one restarted no schedule, and may be tried again at once).
    return this.#pacing
      .turn(hostId, this.#clock, options.signal, async (sending) => {
        const body = recheckBody(from ?? (await this.#hosts.get(hostId, options)));
        if (method) body.ssl.method = method;
        sending();
        // Cloudflare's own values, sent back as they came (not through edit()'s input checks),
        // so a method, type or setting added after this version still makes a no-change PATCH.
        return patchHostname(this.#client, hostId, body, false, options); // not an issuance: no certificate is submitted
      })
      .catch((reason: unknown) => {
        if (!options.signal?.aborted || reason instanceof AbortError) throw reason;
        throw new AbortError(`recheck ${hostId}`, { cause: reason });
      });
  }

  /**
   * Resolves when hostname status and certificate status are both active, polling at
   * Cloudflare's own check times. Takes the hostname's id, its name, or the object `create`
   * returned. Terminal states throw `ValidationFailedError`, the
   * deadline `PollTimeoutError`, an abort `AbortError`; transient API failures never end it.
   * A hostname deleted before or during the wait is a `ValidationFailedError` with reason
   * `deleted`, by id (a 404) and by name (no hostname of that name; `snapshot` `null`).
   * `recheck` defaults to `'auto'` when the client has a `cnameTarget` (to judge the
   * customer's DNS by) and to `'never'` without one; an explicit `'auto'` without one is an
   * `InputError`.
   *
   * @example
   * ```ts
   * const host = await saas.validation.waitUntilActive('app.customer.com', {
   *   recheck: 'auto',
   *   deadline: Date.now() + 24 * 3_600_000,
   *   onProgress: (e) => console.log(e.verdict.state, e.nextCheckAt && new Date(e.nextCheckAt)),
   * });
   * ```
   */
  waitUntilActive(
    idOrHostname: string | CustomHostname,
    options?: UntilServing<WaitUntilActiveOptions>,
  ): Promise<ServingCustomHostname>;
  /**
   * Waits for ownership alone (`until: 'ownership'`), or resumes a saved wait toward its saved
   * target: the hostname it resolves with may not serve yet.
   *
   * @example
   * ```ts
   * const host = await saas.validation.waitUntilActive('shop.customer.com', { until: 'ownership' });
   * ```
   */
  waitUntilActive(idOrHostname: string | CustomHostname, options?: WaitUntilActiveOptions): Promise<CustomHostname>;
  async waitUntilActive(
    idOrHostname: string | CustomHostname,
    options: WaitUntilActiveOptions = {},
  ): Promise<CustomHostname> {
    checkRequestOptions(options);
    checkPollOptions(options);
    // Rechecks go when a diagnosis finds the customer's DNS right, and that needs the target.
    const canDiagnose = Boolean(this.#settings.cnameTarget);
    if (options.recheck === 'auto' && !canDiagnose) {
      throw new InputError(
        'recheck',
        'auto',
        "needs the client option cnameTarget (the hostname customers point their CNAME at) to see when their DNS is right; set it, or pass recheck: 'never'",
      );
    }
    const { resolver, ...waitOptions } = options;
    const hosts = this.#hosts;
    const target = idOrName(idOrHostname);
    let id: string;
    if ('id' in target) id = target.id;
    else {
      // No hostname of that name: gone before the wait, as a 404 by id is.
      const found = await hosts.findByHostname(target.hostname, options);
      if (!found) throw new ValidationFailedError(DELETED_VERDICT, null, `custom hostname ${target.hostname}`);
      id = found.id;
    }
    return waitUntilActive(
      {
        get: (hostId, o) => hosts.get(hostId, { ...o, maxRetries: 0 }),
        recheck: (hostId, o) => this.recheck(hostId, { ...o, maxRetries: 0 }),
        recheckCalls: 2, // the GET of the current ssl values, then the PATCH
        // The wait's own read of moments ago, sent back at once: only when the turn is free,
        // so the values never wait behind another recheck.
        recheckFrom: async (host, o) =>
          this.#pacing.isFree(host.id, this.#clock.now())
            ? this.#recheck(host.id, { ...o, maxRetries: 0 }, undefined, host)
            : undefined,
        lastRecheckAt: this.#lastRecheckAt,
        onRecheck: this.#onRecheck,
        ...(canDiagnose
          ? { diagnose: (host, o) => this.#diagnose(host, { ...(resolver ? { resolver } : {}), ...o }) }
          : {}),
        clock: this.#clock,
      },
      id,
      waitOptions,
    );
  }

  /**
   * Watches many hostnames until each is active or failed, yielding each change as it is
   * seen. It reads the list endpoint (1,000 a page, `hostname_status=pending` first) just
   * after Cloudflare's checks instead of one GET per hostname: 10,000 pending hostnames cost
   * 10 requests a sweep. See docs/scaling.md.
   *
   * @example
   * ```ts
   * const results = await saas.customHostnames.createMany(items);
   * for await (const e of saas.validation.watch(results.flatMap((r) => (r.result ? [r.result] : [])))) {
   *   if (e.end) console.log(e.hostname, e.end, e.current.verdict.reason);
   * }
   * ```
   */
  watch(target: WatchTarget, options?: WatchOptions): Watch {
    const deps: WatchDeps = {
      hosts: this.#hosts,
      clock: this.#clock,
      onRecheck: this.#onRecheck,
      lastRecheckAt: this.#lastRecheckAt,
    };
    return watch(deps, target, options);
  }

  /**
   * The zero-downtime migration for a hostname already live elsewhere: TXT ownership, the
   * HTTP DCV token served on the current origin, then the CNAME switch. Pull the steps with
   * `for await` and act on each before pulling the next. See docs/migration.md.
   *
   * @example
   * ```ts
   * for await (const step of saas.validation.migrate({ hostname: 'shop.customer.com' })) {
   *   if (step.type === 'publish_ownership_txt') await tellCustomer(step.record);
   *   if (step.type === 'serve_dcv_token') await currentOrigin.serve(step.url, step.body);
   *   if (step.type === 'switch_cname') await tellCustomer(step.record);
   * }
   * ```
   */
  migrate(
    params: MigrationParams,
    options: MigrationOptions & { cnameTarget?: string | undefined; resolver?: string | undefined } = {},
  ): AsyncGenerator<MigrationStep, CustomHostname, undefined> {
    checkMigrationArgs(params, options);
    const { cnameTarget, resolver, ...rest } = options;
    checkResolver(resolver);
    const target = this.#cnameTarget(cnameTarget);
    const hosts = this.#hosts;
    return migrate(
      {
        createOrGet: (p, o) => hosts.createOrGet(p, o),
        get: (id, o) => hosts.get(id, o),
        recheck: (id, o) => this.recheck(id, o),
        useHttpDcv: (id, o) => this.#recheck(id, o ?? {}, 'http'),
        waitUntilActive: (id, o) => this.waitUntilActive(id, o),
        diagnose: (host, o) =>
          this.#diagnose(host, { ...o, cnameTarget: target, checkHttp: false, ...(resolver ? { resolver } : {}) }),
        clock: this.#clock,
        cnameTarget: target,
      },
      params,
      rest,
    );
  }

  #cnameTarget(override: string | undefined): string {
    if (override !== undefined) return normalizeHostname(override, 'cnameTarget', { wildcard: false });
    const target = this.#clientTarget;
    if (target === undefined) {
      throw new InputError(
        'cnameTarget',
        target,
        'is required here: pass cnameTarget, or set the client option cnameTarget (the hostname customers point their CNAME at)',
      );
    }
    return target;
  }
}

function looksLikeId(value: string): boolean {
  try {
    checkHostnameId(value);
    return !isValidHostname(value) || !value.includes('.');
  } catch {
    return false;
  }
}

/**
 * An id, or else a hostname; a hostname object stands for its id. None of these is an
 * `InputError` on `idOrHostname` that says so.
 */
function idOrName(value: string | CustomHostname): { id: string } | { hostname: string } {
  if (typeof value === 'object' && value !== null) {
    const { id } = value as { id?: unknown };
    if (typeof id === 'string' && looksLikeId(id)) return { id };
    throw new InputError(
      'idOrHostname',
      value,
      'is an object without a custom hostname id: pass the id, the hostname or what create returned',
    );
  }
  if (looksLikeId(value)) return { id: value };
  try {
    return { hostname: normalizeHostname(value, 'idOrHostname') };
  } catch (error) {
    if (!(error instanceof InputError) || typeof value !== 'string') throw error;
    throw new InputError(
      'idOrHostname',
      value,
      `is neither a custom hostname id (a UUID or 32 hexadecimal digits) nor a hostname: ${error.reason}`,
    );
  }
}

/**
 * The body of a no-change PATCH: the hostname's own ssl values, as Cloudflare gave them.
 *
 * @example
 * ```ts
 * const body: RecheckBody = { ssl: { method: 'http', type: 'dv', settings: { min_tls_version: '1.2' } } };
 * ```
 */
export interface RecheckBody {
  ssl: {
    method: string;
    type: string;
    bundle_method?: string | undefined;
    wildcard?: boolean | undefined;
    settings?: Record<string, unknown> | undefined;
  };
}

/**
 * The no-change PATCH body: the hostname's own ssl method and type, bundle method, wildcard
 * and settings, sent back as they are, values added to the API after this version included.
 * Throws `InputError` for a hostname with no DCV method (a custom certificate).
 *
 * @example
 * ```ts
 * recheckBody(host); // { ssl: { method: 'http', type: 'dv', settings: { min_tls_version: '1.2' } } }
 * ```
 */
export function recheckBody(host: CustomHostname): RecheckBody {
  const ssl = hostnameObject(host).ssl;
  const method = dcvMethodOf(host);
  if (method === undefined) {
    throw new InputError(
      'ssl.method',
      ssl?.method ?? null,
      'this hostname has no DCV method to resend (custom certificate?)',
    );
  }
  const body: RecheckBody['ssl'] = { method, type: nonEmpty(ssl?.type) ?? 'dv' };
  const bundle = nonEmpty(ssl?.bundle_method);
  if (bundle) body.bundle_method = bundle;
  if (typeof ssl?.wildcard === 'boolean') body.wildcard = ssl.wildcard;
  const settings = ssl?.settings;
  if (settings && typeof settings === 'object') {
    const kept = Object.fromEntries(Object.entries(settings).filter(([, value]) => value != null));
    if (Object.keys(kept).length > 0) body.settings = kept;
  }
  return { ssl: body };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A hostname object as the API returns it, or an `InputError` naming the field at fault instead of a `TypeError` further in. */
function hostnameObject(value: unknown): CustomHostname {
  const shape = 'must be a custom hostname object as the API returns it';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('hostname', value, `${shape} (got ${kindOf(value)})`);
  }
  const parsed = CustomHostnameSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = ['hostname', ...(issue?.path ?? []).map(String)].join('.');
  throw new InputError(field, value, `${shape}: ${issue?.message}`);
}
