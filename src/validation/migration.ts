/**
 * Zero-downtime migration of a hostname that is already live elsewhere (Cloudflare's
 * "pre-validation" flow): prove ownership by TXT, get the certificate issued by serving the
 * HTTP DCV token on the current origin, and only then switch the CNAME, so the hostname never
 * goes without a valid certificate.
 *
 * Each step is yielded as an event; the flow waits for the caller to pull the next one, so
 * the caller acts (sends the TXT record to the customer, serves the token) before it goes on.
 *
 * @example
 * ```ts
 * for await (const step of saas.validation.migrate({ hostname: 'shop.customer.com' })) {
 *   if (step.type === 'publish_ownership_txt') await emailCustomer(step.record);
 *   if (step.type === 'serve_dcv_token') await currentOrigin.serve(step.url, step.body);
 *   if (step.type === 'switch_cname') await emailCustomer(step.record);
 * }
 * ```
 * @module
 */
import type { Clock } from '../core/clock.js';
import { sleepOrAbort } from '../core/clock.js';
import { InputError, PollTimeoutError, ValidationFailedError } from '../core/errors.js';
import type { CreateOrGetResult } from '../custom-hostnames/create-or-get.js';
import type { CreateCustomHostnameParams, SslInput } from '../custom-hostnames/params.js';
import { checkMigrationArgs } from '../input/index.js';
import type { CustomHostname } from '../schemas/index.js';
import type { Diagnosis } from './diagnose.js';
import { type CustomerRecord, instructions } from './instructions.js';
import { dcvTokenLifetimeMs, HOSTNAME_SCHEDULE_END_S, nextCheckAfter } from './schedule.js';
import { dcvMethodOf } from './verdict.js';
import { patchHostnameRetrying, readHostname, type WaitOptions } from './wait.js';

/**
 * One step of the migration.
 * - `created`: the custom hostname exists (created now, or already there).
 * - `publish_ownership_txt`: the customer adds this TXT record; traffic still goes to the current origin.
 * - `ownership_verified`: Cloudflare accepted the TXT record (hostname `active`).
 * - `serve_dcv_token`: serve `body` at `url` (plain HTTP) **on the current origin**, then pull the next step.
 *   One step per token (SSL.com lists two), and again for new tokens if they change during the wait.
 * - `certificate_active`: the certificate is issued and deployed on Cloudflare.
 * - `switch_cname`: the customer now points the hostname at the CNAME target.
 * - `traffic_switched`: the customer's DNS now CNAMEs to the target (seen over DoH).
 *
 * @example
 * ```ts
 * if (step.type === 'serve_dcv_token') console.log(step.url, step.body);
 * ```
 */
export type MigrationStep =
  | { type: 'created'; hostname: CustomHostname; outcome: CreateOrGetResult['outcome'] }
  | { type: 'publish_ownership_txt'; record: CustomerRecord; hostname: CustomHostname }
  | { type: 'ownership_verified'; hostname: CustomHostname }
  | { type: 'serve_dcv_token'; url: string; body: string; hostname: CustomHostname }
  | { type: 'certificate_active'; hostname: CustomHostname }
  | { type: 'switch_cname'; record: CustomerRecord; hostname: CustomHostname }
  | { type: 'traffic_switched'; hostname: CustomHostname; diagnosis: Diagnosis };

/** What the flow needs from the client. @example `{ createOrGet, get, recheck, useHttpDcv, waitUntilActive, diagnose, clock, cnameTarget }` */
export interface MigrationDeps {
  createOrGet(params: CreateCustomHostnameParams, options?: { signal?: AbortSignal }): Promise<CreateOrGetResult>;
  get(id: string, options?: { signal?: AbortSignal }): Promise<CustomHostname>;
  recheck(id: string, options?: { signal?: AbortSignal }): Promise<CustomHostname>;
  /** The recheck PATCH with the DCV method set to `http`, for a hostname made with another one. */
  useHttpDcv(id: string, options?: { signal?: AbortSignal }): Promise<CustomHostname>;
  waitUntilActive(id: string, options: WaitOptions): Promise<CustomHostname>;
  diagnose(hostname: CustomHostname, options: { signal?: AbortSignal }): Promise<Diagnosis>;
  clock: Clock;
  cnameTarget: string;
}

