import type {
  CustomHostname,
  FallbackOrigin,
  KnownHostnameStatus,
  KnownSslStatus,
  ServingCustomHostname,
} from '../schemas/index.js';

/**
 * Who has to do something next: the customer (their DNS or web server), the SaaS provider
 * (you: fallback origin, CA choice, a recheck), Cloudflare, or nobody.
 *
 * @example
 * ```ts
 * const actor: Actor = classify(host).actor;
 * ```
 */
export type Actor = 'customer' | 'provider' | 'cloudflare' | 'none';

/**
 * A step the customer has not completed: pointing the hostname at you (`routing`),
 * proving they own it (`ownership`), or letting the CA validate it (`certificate`).
 *
 * @example
 * ```ts
 * const step: MissingStep = 'routing';
 * ```
 */
export type MissingStep = 'routing' | 'ownership' | 'certificate';

/**
 * What ends a failure: a no-change PATCH (`recheck`), delete and create again (`recreate`),
 * a support case (`contact_cloudflare`), another certificate authority (`change_ca`), a DNS
 * change by the customer (`fix_dns`), or a working fallback origin (`fix_fallback_origin`).
 *
 * @example
 * ```ts
 * const fix: FailureFix = 'change_ca';
 * ```
 */
export type FailureFix =
  | 'recheck'
  | 'recreate'
  | 'contact_cloudflare'
  | 'change_ca'
  | 'fix_dns'
  | 'fix_fallback_origin';

/**
 * One answer to "is this hostname serving, and if not, who must act?".
 *
 * @example
 * ```ts
 * const v: Verdict = { state: 'waiting_on_customer', actor: 'customer', reason: 'no CNAME', missing: ['routing'] };
 * ```
 */
export type Verdict =
  | { state: 'active'; actor: 'none'; reason: string }
  | { state: 'waiting_on_customer'; actor: 'customer'; reason: string; missing: MissingStep[] }
  | { state: 'waiting_on_cloudflare'; actor: 'cloudflare' | 'provider'; reason: string }
  | { state: 'failed'; actor: Actor; reason: string; fix: FailureFix }
  | { state: 'unknown'; actor: 'cloudflare'; reason: string; status: string; sslStatus: string };

/** A failed verdict. @example `const f: FailedVerdict = { state: 'failed', actor: 'provider', reason: 'blocked', fix: 'contact_cloudflare' }` */
export type FailedVerdict = Extract<Verdict, { state: 'failed' }>;

type StatusClass =
  | { kind: 'serving' }
  | { kind: 'customer'; missing: MissingStep }
  | { kind: 'progress' }
  | { kind: 'failed'; actor: Actor; fix: FailureFix };

const SERVING: StatusClass = { kind: 'serving' };
const PROGRESS: StatusClass = { kind: 'progress' };
const OWNERSHIP: StatusClass = { kind: 'customer', missing: 'ownership' };
// Plain data, no calls: a bundle that never classifies leaves these tables out.
const CUSTOMER_RECHECK: StatusClass = { kind: 'failed', actor: 'customer', fix: 'recheck' };
const PROVIDER_RECHECK: StatusClass = { kind: 'failed', actor: 'provider', fix: 'recheck' };
const RECREATE: StatusClass = { kind: 'failed', actor: 'provider', fix: 'recreate' };
const CONTACT_CLOUDFLARE: StatusClass = { kind: 'failed', actor: 'provider', fix: 'contact_cloudflare' };

/**
 * How each known hostname status is read. Documented: `active`, `active_redeploying` serve;
 * `pending` waits on ownership; `moved` failed (customer fixes DNS, then recheck); `deleted`
 * and `blocked` failed. Inferred from the names (Cloudflare does not describe them):
 * `pending_provisioned`, `provisioned`, `pending_migration`, `test_pending` wait on ownership
 * like `pending`; `test_active`, `test_active_apex` passed a test phase but do not serve
 * yet, so Cloudflare is at work; `pending_deletion` is as good as deleted (recreate);
 * `pending_blocked` is in progress towards `blocked` (§5.1): Cloudflare is at work, and the
 * wait fails if it gets there; `test_blocked` failed like `blocked` (contact Cloudflare);
 * `test_failed` failed like `moved` (fix DNS, then recheck).
 */
