import {
  CloudflareSaaSCore,
  type CloudflareSaaSEnv,
  type CloudflareSaaSOptions,
  withOverrides,
} from './core/client-core.js';
import { ConfigError } from './core/errors.js';
import { CustomHostnames } from './custom-hostnames/custom-hostnames.js';
import { FallbackOriginResource } from './fallback-origin/fallback-origin.js';
import { sharePacing, Validation } from './validation/validation.js';

/**
 * The client: one object with the three modules, `customHostnames`, `fallbackOrigin` and
 * `validation`, sharing one HTTP core, retry policy, rate budget and clock.
 * Options are checked here: a missing or wrong option throws {@link ConfigError} and
 * nothing is sent. An app that needs only some modules can build them on a
 * {@link CloudflareSaaSCore} instead, and its bundle leaves the rest out.
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
export class CloudflareSaaS extends CloudflareSaaSCore {
  /** Custom hostnames of the zone. */
  readonly customHostnames: CustomHostnames;
  /** The zone's fallback origin. */
  readonly fallbackOrigin: FallbackOriginResource;
  /** Validation: verdicts, customer instructions, diagnosis, recheck and waiting. */
  readonly validation: Validation;

  constructor(options: CloudflareSaaSOptions) {
    super(options);
    this.customHostnames = new CustomHostnames(this);
    this.fallbackOrigin = new FallbackOriginResource(this);
    this.validation = new Validation(this);
  }

  /**
   * A client with some options changed, sharing this one's rate budget (unless `rateLimit` is
   * given) and its recheck pacing (unless `clock` is given): a hostname is rechecked at most
   * once a minute through either. Credentials given here replace this client's.
   *
   * @example
   * ```ts
   * const patient = saas.withOptions({ timeout: 120_000, maxRetries: 5 });
   * await Promise.all([saas.validation.recheck(id), patient.validation.recheck(id)]); // a minute apart
   * ```
   */
  override withOptions(overrides: Partial<CloudflareSaaSOptions>): this {
    const client = super.withOptions(overrides);
    if (client.clock === this.clock) sharePacing(this.validation, client.validation);
    return client;
  }

  /**
   * A client from environment variables: Worker bindings (`env`) or, when omitted,
   * `process.env` where it exists. Reads `CLOUDFLARE_API_TOKEN` (or `CLOUDFLARE_API_KEY` +
   * `CLOUDFLARE_EMAIL`; an email beside a token and no key is ignored), `CLOUDFLARE_ZONE_ID`,
   * and optionally `CLOUDFLARE_CNAME_TARGET` and `CLOUDFLARE_BASE_URL`; `overrides` win, and
   * credentials among them replace the environment's.
   *
   * @example
   * ```ts
   * export default { fetch: (req: Request, env: Env) => handle(req, CloudflareSaaS.fromEnv(env)) };
   * const saas = CloudflareSaaS.fromEnv(); // Node: process.env
   * ```
   */
  static fromEnv(env?: CloudflareSaaSEnv, overrides: Partial<CloudflareSaaSOptions> = {}): CloudflareSaaS {
    return clientFromEnv(env, overrides);
  }
}

/**
 * What {@link CloudflareSaaS.fromEnv} does, outside the class body: a class that names itself
 * inside its body is emitted as `class _CloudflareSaaS`, and that would be its `name` in logs.
 */
function clientFromEnv(env: CloudflareSaaSEnv | undefined, overrides: Partial<CloudflareSaaSOptions>): CloudflareSaaS {
  if (env !== undefined && (typeof env !== 'object' || env === null)) {
    throw new ConfigError('env', 'must be the Worker env object or process.env (or left out)');
  }
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new ConfigError('overrides', 'must be an object of CloudflareSaaS options');
  }
  const source = (env ?? processEnv()) as Record<string, unknown>;
  const text = (key: keyof CloudflareSaaSEnv) => {
    const value = source[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const apiToken = text('CLOUDFLARE_API_TOKEN');
  const apiKey = text('CLOUDFLARE_API_KEY');
  // Other tools read CLOUDFLARE_EMAIL too; beside a token and no key it means nothing here.
  const credentials = apiToken && !apiKey ? { apiToken } : { apiToken, apiKey, email: text('CLOUDFLARE_EMAIL') };
  const fromEnv = {
    ...credentials,
    zoneId: text('CLOUDFLARE_ZONE_ID') as string,
    cnameTarget: text('CLOUDFLARE_CNAME_TARGET'),
    baseUrl: text('CLOUDFLARE_BASE_URL'),
  };
  return new CloudflareSaaS(withOverrides(fromEnv, overrides));
}

function processEnv(): CloudflareSaaSEnv {
  const env = (globalThis as { process?: { env?: CloudflareSaaSEnv } }).process?.env;
  return env ?? {};
}
