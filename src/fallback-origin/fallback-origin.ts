import { type CloudflareSaaSCore, httpCoreOf } from '../core/client-core.js';
import type { HttpCore, RequestOptions } from '../core/http.js';
import type { FallbackOriginParams } from '../custom-hostnames/params.js';
import { checkFallbackOriginParams, checkWaitOptions } from '../input/index.js';
import { type FallbackOrigin, FallbackOriginSchema } from '../schemas/index.js';
import { type WaitForFallbackOriginOptions, waitForFallbackOrigin } from './wait.js';

/**
 * The zone's fallback origin: `saas.fallbackOrigin`. Custom-hostname traffic without a
 * custom origin goes there; hostnames do not validate until it is `active`.
 *
 * @example
 * ```ts
 * await saas.fallbackOrigin.update({ origin: 'proxy-fallback.saasprovider.com' });
 * const fo = await saas.fallbackOrigin.get(); // { origin, status: 'pending_deployment' | 'active' | … }
 * ```
 */
export class FallbackOriginResource {
  readonly #core: HttpCore;
  readonly #path: string;

  /**
   * Builds the module on a client's core: `saas.fallbackOrigin` is one already.
   *
   * @example
   * ```ts
   * const fallbackOrigin = new FallbackOriginResource(new CloudflareSaaSCore({ apiToken, zoneId }));
   * ```
   */
  constructor(client: CloudflareSaaSCore) {
    this.#core = httpCoreOf(client);
    this.#path = `zones/${client.zoneId}/custom_hostnames/fallback_origin`;
  }

  /**
   * Reads the fallback origin and its status.
   *
   * @example
   * ```ts
   * const { origin, status, errors } = await saas.fallbackOrigin.get();
   * ```
   */
  async get(options?: RequestOptions): Promise<FallbackOrigin> {
    const { result } = await this.#core.call(
      { method: 'GET', path: this.#path, schema: FallbackOriginSchema },
      options,
    );
    return result;
  }

  /**
   * Sets the fallback origin (PUT). `origin` must be a proxied A/AAAA/CNAME record in the zone.
   *
   * @example
   * ```ts
   * await saas.fallbackOrigin.update({ origin: 'proxy-fallback.saasprovider.com' });
   * ```
   */
  async update(params: FallbackOriginParams, options?: RequestOptions): Promise<FallbackOrigin> {
    const body = checkFallbackOriginParams(params);
    const { result } = await this.#core.call(
      { method: 'PUT', path: this.#path, body, schema: FallbackOriginSchema },
      options,
    );
    return result;
  }

  /**
   * Removes the fallback origin. Hostnames without a custom origin then stop validating.
   *
   * @example
   * ```ts
   * await saas.fallbackOrigin.delete();
   * ```
   */
  async delete(options?: RequestOptions): Promise<FallbackOrigin> {
    const { result } = await this.#core.call(
      { method: 'DELETE', path: this.#path, schema: FallbackOriginSchema },
      options,
    );
    return result;
  }

  /**
   * Waits until the fallback origin is `active`, polling every `intervalMs` (default 15 s).
   * Transient failures (408, 429 honouring `Retry-After`, 5xx, connection errors, timeouts)
   * are retried after 1 s, 2 s, 4 s… (at most 60 s) and never end the wait. Throws
   * `ValidationFailedError` on `deployment_timed_out` / `deletion_timed_out`,
   * `PollTimeoutError` at the deadline (default 30 min; no wait runs past it), `AbortError`
   * on abort, and any other error of the read as it is.
   *
   * @example
   * ```ts
   * await saas.fallbackOrigin.update({ origin: 'proxy-fallback.saasprovider.com' });
   * const active = await saas.fallbackOrigin.waitUntilActive({ deadline: Date.now() + 600_000 });
   * ```
   */
  async waitUntilActive(options: WaitForFallbackOriginOptions = {}): Promise<FallbackOrigin> {
    checkWaitOptions(options);
    return waitForFallbackOrigin(this, this.#core.clock, options);
  }
}
