import { type CloudflareSaaSCore, httpCoreOf } from '../core/client-core.js';
import { NotFoundError } from '../core/errors.js';
import type { HttpCore, RequestOptions } from '../core/http.js';
import { PagePromise } from '../core/pagination.js';
import { checkRequestOptions } from '../core/request-options.js';
import {
  checkCreateParams,
  checkEditParams,
  checkHostnameId,
  checkListParams,
  normalizeHostname,
} from '../input/index.js';
import {
  type CustomHostname,
  CustomHostnameListSchema,
  CustomHostnameSchema,
  type Deleted,
  DeletedSchema,
  type Quota,
  QuotaSchema,
} from '../schemas/index.js';
import {
  type CertificateRef,
  certificatePath,
  checkCertificateParams,
  type ReplaceCertificateParams,
} from './certificates.js';
import { type CreateManyOptions, type CreateManyResult, createMany } from './create-many.js';
import { type CreateOrGetResult, createOrGet } from './create-or-get.js';
import type { CreateCustomHostnameParams, EditCustomHostnameParams, ListCustomHostnamesParams } from './params.js';

/** The page size Cloudflare uses when `per_page` is not given (§2.2): what tells a full page from the last one. */
const DEFAULT_PER_PAGE = 20;

/**
 * PATCHes one custom hostname, id and body already checked: `edit()`'s parameters, or a
 * recheck's values sent back as Cloudflare gave them. `issuance`: whether the PATCH waits for
 * and books the certificate issuance budget — an edit of the `ssl` settings may re-issue; a
 * recheck (the same method and type sent back) submits no certificate.
 *
 * @example
 * ```ts
 * const host = await patchHostname(saas, checkHostnameId(id), { ssl: { method: 'http', type: 'dv' } }, false);
 * ```
 */
export async function patchHostname(
  client: CloudflareSaaSCore,
  id: string,
  body: object,
  issuance: boolean,
  options?: RequestOptions,
): Promise<CustomHostname> {
  const path = `${basePath(client)}/${id}`;
  const { result } = await httpCoreOf(client).call(
    { method: 'PATCH', path, body, schema: CustomHostnameSchema, issuance },
    options,
  );
  return result;
}

function basePath(client: CloudflareSaaSCore): string {
  return `zones/${client.zoneId}/custom_hostnames`;
}

/**
 * The zone's custom hostnames: `saas.customHostnames`.
 *
 * Parameter names are Cloudflare's own (snake_case), so examples from Cloudflare's docs
 * carry over. Every argument is checked before a request is sent; bad input throws
 * `InputError` naming the field.
 *
 * @example
 * ```ts
 * const host = await saas.customHostnames.create({ hostname: 'app.customer.com', ssl: { method: 'http', type: 'dv' } });
 * const again = await saas.customHostnames.get(host.id);
 * ```
 */
export class CustomHostnames {
  readonly #client: CloudflareSaaSCore;
  readonly #core: HttpCore;
  readonly #base: string;

  /**
   * Builds the module on a client's core: `saas.customHostnames` is one already.
   *
   * @example
   * ```ts
   * const customHostnames = new CustomHostnames(new CloudflareSaaSCore({ apiToken, zoneId }));
   * ```
   */
  constructor(client: CloudflareSaaSCore) {
    this.#client = client;
    this.#core = httpCoreOf(client);
    this.#base = basePath(client);
  }

  /**
   * Creates a custom hostname. Never retried automatically (a retried create could fail
   * as a duplicate); see {@link CustomHostnames.createOrGet} for the idempotent form.
   * The answer may not carry `ssl.validation_records` yet: they appear a few seconds later.
   *
   * @example
   * ```ts
   * const host = await saas.customHostnames.create({
   *   hostname: 'app.customer.com',
   *   ssl: { method: 'txt', type: 'dv', settings: { min_tls_version: '1.2' } },
   *   custom_metadata: { customer_id: '42' },
   * });
   * ```
   */
  async create(params: CreateCustomHostnameParams, options?: RequestOptions): Promise<CustomHostname> {
    const body = checkCreateParams(params);
    const { result } = await this.#core.call(
      { method: 'POST', path: this.#base, body, schema: CustomHostnameSchema, issuance: true },
      options,
    );
    return result;
  }

