import { definedEntries, isHttpUrl, kindOf } from '../input/fields.js';
import { hostnameToASCII } from '../input/hostname.js';
import { zoneIdProblem } from '../input/ids.js';
import { type Clock, systemClock } from './clock.js';
import { ConfigError } from './errors.js';
import { type Hooks, HttpCore } from './http.js';
import { RateGovernor, type RateGovernorOptions } from './rate-governor.js';
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS } from './request-options.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER_MS } from './retry.js';

/** Cloudflare's API base URL. @example `DEFAULT_BASE_URL // 'https://api.cloudflare.com/client/v4'` */
export const DEFAULT_BASE_URL = 'https://api.cloudflare.com/client/v4';

/**
 * Options of {@link CloudflareSaaS}. Give either `apiToken`, or `apiKey` with `email`.
 *
 * @example
 * ```ts
 * const options: CloudflareSaaSOptions = { apiToken: env.CLOUDFLARE_API_TOKEN, zoneId: env.CLOUDFLARE_ZONE_ID, cnameTarget: 'customers.saasprovider.com' };
 * ```
 */
export interface CloudflareSaaSOptions {
  /** API token (sent as `Authorization: Bearer`), with the permission "SSL and Certificates: Edit" on the zone. */
  apiToken?: string | undefined;
  /** Legacy global API key (sent as `X-Auth-Key`), with `email`. */
  apiKey?: string | undefined;
  /** Account email for `apiKey` (sent as `X-Auth-Email`). */
  email?: string | undefined;
  /** The SaaS zone's id: 32 hex characters. */
  zoneId: string;
  /** The CNAME target customers point their hostnames at, e.g. `customers.saasprovider.com` (used by instructions and diagnosis). */
  cnameTarget?: string | undefined;
  /** Default `https://api.cloudflare.com/client/v4`. */
  baseUrl?: string | undefined;
  /** A fetch implementation (default: the runtime's global `fetch`, looked up at call time). */
  fetch?: typeof fetch | undefined;
  /** Per-attempt timeout, ms (default 30,000). */
  timeout?: number | undefined;
  /** Retries of retryable calls after the first attempt (default 2). */
  maxRetries?: number | undefined;
  /** The longest `Retry-After` waited out, ms (default 60,000); a longer one fails the call at once. */
  maxRetryAfter?: number | undefined;
  /** Observe requests, responses and retries (payloads carry no credentials). */
  hooks?: Hooks | undefined;
  /** The clock waits run on (default the system clock; the simulator's virtual clock in tests). */
  clock?: Clock | undefined;
  /** Client-side rate budget: a shared {@link RateGovernor}, options for a new one, or `false` for none. Default: Cloudflare's 1,200 requests / 5 min and 15 issuances / min. */
  rateLimit?: RateGovernor | RateGovernorOptions | false | undefined;
  /** DNS-over-HTTPS JSON endpoint used by `validation.diagnose` (default `https://cloudflare-dns.com/dns-query`). */
  dohResolver?: string | undefined;
}

/**
 * A client's options without its credentials (`apiToken`, `apiKey`, `email`): what
 * {@link CloudflareSaaSCore.options} shows, safe to log.
 *
 * @example
 * ```ts
 * const settings: CloudflareSaaSSettings = saas.options;
 * console.log(settings.zoneId, settings.timeout);
 * ```
 */
export type CloudflareSaaSSettings = Omit<CloudflareSaaSOptions, 'apiToken' | 'apiKey' | 'email'>;

/**
 * Environment variables read by {@link CloudflareSaaS.fromEnv}. A Worker's own `Env`
 * interface (as `wrangler types` writes it, with its other bindings) and Node's
 * `process.env` are both accepted as they are.
 *
 * @example
 * ```ts
 * interface Env { CLOUDFLARE_API_TOKEN: string; CLOUDFLARE_ZONE_ID: string; FLEET: DurableObjectNamespace }
 * const saas = CloudflareSaaS.fromEnv(env); // env: Env
 * ```
 */