const HOSTNAME_CLASSES: Record<KnownHostnameStatus, StatusClass> = {
  active: SERVING,
  active_redeploying: SERVING,
  pending: OWNERSHIP,
  pending_provisioned: OWNERSHIP,
  provisioned: OWNERSHIP,
  pending_migration: OWNERSHIP,
  test_pending: OWNERSHIP,
  test_active: PROGRESS,
  test_active_apex: PROGRESS,
  moved: CUSTOMER_RECHECK,
  test_failed: CUSTOMER_RECHECK,
  deleted: RECREATE,
  pending_deletion: RECREATE,
  blocked: CONTACT_CLOUDFLARE,
  pending_blocked: PROGRESS,
  test_blocked: CONTACT_CLOUDFLARE,
};

/**
 * How each known certificate status is read. Only `active` serves. `pending_validation`
 * waits for DCV (the customer's records, or the CNAME for automatic HTTP DCV). Cloudflare
 * is at work in `initializing`, `pending_issuance`, `pending_deployment`,
 * `holding_deployment`, `staging_deployment` and (inferred) `pending_cleanup`,
 * `backup_issued`, `pending_expiration`. The five `*_timed_out` statuses fail with a
 * recheck as the fix (the customer acts for `validation_timed_out`, you for the others).
 * `expired`, `deleted`, `pending_deletion`, `deactivating`, `inactive` no longer serve and
 * waiting will not change that: a PATCH carrying `ssl` requests a new certificate.
 * `staging_active` is live on Cloudflare's staging platform only: contact Cloudflare.
 */
const SSL_CLASSES: Record<KnownSslStatus, StatusClass> = {
  active: SERVING,
  pending_validation: { kind: 'customer', missing: 'certificate' },
  initializing: PROGRESS,
  pending_issuance: PROGRESS,
  pending_deployment: PROGRESS,
  holding_deployment: PROGRESS,
  staging_deployment: PROGRESS,
  pending_cleanup: PROGRESS,
  backup_issued: PROGRESS,
  pending_expiration: PROGRESS,
  validation_timed_out: CUSTOMER_RECHECK,
  initializing_timed_out: PROVIDER_RECHECK,
  issuance_timed_out: PROVIDER_RECHECK,
  deployment_timed_out: PROVIDER_RECHECK,
  deletion_timed_out: PROVIDER_RECHECK,
  expired: PROVIDER_RECHECK,
  deleted: PROVIDER_RECHECK,
  pending_deletion: PROVIDER_RECHECK,
  deactivating: PROVIDER_RECHECK,
  inactive: PROVIDER_RECHECK,
  staging_active: CONTACT_CLOUDFLARE,
};

/**
 * The class of a status, own keys only: a status Cloudflare adds that happens to be named
 * like an object's built-in (`toString`, `constructor`) is unknown, not a function.
 */
function classOf(table: Record<string, StatusClass>, status: string | null | undefined): StatusClass | undefined {
  return typeof status === 'string' && Object.hasOwn(table, status) ? table[status] : undefined;
}

function statusesOf(table: Record<string, StatusClass>, kind: StatusClass['kind']): readonly string[] {
  return Object.freeze(Object.keys(table).filter((status) => table[status]?.kind === kind));
}

/**
 * The verdict on a hostname that is gone: deleted before or during a wait (a 404 by id, no
 * hostname of that name by name).
 *
 * @example
 * ```ts
 * throw new ValidationFailedError(DELETED_VERDICT, null);
 * ```
 */
export const DELETED_VERDICT: FailedVerdict = {
  state: 'failed',
  actor: 'provider',
  reason: 'deleted',
  fix: 'recreate',
};

// Built by calls marked pure: a bundle that does not read them leaves them, and the tables, out.
/** Hostname statuses that serve traffic. @example `SERVING_HOSTNAME_STATUSES // ['active', 'active_redeploying']` */
export const SERVING_HOSTNAME_STATUSES: readonly string[] = /* @__PURE__ */ statusesOf(HOSTNAME_CLASSES, 'serving');
/** Hostname statuses that waiting will not fix (6). @example `FAILED_HOSTNAME_STATUSES.includes('moved') // true` */
export const FAILED_HOSTNAME_STATUSES: readonly string[] = /* @__PURE__ */ statusesOf(HOSTNAME_CLASSES, 'failed');
/** Certificate statuses that waiting will not fix (11). @example `FAILED_SSL_STATUSES.includes('validation_timed_out') // true` */
export const FAILED_SSL_STATUSES: readonly string[] = /* @__PURE__ */ statusesOf(SSL_CLASSES, 'failed');