/** The hostname to migrate and its certificate settings (`method` is always `http`, `type` `dv`). @example `{ hostname: 'shop.customer.com', ssl: { settings: { min_tls_version: '1.2' } } }` */
export interface MigrationParams extends Omit<CreateCustomHostnameParams, 'ssl'> {
  ssl?: Omit<SslInput, 'method' | 'type' | 'wildcard'> | undefined;
}

/** Options of the migration. @example `{ signal, deadline: Date.now() + 7 * 86_400_000, confirmSwitch: true }` */
export interface MigrationOptions {
  signal?: AbortSignal | undefined;
  /**
   * Epoch ms; the whole flow gives up then with `PollTimeoutError`. Default: each wait ends
   * where Cloudflare's validation schedule would, 624,663 s (about 7.2 days) after it starts:
   * the waits on Cloudflare follow the schedule itself, the look for the DCV token and the
   * watch for the customer's CNAME switch count from their own start.
   */
  deadline?: number | undefined;
  /** After `switch_cname`, watch the customer's DNS until it points at the target (default true). */
  confirmSwitch?: boolean | undefined;
  /** How often to look for the DCV token and the switched CNAME, ms (default 30,000; at least 1,000). */
  intervalMs?: number | undefined;
  onProgress?: WaitOptions['onProgress'] | undefined;
}

/**
 * Runs the zero-downtime flow as an async generator of {@link MigrationStep}s; returns the
 * serving hostname. Failures throw like `waitUntilActive` (`ValidationFailedError`,
 * `PollTimeoutError`, `AbortError`).
 *
 * @example
 * ```ts
 * const flow = migrate(deps, { hostname: 'shop.customer.com' }, { signal });
 * for await (const step of flow) console.log(step.type);
 * ```
 */
