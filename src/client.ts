import { type Clock, systemClock } from './core/clock.js';
import { ConfigError } from './core/errors.js';
import { type Hooks, HttpCore } from './core/http.js';
import { RateGovernor, type RateGovernorOptions } from './core/rate-governor.js';
import { MAX_TIMEOUT_MS } from './core/request-options.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER_MS } from './core/retry.js';
import { CustomHostnames } from './custom-hostnames/custom-hostnames.js';
import { FallbackOriginResource } from './fallback-origin/fallback-origin.js';
import { zoneIdProblem } from './input/index.js';
import { Validation } from './validation/validation.js';

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
  /** API token (sent as `Authorization: Bearer`), scoped to "SSL and Certificates Write". */
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

/** Environment variables read by {@link CloudflareSaaS.fromEnv}. @example `CloudflareSaaS.fromEnv(env as CloudflareSaaSEnv)` */
export interface CloudflareSaaSEnv {
  CLOUDFLARE_API_TOKEN?: string | undefined;
  CLOUDFLARE_API_KEY?: string | undefined;
  CLOUDFLARE_EMAIL?: string | undefined;
  CLOUDFLARE_ZONE_ID?: string | undefined;
  CLOUDFLARE_CNAME_TARGET?: string | undefined;
  CLOUDFLARE_BASE_URL?: string | undefined;
  [key: string]: unknown;
}

/** Options resolved and checked once. */
interface Resolved {
  options: CloudflareSaaSOptions;
  auth: Record<string, string>;
  baseUrl: string;
  governor: RateGovernor | undefined;
  clock: Clock;
}

/**
 * The client: one object with the three modules, `customHostnames`, `fallbackOrigin` and
 * `validation`, sharing one HTTP core, retry policy, rate budget and clock.
 * Options are checked here: a missing or wrong option throws {@link ConfigError} and
 * nothing is sent.
 *
 * @example
 * ```ts
 * import { CloudflareSaaS } from 'cloudflare-custom-hostnames';
 * const saas = new CloudflareSaaS({ apiToken: env.CLOUDFLARE_API_TOKEN, zoneId: env.CLOUDFLARE_ZONE_ID });
 * await saas.fallbackOrigin.update({ origin: 'proxy-fallback.saasprovider.com' });
 * const host = await saas.customHostnames.create({ hostname: 'app.customer.com', ssl: { method: 'http', type: 'dv' } });
 * await saas.validation.waitUntilActive(host.id);
 * ```
 */
export class CloudflareSaaS {
  /** Custom hostnames of the zone. */
  readonly customHostnames: CustomHostnames;
  /** The zone's fallback origin. */
  readonly fallbackOrigin: FallbackOriginResource;
  /** Validation: verdicts, customer instructions, diagnosis, recheck and waiting. */
  readonly validation: Validation;
  /** The zone this client works on. */
  readonly zoneId: string;
  readonly #resolved: Resolved;

  constructor(options: CloudflareSaaSOptions) {
    this.#resolved = resolve(options);
    const { options: o, auth, baseUrl, governor, clock } = this.#resolved;
    this.zoneId = o.zoneId;
    const core = new HttpCore({
      baseUrl,
      auth,
      fetch: o.fetch,
      timeout: o.timeout ?? 30_000,
      maxRetries: o.maxRetries ?? DEFAULT_MAX_RETRIES,
      maxRetryAfterMs: o.maxRetryAfter ?? DEFAULT_MAX_RETRY_AFTER_MS,
      hooks: o.hooks ?? {},
      clock,
      governor,
    });
    this.customHostnames = new CustomHostnames(core, o.zoneId);
    this.fallbackOrigin = new FallbackOriginResource(core, o.zoneId);
    this.validation = new Validation({
      customHostnames: this.customHostnames,
      clock,
      cnameTarget: o.cnameTarget,
      dohResolver: o.dohResolver,
      fetch: o.fetch,
    });
  }