/**
 * Whether Cloudflare serves the hostname over HTTPS: hostname `active` (or
 * `active_redeploying`) and certificate `active`. It says nothing about the customer's DNS:
 * a pre-validated hostname can be active before traffic is pointed at you (see `diagnose`).
 *
 * @example
 * ```ts
 * if (isServing(await saas.customHostnames.get(id))) markLive(id);
 * ```
 */
export function isServing(hostname: CustomHostname): hostname is ServingCustomHostname {
  return classOf(HOSTNAME_CLASSES, hostname.status)?.kind === 'serving' && hostname.ssl?.status === 'active';
}

/** Extra facts that sharpen a verdict. @example `classify(host, { fallbackOrigin: await saas.fallbackOrigin.get() })` */
export interface ClassifyContext {
  /** The zone's fallback origin (`null`: none set). Turns fallback-origin waits into failures when it is missing or timed out. */
  fallbackOrigin?: FallbackOrigin | null | undefined;
}

/**
 * Turns a hostname's `status`, `ssl.status`, `verification_errors` and
 * `ssl.validation_errors` into one {@link Verdict}. Pure. In order:
 * 1. a failed hostname status, then a failed certificate status (tables above);
 * 2. a certificate error that waiting will not fix: CAA refusal or bogus DNSSEC (customer,
 *    `fix_dns`), CA rate limit or refusal (provider, `change_ca`), CA risk flags or a
 *    too-long common name (provider, `contact_cloudflare`), failed domain validation
 *    (provider, `recheck`);
 * 3. hostname and certificate both serving: `active`;
 * 4. a fallback-origin error in `verification_errors`: waiting on the provider (failed with
 *    `fix_fallback_origin` when `context.fallbackOrigin` shows none, or a timed-out one);
 * 5. steps the customer still owes: `ownership` while the hostname is pending, plus
 *    `routing` when Cloudflare says it found no CNAME (or A/AAAA) to you, `certificate`
 *    while DCV is pending (unless the CA reports an internal error: Cloudflare's side) or
 *    the CA hit SERVFAIL / a multi-perspective CAA error;
 * 6. a status this version does not know (or none at all): `unknown`, i.e. in progress;
 * 7. otherwise Cloudflare is at work (issuance, deployment, a CA internal error).
 * Messages are matched case-insensitively, backticks ignored, "verification" read as
 * "validation". Errors of a side that is already active are ignored.
 *
 * @example
 * ```ts
 * classify({ id, hostname: 'app.customer-one.com', status: 'moved', ssl: { status: 'pending_validation' } });
 * // { state: 'failed', actor: 'customer', fix: 'recheck', reason: 'hostname is moved: …' }
 * ```
 */
export function classify(hostname: CustomHostname, context: ClassifyContext = {}): Verdict {
  const status = hostname.status ?? '';
  const sslStatus = hostname.ssl?.status ?? '';
  const hostClass = classOf(HOSTNAME_CLASSES, status);
  const sslClass = classOf(SSL_CLASSES, sslStatus);
  const said = readMessages(
    hostClass?.kind === 'serving' ? [] : (hostname.verification_errors ?? []),
    sslClass?.kind === 'serving' ? [] : (hostname.ssl?.validation_errors ?? []).map((e) => e.message ?? ''),
  );
  const detail = (text: string, message?: string) => (message ? `${text}: ${message}` : text);

  const sides = [
    [hostClass, `hostname is ${status}`, said.hostname],
    [sslClass, `certificate is ${sslStatus}`, said.ssl],
  ] as const;
  for (const [cls, text, message] of sides) {
    if (cls?.kind !== 'failed') continue;
    return { state: 'failed', actor: cls.actor, fix: cls.fix, reason: detail(text, message) };
  }
  if (said.sslFailure) return { state: 'failed', ...said.sslFailure };
  if (hostClass?.kind === 'serving' && sslClass?.kind === 'serving') {
    return { state: 'active', actor: 'none', reason: 'hostname and certificate are active' };
  }
  if (said.fallbackOrigin) return fallbackVerdict(said.fallbackOrigin, context);

  const missing: MissingStep[] = [];
  if (said.routing) missing.push('routing');
  if (hostClass?.kind === 'customer') missing.push('ownership');
  if ((sslClass?.kind === 'customer' && !said.caBusy) || said.sslCustomer) missing.push('certificate');
  if (missing.length > 0) {
    const reason = [
      hostClass?.kind === 'customer' || said.routing ? detail(`hostname is ${status}`, said.hostname) : '',
      missing.includes('certificate') ? detail(`certificate is ${sslStatus}`, said.sslCustomer ?? said.ssl) : '',
    ];
    return { state: 'waiting_on_customer', actor: 'customer', missing, reason: reason.filter(Boolean).join('; ') };
  }
  if (!hostClass || !sslClass) {
    const reason = `status not known to this version (hostname "${status}", certificate "${sslStatus}"): treated as in progress`;
    return { state: 'unknown', actor: 'cloudflare', reason, status, sslStatus };
  }
  const busy = hostClass.kind === 'progress' ? `hostname is ${status}` : `certificate is ${sslStatus}`;
  if (said.caBusy) {
    // §7.3: the provider acts on a CA's internal error: retry later, change the CA after 24 h.
    const advice = `${said.caBusy} (retry later; change the certificate authority if it lasts over 24 h)`;
    return { state: 'waiting_on_cloudflare', actor: 'provider', reason: detail(busy, advice) };
  }
  return { state: 'waiting_on_cloudflare', actor: 'cloudflare', reason: busy };
}