export async function* migrate(
  deps: MigrationDeps,
  params: MigrationParams,
  options: MigrationOptions = {},
): AsyncGenerator<MigrationStep, CustomHostname, undefined> {
  const createParams = checkMigrationArgs(params, options);
  const { signal } = options;
  const o = signal ? { signal } : {};
  const interval = options.intervalMs ?? 30_000;
  const wait = (until: WaitOptions['until'], more: Pick<WaitOptions, 'signal' | 'onProgress'> = {}) =>
    deps.waitUntilActive(host.id, {
      ...o,
      until,
      recheck: 'never', // a recheck could replace the DCV token being served
      ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
      ...more,
      onProgress: (event) => {
        options.onProgress?.(event);
        more.onProgress?.(event);
      },
    });

  const created = await deps.createOrGet(createParams, o);
  let host = created.hostname;
  // When the certificate's current DCV cycle (and its tokens' lifetime) started, as far as the
  // flow knows: at creation, or at its own recheck. (A recheck from elsewhere started a later
  // one: the tokens are then taken to lapse sooner than they do, which costs one PATCH.)
  let dcvSince = Date.parse(host.created_at ?? '');
  yield { type: 'created', hostname: host, outcome: created.outcome };
  if (host.ssl?.wildcard === true && host.ssl.status !== 'active') {
    const why = 'has a wildcard certificate, which validates by TXT only (§6.3); migrate serves an HTTP token';
    throw new InputError('hostname', host.hostname, why);
  }

  if (!isActive(host.status)) {
    const txt = instructions(host, { cnameTarget: deps.cnameTarget }).records.find(
      (r) => r.type === 'TXT' && r.purpose === 'ownership',
    );
    if (txt) {
      yield { type: 'publish_ownership_txt', record: { ...txt, optional: false }, hostname: host };
      // The customer says the record is there: ask Cloudflare to look now. No DCV token has
      // been handed out yet, so a fresh DCV cycle costs nothing. A hostname without a DCV
      // method (an uploaded certificate) has no no-change PATCH: Cloudflare's schedule looks.
      // It only makes Cloudflare look sooner: if it fails (a lost answer, a 5xx, a 429), the
      // wait below reads the hostname at Cloudflare's own check times all the same.
      if (dcvMethodOf(host) !== undefined) {
        try {
          const sentAt = deps.clock.now();
          host = await deps.recheck(host.id, o);
          dcvSince = sentAt;
        } catch (error) {
          if (signal?.aborted) throw error;
        }
      }
    }
    host = await wait('ownership');
  }
  yield { type: 'ownership_verified', hostname: host };

  // The loops of the flow itself end at the caller's deadline, or a schedule's length after they start.
  const giveUpAt = () => options.deadline ?? deps.clock.now() + HOSTNAME_SCHEDULE_END_S * 1000;
  const giveUpIfPast = (at: number) => {
    if (deps.clock.now() >= at) throw new PollTimeoutError(at, host, `custom hostname ${host.hostname}`);
  };
  // An interval, or less when the deadline comes first: the look after it is the last one.
  const sleepUpTo = (at: number, what: string) =>
    sleepOrAbort(deps.clock, Math.min(interval, at - deps.clock.now()), signal, what);

  if (host.ssl?.status !== 'active' && hasUploadedCertificate(host)) {
    // An uploaded certificate needs no DCV (§3.2): it deploys on its own, no token to serve.
    host = await wait('serving');
  } else if (host.ssl?.status !== 'active') {
    // Tokens that lapse while the customer serves them are renewed until then, so not forever.
    const renewUntil = giveUpAt();
    host = await readyForHttpDcv(deps, host, dcvSince, renewUntil, signal);
    const served = new Set<string>();
    for (;;) {
      const tokenDeadline = giveUpAt();
      // Until the tokens are listed: reads as a wait makes them (transient failures retried, a 404 is `deleted`).
      while (httpTokens(host).length === 0 && host.ssl?.status !== 'active') {
        giveUpIfPast(tokenDeadline);
        await sleepUpTo(tokenDeadline, 'waiting for the HTTP DCV token');
        host = await readHostname(deps, host, tokenDeadline, signal);
      }
      if (host.ssl?.status === 'active') break;
      // One step per token: SSL.com lists one for its RSA and one for its ECDSA certificate (§6.3).
      for (const token of httpTokens(host)) {
        if (served.has(tokenKey(token))) continue;
        served.add(tokenKey(token));
        yield { type: 'serve_dcv_token', ...token, hostname: host };
      }
      let outcome: Awaited<ReturnType<typeof waitServingOrNewTokens>>;
      try {
        outcome = await waitServingOrNewTokens(wait, host, served, signal);
      } catch (error) {
        const lapsed = tokensLapsed(error);
        if (!lapsed || signal?.aborted || deps.clock.now() >= renewUntil) throw error;
        // The tokens handed out lapsed before a check passed (§6.3): new ones, to be handed out.
        host = await renewTokens(deps, lapsed, renewUntil, signal);
        continue;
      }
      host = outcome.hostname;
      if (outcome.serving) break;
    }
  }
  yield { type: 'certificate_active', hostname: host };

  const routing = instructions(host, { cnameTarget: deps.cnameTarget }).records.find((r) => r.purpose === 'routing');
  if (routing) yield { type: 'switch_cname', record: routing, hostname: host };

  if (options.confirmSwitch !== false) {
    const switchDeadline = giveUpAt();
    for (;;) {
      const diagnosis = await deps.diagnose(host, { ...o });
      if (diagnosis.routingOk) {
        host = await readHostname(deps, host, switchDeadline, signal); // still there (a 404 is `deleted`)
        yield { type: 'traffic_switched', hostname: host, diagnosis };
        break;
      }
      giveUpIfPast(switchDeadline);
      await sleepUpTo(switchDeadline, 'waiting for the CNAME switch');
    }
  }
  return host;
}

function isActive(status: string | null | undefined): boolean {
  return status === 'active' || status === 'active_redeploying';
}

/** Whether the certificate is one the provider uploaded (`custom_certificate`, `uploaded_on`): no DCV. */
function hasUploadedCertificate(host: CustomHostname): boolean {
  return Boolean(host.ssl?.custom_certificate || host.ssl?.uploaded_on);
}

/** What tells one handed-out token from another. */
function tokenKey(token: { url: string; body: string }): string {
  return `${token.url} ${token.body}`;
}