  /**
   * A client from environment variables: Worker bindings (`env`) or, when omitted,
   * `process.env` where it exists. Reads `CLOUDFLARE_API_TOKEN` (or `CLOUDFLARE_API_KEY` +
   * `CLOUDFLARE_EMAIL`), `CLOUDFLARE_ZONE_ID`, and optionally `CLOUDFLARE_CNAME_TARGET`
   * and `CLOUDFLARE_BASE_URL`; `overrides` win.
   *
   * @example
   * ```ts
   * export default { fetch: (req: Request, env: Env) => handle(req, CloudflareSaaS.fromEnv(env)) };
   * const saas = CloudflareSaaS.fromEnv(); // Node: process.env
   * ```
   */
  static fromEnv(env?: CloudflareSaaSEnv, overrides: Partial<CloudflareSaaSOptions> = {}): CloudflareSaaS {
    const source = env ?? processEnv();
    const text = (key: string) =>
      typeof source[key] === 'string' && source[key] !== '' ? (source[key] as string) : undefined;
    return new CloudflareSaaS({
      apiToken: text('CLOUDFLARE_API_TOKEN'),
      apiKey: text('CLOUDFLARE_API_KEY'),
      email: text('CLOUDFLARE_EMAIL'),
      zoneId: text('CLOUDFLARE_ZONE_ID') as string,
      cnameTarget: text('CLOUDFLARE_CNAME_TARGET'),
      baseUrl: text('CLOUDFLARE_BASE_URL'),
      ...overrides,
    });
  }

  /**
   * A client with some options changed, sharing this one's rate budget unless `rateLimit`
   * is given.
   *
   * @example
   * ```ts
   * const patient = saas.withOptions({ timeout: 120_000, maxRetries: 5 });
   * const otherZone = saas.withOptions({ zoneId: '…' });
   * ```
   */
  withOptions(overrides: Partial<CloudflareSaaSOptions>): CloudflareSaaS {
    const { options, governor } = this.#resolved;
    return new CloudflareSaaS({ ...options, rateLimit: governor ?? false, ...overrides });
  }
}

function processEnv(): CloudflareSaaSEnv {
  const env = (globalThis as { process?: { env?: CloudflareSaaSEnv } }).process?.env;
  return env ?? {};
}

function resolve(options: CloudflareSaaSOptions): Resolved {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const o = options;
  const zoneProblem = zoneIdProblem(o.zoneId);
  if (zoneProblem) throw new ConfigError('zoneId', zoneProblem);
  const auth = authHeaders(o);
  let baseUrl = DEFAULT_BASE_URL;
  if (o.baseUrl !== undefined) {
    if (typeof o.baseUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(o.baseUrl)) {
      throw new ConfigError('baseUrl', 'must be an http(s) URL, e.g. https://api.cloudflare.com/client/v4');
    }
    baseUrl = o.baseUrl.replace(/\/+$/, '');
  }
  if (o.fetch !== undefined && typeof o.fetch !== 'function') throw new ConfigError('fetch', 'must be a function');
  positive(o.timeout, 'timeout', 'a number of milliseconds > 0');
  if (o.timeout !== undefined && o.timeout > MAX_TIMEOUT_MS) {
    throw new ConfigError('timeout', `must be at most ${MAX_TIMEOUT_MS} ms (the longest timer runtimes allow)`);
  }
  if (o.maxRetries !== undefined && !(Number.isInteger(o.maxRetries) && o.maxRetries >= 0 && o.maxRetries <= 10)) {
    throw new ConfigError('maxRetries', 'must be a whole number from 0 to 10');
  }
  positive(o.maxRetryAfter, 'maxRetryAfter', 'a number of milliseconds > 0');
  if (o.cnameTarget !== undefined && (typeof o.cnameTarget !== 'string' || !o.cnameTarget.includes('.'))) {
    throw new ConfigError('cnameTarget', 'must be a hostname such as customers.saasprovider.com');
  }
  if (o.clock !== undefined && (typeof o.clock?.now !== 'function' || typeof o.clock?.sleep !== 'function')) {
    throw new ConfigError('clock', 'must have now() and sleep(ms, signal)');
  }
  const clock = o.clock ?? systemClock;
  let governor: RateGovernor | undefined;
  if (o.rateLimit instanceof RateGovernor) governor = o.rateLimit;
  else if (o.rateLimit !== false) governor = new RateGovernor({ clock, ...(o.rateLimit ?? {}) });
  return { options: o, auth, baseUrl, governor, clock };
}

function positive(value: unknown, option: string, what: string) {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new ConfigError(option, `must be ${what}`);
  }
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
    if (typeof o.email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(o.email)) {
      throw new ConfigError('email', 'must be the account email that goes with apiKey');
    }
    return { 'x-auth-key': o.apiKey, 'x-auth-email': o.email };
  }
  throw new ConfigError('apiToken', 'missing: give apiToken (recommended), or apiKey with email');
}