export interface CloudflareSaaSEnv {
  CLOUDFLARE_API_TOKEN?: string | undefined;
  CLOUDFLARE_API_KEY?: string | undefined;
  CLOUDFLARE_EMAIL?: string | undefined;
  CLOUDFLARE_ZONE_ID?: string | undefined;
  CLOUDFLARE_CNAME_TARGET?: string | undefined;
  CLOUDFLARE_BASE_URL?: string | undefined;
}

/** Options resolved and checked once. */
interface Resolved {
  /** A copy of the options given, credentials included: never handed out. */
  options: CloudflareSaaSOptions;
  settings: Readonly<CloudflareSaaSSettings>;
  auth: Record<string, string>;
  baseUrl: string;
  governor: RateGovernor | undefined;
  clock: Clock;
}

/** The HTTP core behind each client, out of the public surface. */
const httpCores = new WeakMap<CloudflareSaaSCore, HttpCore>();

/**
 * The shared part of every client, without any module: checked options, credentials, the
 * HTTP core with its retry policy, the rate budget and the clock. {@link CloudflareSaaS}
 * is this plus its three modules. Build the modules you use on it yourself and a bundler
 * leaves the others out: a Worker that only manages hostnames does not carry the
 * validation module.
 *
 * @example
 * ```ts
 * import { CloudflareSaaSCore, CustomHostnames, FallbackOriginResource } from 'cloudflare-custom-hostnames';
 * const core = new CloudflareSaaSCore({ apiToken: env.CLOUDFLARE_API_TOKEN, zoneId: env.CLOUDFLARE_ZONE_ID });
 * const customHostnames = new CustomHostnames(core);
 * const fallbackOrigin = new FallbackOriginResource(core);
 * await customHostnames.create({ hostname: 'app.customer.com', ssl: { method: 'http', type: 'dv' } });
 * ```
 */
export class CloudflareSaaSCore {
  /** The zone this client works on. */
  readonly zoneId: string;
  /** The clock this client waits on. */
  readonly clock: Clock;
  readonly #resolved: Resolved;

  constructor(options: CloudflareSaaSOptions) {
    this.#resolved = resolve(options);
    const { options: o, auth, baseUrl, governor, clock } = this.#resolved;
    this.zoneId = o.zoneId;
    this.clock = clock;
    httpCores.set(
      this,
      new HttpCore({
        baseUrl,
        auth,
        fetch: o.fetch,
        timeout: o.timeout ?? DEFAULT_TIMEOUT_MS,
        maxRetries: o.maxRetries ?? DEFAULT_MAX_RETRIES,
        maxRetryAfterMs: o.maxRetryAfter ?? DEFAULT_MAX_RETRY_AFTER_MS,
        hooks: o.hooks ?? {},
        clock,
        governor,
        zoneId: o.zoneId.toLowerCase(), // one issuance budget per zone, however its id is written
      }),
    );
  }

  /**
   * The options this client was made with, without its credentials: safe to log. (The
   * credentials stay inside the client; `withOptions` carries them over.)
   *
   * @example
   * ```ts
   * const { cnameTarget, dohResolver } = core.options;
   * console.log(core.options); // no apiToken, apiKey or email
   * ```
   */
  get options(): Readonly<CloudflareSaaSSettings> {
    return this.#resolved.settings;
  }

  /**
   * A client of the same class with some options changed, sharing this one's rate budget
   * unless `rateLimit` is given. Credentials given here replace this client's (a token by a
   * key and email, or the other way round).
   *
   * @example
   * ```ts
   * const patient = saas.withOptions({ timeout: 120_000, maxRetries: 5 });
   * const otherZone = saas.withOptions({ zoneId: '…' });
   * ```
   */
  withOptions(overrides: Partial<CloudflareSaaSOptions>): this {
    if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
      throw new ConfigError('overrides', 'must be an object of the options to change, e.g. { timeout: 120_000 }');
    }
    const { options, governor } = this.#resolved;
    const Client = this.constructor as new (options: CloudflareSaaSOptions) => this;
    return new Client(withOverrides({ ...options, rateLimit: governor ?? false }, overrides));
  }
}