function fallbackVerdict(message: string, context: ClassifyContext): Verdict {
  const origin = context.fallbackOrigin;
  const timedOut = origin?.status === 'deployment_timed_out' || origin?.status === 'deletion_timed_out';
  if (origin !== undefined && (!origin?.origin || timedOut)) {
    const why = timedOut ? `fallback origin is ${origin?.status}` : 'no fallback origin is set';
    return { state: 'failed', actor: 'provider', fix: 'fix_fallback_origin', reason: `${why}: ${message}` };
  }
  return { state: 'waiting_on_cloudflare', actor: 'provider', reason: `fallback origin not ready: ${message}` };
}

/** What the messages say, read once. */
interface Messages {
  /** First hostname message, for the reason text. */
  hostname?: string | undefined;
  /** First certificate message, for the reason text. */
  ssl?: string | undefined;
  /** Cloudflare found no CNAME (or owned A/AAAA) to the SaaS zone. */
  routing: boolean;
  fallbackOrigin?: string | undefined;
  sslFailure?: { actor: Actor; fix: FailureFix; reason: string } | undefined;
  sslCustomer?: string | undefined;
  caBusy?: string | undefined;
}

const NO_ROUTE = /does not cname to this zone|none of the a or aaaa records|validation token was not found/;
const FALLBACK = /fallback origin/;

/** Certificate messages (§7.3 and the legacy DigiCert texts), most specific first. */
const SSL_MESSAGES: [RegExp, 'customer' | 'busy' | [Actor, FailureFix]][] = [
  [/caa records block issuance|blocked by a caa error|dnssec: bogus/, ['customer', 'fix_dns']],
  [/multiple perspective caa/, 'customer'],
  [/rate limited these domains|will not issue for this domain/, ['provider', 'change_ca']],
  [/reported as potential risk|common name being too long/, ['provider', 'contact_cloudflare']],
  [/domain validation failed for/, ['provider', 'recheck']],
  [/internal error with certificate authority/, 'busy'],
  [/servfail|dns problem|trouble performing a dns lookup/, 'customer'],
];

function normalise(message: string): string {
  return message.toLowerCase().replaceAll('`', '').replaceAll('verification', 'validation').replace(/\s+/g, ' ').trim();
}

function readMessages(hostnameErrors: readonly string[], sslErrors: readonly string[]): Messages {
  const out: Messages = { routing: false };
  for (const message of hostnameErrors) {
    const text = normalise(message);
    out.hostname ??= message;
    if (FALLBACK.test(text)) out.fallbackOrigin ??= message;
    if (NO_ROUTE.test(text)) out.routing = true;
  }
  for (const message of sslErrors.filter(Boolean)) {
    out.ssl ??= message;
    const text = normalise(message);
    const meaning = SSL_MESSAGES.find(([pattern]) => pattern.test(text))?.[1];
    if (meaning === 'customer') out.sslCustomer ??= message;
    else if (meaning === 'busy') out.caBusy ??= message;
    else if (meaning)
      out.sslFailure ??= { actor: meaning[0], fix: meaning[1], reason: `certificate authority: ${message}` };
  }
  return out;
}

/**
 * The DCV method a recheck can send back, as Cloudflare gave it; `undefined` for a hostname
 * with none (a custom certificate).
 *
 * @example
 * ```ts
 * dcvMethodOf({ id, hostname: 'app.customer.com', ssl: { method: 'txt' } }); // 'txt'
 * ```
 */
export function dcvMethodOf(host: CustomHostname): string | undefined {
  const method = host.ssl?.method;
  return typeof method === 'string' && method !== '' ? method : undefined;
}