  /**
   * Reads one custom hostname by id.
   *
   * @example
   * ```ts
   * const host = await saas.customHostnames.get('0d89c70d-ad9f-4843-b99f-6cc0252067e9');
   * host.status; host.ssl?.status;
   * ```
   */
  async get(id: string, options?: RequestOptions): Promise<CustomHostname> {
    const { result } = await this.#core.call(
      { method: 'GET', path: `${this.#base}/${checkHostnameId(id)}`, schema: CustomHostnameSchema },
      options,
    );
    return result;
  }

  /**
   * Changes a custom hostname (PATCH): ssl, metadata, custom origin. The hostname itself
   * cannot change. Sending the current `ssl.method` and `ssl.type` again asks Cloudflare to
   * check again now (see `saas.validation.recheck`).
   *
   * @example
   * ```ts
   * await saas.customHostnames.edit(id, { ssl: { method: 'txt', type: 'dv' } });
   * await saas.customHostnames.edit(id, { custom_metadata: { plan: 'pro' } });
   * ```
   */
  async edit(id: string, params: EditCustomHostnameParams, options?: RequestOptions): Promise<CustomHostname> {
    const hostId = checkHostnameId(id);
    const body = checkEditParams(params);
    return patchHostname(this.#client, hostId, body, body.ssl !== undefined, options);
  }

  /**
   * Deletes a custom hostname and revokes its certificates. Irreversible.
   *
   * A retry that meets 404/1436 after an attempt whose answer was lost (connection error,
   * timeout, 5xx) resolves with `{ id }`: that attempt deleted it. A first attempt that meets
   * 1436 rejects with `NotFoundError`.
   *
   * @example
   * ```ts
   * const { id: deleted } = await saas.customHostnames.delete(id);
   * ```
   */
  async delete(id: string, options?: RequestOptions): Promise<Deleted> {
    const hostId = checkHostnameId(id);
    const { result } = await this.#core.call(
      {
        method: 'DELETE',
        path: `${this.#base}/${hostId}`,
        schema: DeletedSchema,
        bare: true,
        emptyResult: { id: hostId },
        doneIfRetryMeets: (error) => (isHostnameNotFound(error) ? { id: hostId } : undefined),
      },
      options,
    );
    return result;
  }

  /**
   * Lists custom hostnames. `await` it for one page, or iterate it for every hostname
   * across pages, fetched lazily (at `per_page: 1000`, 10,000 hostnames take 10 requests).
   *
   * @example
   * ```ts
   * const page = await saas.customHostnames.list({ ssl_status: 'pending_validation', per_page: 100 });
   * for await (const h of saas.customHostnames.list({ hostname_status: 'pending', per_page: 1000 })) console.log(h.hostname);
   * ```
   */
  list(params: ListCustomHostnamesParams = {}, options?: RequestOptions): PagePromise<CustomHostname> {
    const query = checkListParams(params);
    const startPage = query.page ?? 1;
    return new PagePromise(
      (page) =>
        this.#core.call(
          {
            method: 'GET',
            path: this.#base,
            query: { ...query, page } as Record<string, string | number | boolean>,
            schema: CustomHostnameListSchema,
          },
          options,
        ),
      startPage,
      query.per_page ?? DEFAULT_PER_PAGE,
    );
  }

  /**
   * Finds a custom hostname by its name: exact, case-insensitive, IDN accepted
   * (`bücher.customer.com` finds `xn--bcher-kva.customer.com`). `undefined` when absent.
   *
   * @example
   * ```ts
   * const host = await saas.customHostnames.findByHostname('App.Customer.com.');
   * ```
   */
  async findByHostname(hostname: string, options?: RequestOptions): Promise<CustomHostname | undefined> {
    const wanted = normalizeHostname(hostname);
    for await (const host of this.list({ hostname: wanted, per_page: 50 }, options)) {
      if (host.hostname.toLowerCase() === wanted) return host;
    }
    return undefined;
  }

  /**
   * Creates the hostname, or returns it if it already exists (1406), without ever creating
   * it twice. When a create's outcome is unknown (the connection dropped or timed out after
   * sending, or a 5xx came back), it looks the hostname up and creates it only if it is not there.
   *
   * @example
   * ```ts
   * const { hostname, created } = await saas.customHostnames.createOrGet({ hostname: 'app.customer.com', ssl: { method: 'http', type: 'dv' } });
   * ```
   */
  async createOrGet(params: CreateCustomHostnameParams, options?: RequestOptions): Promise<CreateOrGetResult> {
    checkRequestOptions(options);
    const body = checkCreateParams(params);
    return createOrGet(
      {
        create: (p) => this.#createOnce(p, options),
        find: (h) => this.findByHostname(h, options),
        now: () => this.#core.clock.now(),
      },
      body,
    );
  }

  /**
   * A create sent once: a retry could meet the create it repeats, so `createOrGet` (and
   * `createMany` through it) looks the hostname up instead of retrying.
   */
  #createOnce(params: CreateCustomHostnameParams, options: RequestOptions | undefined): Promise<CustomHostname> {
    return this.create(params, { ...options, maxRetries: 0 });
  }

  /**
   * Onboards many hostnames: `createOrGet` per item, `concurrency` at a time, every request
   * waiting for the client's rate budget (creates run at 15 a minute and collect no 429s).
   * Hostnames already in the zone come back `existed` without a POST, so a run can simply be
   * started again after a crash. One result per item, in input order; bad input fails its
   * item without a request. See docs/scaling.md.
   *
   * @example
   * ```ts
   * const results = await saas.customHostnames.createMany(
   *   customers.map((c) => ({ hostname: c.domain, ssl: { method: 'http', type: 'dv' } })),
   *   { onProgress: (p) => console.log(`${p.done}/${p.total}`) },
   * );
   * ```
   */
  createMany(items: readonly CreateCustomHostnameParams[], options?: CreateManyOptions): Promise<CreateManyResult[]> {
    return createMany(
      {
        create: (p, o) => this.#createOnce(p, o),
        find: (h, o) => this.findByHostname(h, o),
        list: (p, o) => this.list(p, o),
        clock: this.#core.clock,
      },
      items,
      options,
    );
  }

  /**
   * The zone's custom hostname quota (`allocated` soft limit, `hard_cap`).
   *
   * @example
   * ```ts
   * const { used, allocated, hard_cap } = await saas.customHostnames.quota();
   * ```
   */
  async quota(options?: RequestOptions): Promise<Quota> {
    const { result } = await this.#core.call(
      { method: 'GET', path: `${this.#base}/quota`, schema: QuotaSchema },
      options,
    );
    return result;
  }

  /**
   * Replaces one certificate of a bundled custom certificate pack (RSA for RSA, ECDSA for ECDSA).
   *
   * @example
   * ```ts
   * // certificate_id is not in `host.ssl`: it comes from the zone's certificate-pack API (the simulator: sim.certificateIds(id))
   * await saas.customHostnames.replaceCertificate({ id: host.id, certificate_pack_id: host.ssl?.id ?? '', certificate_id, custom_certificate: pem, custom_key: key });
   * ```
   */
  async replaceCertificate(params: ReplaceCertificateParams, options?: RequestOptions): Promise<CustomHostname> {
    const { ref, body } = checkCertificateParams(params, true);
    const { result } = await this.#core.call(
      { method: 'PUT', path: certificatePath(this.#base, ref), body, schema: CustomHostnameSchema },
      options,
    );
    return result;
  }

  /**
   * Deletes one certificate of a bundled custom certificate pack (one must remain).
   *
   * @example
   * ```ts
   * await saas.customHostnames.deleteCertificate({ id, certificate_pack_id, certificate_id });
   * ```
   */
  async deleteCertificate(params: CertificateRef, options?: RequestOptions): Promise<Deleted> {
    const { ref } = checkCertificateParams(params, false);
    const { result } = await this.#core.call(
      {
        method: 'DELETE',
        path: certificatePath(this.#base, ref),
        schema: DeletedSchema,
        bare: true,
        emptyResult: { id: ref.certificate_id },
      },
      options,
    );
    return result;
  }
}

/** Cloudflare's answer for a custom hostname that does not exist (404/1436; 7003, a wrong zone, is not it). */
function isHostnameNotFound(error: unknown): boolean {
  return error instanceof NotFoundError && error.code === 1436;
}