/** The HTTP DCV tokens listed, in order: one, or two with SSL.com (RSA and ECDSA). */
function httpTokens(host: CustomHostname): { url: string; body: string }[] {
  const tokens: { url: string; body: string }[] = [];
  for (const record of host.ssl?.validation_records ?? []) {
    if (record.http_url && record.http_body) tokens.push({ url: record.http_url, body: record.http_body });
  }
  return tokens;
}

/**
 * The hostname, its certificate to be validated by an HTTP token that is still good (a
 * wildcard certificate cannot be, and was refused after `created`): a
 * hostname made earlier with another DCV method is switched to `http`, and tokens that
 * timed out, or will before Cloudflare's next DCV check, are renewed (§6.3, §5.2), each by
 * one PATCH. No token has been handed out yet, so the fresh DCV cycle costs nothing. The
 * PATCH is retried as a wait retries its reads; after a failed one the hostname is read
 * first, and not sent again if it landed.
 */
async function readyForHttpDcv(
  deps: MigrationDeps,
  host: CustomHostname,
  dcvSince: number,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<CustomHostname> {
  if (host.ssl?.method !== 'http') {
    return patchHostnameRetrying(deps, host, deadline, signal, deps.useHttpDcv, (h) => h.ssl?.method === 'http');
  }
  if (host.ssl?.status?.endsWith('_timed_out')) return renewTokens(deps, host, deadline, signal);
  if (host.ssl?.status === 'pending_validation' && lapseBeforeNextCheck(host, dcvSince, deps.clock.now())) {
    return renewTokens(deps, host, deadline, signal);
  }
  return host;
}

/**
 * Whether the tokens of a DCV cycle started at `since` lapse before Cloudflare's next check
 * of that cycle: a token handed out now would never be checked while still good.
 */
function lapseBeforeNextCheck(host: CustomHostname, since: number, now: number): boolean {
  if (Number.isNaN(since)) return false;
  const lapsesAt = since + dcvTokenLifetimeMs(host.ssl?.certificate_authority);
  const next = nextCheckAfter(since, now, 'certificate');
  return next === null || lapsesAt <= next;
}

/** The snapshot of a wait that ended because the certificate's DCV tokens lapsed, if that is why it ended. */
function tokensLapsed(error: unknown): CustomHostname | undefined {
  if (!(error instanceof ValidationFailedError)) return undefined;
  const snapshot = error.snapshot as CustomHostname | null;
  return snapshot?.ssl?.status === 'validation_timed_out' ? snapshot : undefined;
}

/** The recheck PATCH that gives a certificate new DCV tokens (§6.3), retried; landed once the tokens changed. */
function renewTokens(
  deps: MigrationDeps,
  host: CustomHostname,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<CustomHostname> {
  const before = new Set(httpTokens(host).map(tokenKey));
  const renewed = (h: CustomHostname) =>
    h.ssl?.status !== host.ssl?.status || httpTokens(h).some((t) => !before.has(tokenKey(t)));
  return patchHostnameRetrying(deps, host, deadline, signal, deps.recheck, renewed);
}

/**
 * Waits until the hostname serves, or until it lists an HTTP token not handed out yet (a
 * recheck from elsewhere, or a failed check, starts a DCV cycle with new tokens: §6.3, §6.5).
 */
async function waitServingOrNewTokens(
  wait: (until: 'serving', more: Pick<WaitOptions, 'signal' | 'onProgress'>) => Promise<CustomHostname>,
  host: CustomHostname,
  served: ReadonlySet<string>,
  signal: AbortSignal | undefined,
): Promise<{ serving: boolean; hostname: CustomHostname }> {
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let latest = host;
  try {
    const serving = await wait('serving', {
      signal: stop.signal,
      onProgress: (event) => {
        if (event.hostname.ssl?.status === 'active') return;
        if (httpTokens(event.hostname).some((t) => !served.has(tokenKey(t)))) {
          latest = event.hostname;
          stop.abort(NEW_TOKENS);
        }
      },
    });
    return { serving: true, hostname: serving };
  } catch (error) {
    if (stop.signal.reason === NEW_TOKENS && !signal?.aborted) return { serving: false, hostname: latest };
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

const NEW_TOKENS = Symbol('new DCV tokens');