const CREDENTIALS = ['apiToken', 'apiKey', 'email'] as const;

/**
 * `base` with `overrides` on top, where overrides that name any credential replace all of
 * `base`'s: a token and a key never end up side by side. An override that is `undefined` is
 * not given (it keeps `base`'s value, its governor say, rather than reset it).
 *
 * @example
 * ```ts
 * withOverrides({ apiToken, zoneId }, { apiKey, email }); // { zoneId, apiKey, email }
 * ```
 */
export function withOverrides(
  base: CloudflareSaaSOptions,
  overrides: Partial<CloudflareSaaSOptions>,
): CloudflareSaaSOptions {
  const given = Object.fromEntries(definedEntries(overrides)) as Partial<CloudflareSaaSOptions>;
  const merged = { ...base };
  if (CREDENTIALS.some((key) => key in given)) for (const key of CREDENTIALS) delete merged[key];
  return { ...merged, ...given };
}

/**
 * The HTTP core of a client, for the modules built on it.
 *
 * @example
 * ```ts
 * const { result } = await httpCoreOf(core).call({ method: 'GET', path, schema: FallbackOriginSchema });
 * ```
 */
export function httpCoreOf(client: CloudflareSaaSCore): HttpCore {
  const core = httpCores.get(client);
  if (core === undefined) throw new ConfigError('client', 'must be a CloudflareSaaS or CloudflareSaaSCore');
  return core;
}

function resolve(options: CloudflareSaaSOptions): Resolved {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const o = options;
  const zoneProblem = zoneIdProblem(o.zoneId);
  if (zoneProblem) throw new ConfigError('zoneId', zoneProblem);
  const auth = authHeaders(o);
  let baseUrl = DEFAULT_BASE_URL;
  if (o.baseUrl !== undefined) {
    if (!isHttpUrl(o.baseUrl) || /[?#]/.test(o.baseUrl)) {
      const why = 'must be an http(s) URL without query or fragment, e.g. https://api.cloudflare.com/client/v4';
      throw new ConfigError('baseUrl', why);
    }
    baseUrl = o.baseUrl.replace(/\/+$/, '');
  }
  if (o.fetch !== undefined && typeof o.fetch !== 'function') throw new ConfigError('fetch', 'must be a function');
  positive(o.timeout, 'timeout', 'a number of milliseconds > 0');
  if (o.timeout !== undefined && o.timeout > MAX_TIMEOUT_MS) {
    throw new ConfigError(
      'timeout',
      `must be at most ${MAX_TIMEOUT_MS} ms (the longest timer runtimes allow; got ${o.timeout})`,
    );
  }
  if (o.maxRetries !== undefined && !(Number.isInteger(o.maxRetries) && o.maxRetries >= 0 && o.maxRetries <= 10)) {
    throw new ConfigError('maxRetries', `must be a whole number from 0 to 10 (got ${shown(o.maxRetries)})`);
  }
  positive(o.maxRetryAfter, 'maxRetryAfter', 'a number of milliseconds > 0');
  if (o.cnameTarget !== undefined) {
    // The name customers CNAME to goes into their instructions as it is: a hostname alone.
    const target = typeof o.cnameTarget === 'string' ? hostnameToASCII(o.cnameTarget, false) : undefined;
    if (!target?.ok) {
      const why = target ? `${target.reason}: ` : '';
      throw new ConfigError('cnameTarget', `${why}must be a hostname such as customers.saasprovider.com`);
    }
  }
  if (o.clock !== undefined && (typeof o.clock?.now !== 'function' || typeof o.clock?.sleep !== 'function')) {
    throw new ConfigError('clock', 'must have now() and sleep(ms, signal)');
  }
  const clock = o.clock ?? systemClock;
  let governor: RateGovernor | undefined;
  const { rateLimit } = o;
  if (rateLimit instanceof RateGovernor) governor = rateLimit;
  else if (rateLimit !== false) {
    // Anything but an object goes to the governor as it is, for its own ConfigError.
    const isObject = typeof rateLimit === 'object' && rateLimit !== null && !Array.isArray(rateLimit);
    governor = new RateGovernor(
      isObject ? { ...rateLimit, clock: rateLimit.clock ?? clock } : (rateLimit ?? { clock }),
    );
  }
  checkHooks(o.hooks);
  if (o.dohResolver !== undefined && !isHttpUrl(o.dohResolver)) {
    throw new ConfigError('dohResolver', 'must be an http(s) URL, e.g. https://cloudflare-dns.com/dns-query');
  }
  return { options: { ...o }, settings: settingsOf(o), auth, baseUrl, governor, clock };
}

/**
 * The options {@link CloudflareSaaSCore.options} shows: every setting (the type keeps this list
 * complete), never the credentials or an unknown key (a misspelt `token: …`).
 */
const SETTINGS: Record<keyof CloudflareSaaSSettings, true> = {
  zoneId: true,
  cnameTarget: true,
  baseUrl: true,
  fetch: true,
  timeout: true,
  maxRetries: true,
  maxRetryAfter: true,
  hooks: true,
  clock: true,
  rateLimit: true,
  dohResolver: true,
};

function settingsOf(o: CloudflareSaaSOptions): Readonly<CloudflareSaaSSettings> {
  const settings: Record<string, unknown> = {};
  for (const key in SETTINGS) if (Object.hasOwn(o, key)) settings[key] = o[key as keyof CloudflareSaaSSettings];
  return Object.freeze(settings as CloudflareSaaSSettings);
}

const HOOKS = ['onRequest', 'onResponse', 'onRetry'] as const;

function checkHooks(hooks: unknown): void {
  if (hooks === undefined) return;
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) {
    throw new ConfigError('hooks', 'must be an object such as { onRequest, onResponse, onRetry }');
  }
  for (const name of HOOKS) {
    const hook = (hooks as Record<string, unknown>)[name];
    if (hook !== undefined && typeof hook !== 'function') throw new ConfigError(`hooks.${name}`, 'must be a function');
  }
}

function positive(value: unknown, option: string, what: string) {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new ConfigError(option, `must be ${what} (got ${shown(value)})`);
  }
}

/** A setting's wrong value as an error shows it: a number as written, anything else by its kind (a string could be a token). */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : kindOf(value);
}

function authHeaders(o: CloudflareSaaSOptions): Record<string, string> {
  const hasToken = o.apiToken !== undefined;
  const hasKey = o.apiKey !== undefined || o.email !== undefined;
  if (hasToken && hasKey) {
    throw new ConfigError('apiToken', 'give either apiToken, or apiKey with email — not both');
  }
  if (hasToken) {
    if (typeof o.apiToken !== 'string' || !/^[\x21-\x7e]{20,}$/.test(o.apiToken)) {
      throw new ConfigError('apiToken', 'must be a Cloudflare API token (at least 20 visible ASCII characters)');
    }
    return { authorization: `Bearer ${o.apiToken}` };
  }
  if (hasKey) {
    if (typeof o.apiKey !== 'string' || !/^[\x21-\x7e]{20,}$/.test(o.apiKey)) {
      throw new ConfigError('apiKey', 'must be the global API key (visible ASCII characters), given with email');
    }
    if (
      typeof o.email !== 'string' ||
      !/^[\x21-\x3f\x41-\x7e]+@[\x21-\x3f\x41-\x7e]+\.[\x21-\x3f\x41-\x7e]+$/.test(o.email)
    ) {
      throw new ConfigError('email', 'must be the account email that goes with apiKey (visible ASCII characters)');
    }
    return { 'x-auth-key': o.apiKey, 'x-auth-email': o.email };
  }
  throw new ConfigError('apiToken', 'missing: give apiToken (recommended), or apiKey with email');
}
