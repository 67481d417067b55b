import type { CustomHostname, FallbackOrigin } from '../schemas/index.js';
import type { VirtualClock } from './clock.js';

/**
 * DNS record types the customer's world knows.
 *
 * @example
 * ```ts
 * const type: DnsType = 'CNAME';
 * ```
 */
export type DnsType = 'CNAME' | 'TXT' | 'A' | 'AAAA' | 'CAA';

/**
 * Options of {@link createSimulator}. Every field has a default; durations are virtual
 * milliseconds.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ seed: 7, rateLimit: false, validationRecordsDelayMs: 0 });
 * ```
 */
export interface SimulatorOptions {
  /** The SaaS provider's zone id. Default `'023e105f4ecef8ad9ca31a8372d0c353'`. */
  zoneId?: string | undefined;
  /** The SaaS provider's zone name. Default `'saasprovider.com'`. */
  zoneName?: string | undefined;
  /** The CNAME target customers point at. Default `customers.${zoneName}`. */
  cnameTarget?: string | undefined;
  /** The accepted API token (`Authorization: Bearer …`). Default a fixed 40-character string. */
  apiToken?: string | undefined;
  /** The accepted Global API key (`X-Auth-Key`). Default a fixed 37-character string. */
  apiKey?: string | undefined;
  /** The email that goes with {@link SimulatorOptions.apiKey} (`X-Auth-Email`). Default `'owner@saasprovider.com'`. */
  email?: string | undefined;
  /** The clock. Default `new VirtualClock({ autoAdvance: true, start: Date.parse('2026-01-05T09:00:00Z') })`. */
  clock?: VirtualClock | undefined;
  /** Seed of the generator behind ids and tokens. Default `1`. */
  seed?: number | undefined;
  /**
   * The user's request budget, shared by the API token and the key + email: at most `requests`
   * in any `windowMs`; the request beyond it starts a block of `blockMs` (default `windowMs`)
   * in which every call is 429. Also at most `perSecond` requests in any second (Cloudflare's
   * per-IP limit: every call of this simulator comes from one address), the one beyond it 429
   * until that second is over. Default `{ requests: 1200, windowMs: 300_000, perSecond: 200 }`;
   * `false` turns both off.
   */
  rateLimit?:
    | { requests: number; windowMs: number; blockMs?: number | undefined; perSecond?: number | undefined }
    | false
    | undefined;
  /**
   * Zone-wide certificate issuance limit: submissions (creates answered 200, edits that
   * re-issue) per 60 s; the one over it holds its certificate, and those submitted in the next
   * 30 s, in `pending_issuance` until 30 s after it. Default `{ perMinute: 15 }`; `false` turns it off.
   */
  issuanceLimit?: { perMinute: number } | false | undefined;
  /** Soft quota and hard cap of the zone. Default `{ allocated: 100, hardCap: 50_000 }`; a hard cap of 0 is a zone without quota (403 / 1404). */
  quota?: { allocated?: number | undefined; hardCap?: number | undefined } | undefined;
  /**
   * The Enterprise add-ons of the zone. Default both `true`; without one, a create or edit
   * that sends its field answers 403 / 1413 (`custom_metadata`) or 403 / 1414 (`custom_origin_server`).
   */
  entitlements?: { customMetadata?: boolean | undefined; customOriginServer?: boolean | undefined } | undefined;
  /** Delay before `ssl.validation_records` appear (and `ssl.status` leaves `initializing`). Default 10 000. */
  validationRecordsDelayMs?: number | undefined;
  /** Fallback origin `pending_deployment` → `active` (or deletion) time. Default 60 000. */
  fallbackOriginDeployMs?: number | undefined;
  /** `pending_issuance` → `pending_deployment` time. Default 30 000. */
  issuanceMs?: number | undefined;
  /** `pending_deployment` → `active` time. Default 30 000. */
  deploymentMs?: number | undefined;
}

/**
 * One request the simulator saw. Never holds a credential.
 *
 * @example
 * ```ts
 * const creates = sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/custom_hostnames'));
 * ```
 */
export interface RequestLogEntry {
  /** HTTP method, upper case. */
  method: string;
  /** For API calls the path after `/client/v4`; otherwise the URL's path. */
  path: string;
  /** Query parameters (the first value wins when a name repeats, as the API reads them). */
  query: Record<string, string>;
  /** HTTP status answered; `0` when the answer was dropped. */
  status: number;
  /** Virtual time of arrival, epoch ms. */
  at: number;
  /** Which credential came with it. */
  auth: 'token' | 'key' | 'none' | 'invalid';
  /** `api` for `/client/v4/…`, `doh` for `/dns-query`, `http` for the customer's web server. */
  kind: 'api' | 'doh' | 'http';
}

/**
 * One validation check Cloudflare performed.
 *
 * @example
 * ```ts
 * const times = sim.checks.filter((c) => c.kind === 'hostname').map((c) => c.at);
 * ```
 */
export interface CheckLogEntry {
  hostnameId: string;
  hostname: string;
  /** `hostname` = ownership validation, `certificate` = DCV. */
  kind: 'hostname' | 'certificate';
  /** Virtual time of the check, epoch ms. */
  at: number;
  passed: boolean;
  /** Index in the schedule: 0 is the check at its start, n the n-th retry. */
  attempt: number;
}

/**
 * Where a world change takes effect.
 *
 * @example
 * ```ts
 * const when: WorldChangeOptions = { at: sim.clock.now() + 3 * 3600_000 };
 * ```
 */
export interface WorldChangeOptions {
  /** Virtual time the change takes effect, epoch ms. Default `clock.now()`. */
  at?: number | undefined;
}

/**
 * The customer's side of the internet: DNS they control and the web server they run, both
 * with history, so a validation check sees the world as it was at its own time.
 *
 * @example
 * ```ts
 * sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget, { at: sim.clock.now() + 3 * 3600_000 });
 * ```
 */
export interface CustomerWorld {
  /** Replaces every record of this type and name with one value. */
  setRecord(type: DnsType, name: string, value: string, options?: WorldChangeOptions): void;
  /** Adds one value next to the existing records of this type and name. */
  addRecord(type: DnsType, name: string, value: string, options?: WorldChangeOptions): void;
  /** Removes the records of this type and name, or only the one with `value`. */
  removeRecord(type: DnsType, name: string, options?: WorldChangeOptions & { value?: string | undefined }): void;
  /** The values DNS answers for this name and type at `at` (default now), without following CNAMEs. */
  resolve(name: string, type: DnsType, at?: number): string[];
  /**
   * Serves `body` (status default 200) at `url` from `at` on. It is reached (by `sim.fetch` and
   * by Cloudflare's HTTP checks) only while the URL's host resolves to an address: an A or
   * AAAA record of its own or at the end of its CNAME chain; otherwise there is no connection.
   */
  serveHttp(url: string, body: string, options?: WorldChangeOptions & { status?: number | undefined }): void;
  /** Stops serving `url` from `at` on (it answers 404 again). */
  stopServingHttp(url: string, options?: WorldChangeOptions): void;
  /** What `url` serves at `at` (default now), or `undefined` when nothing is served. */
  httpAt(url: string, at?: number): { status: number; body: string } | undefined;
}

/** Which requests a fault applies to. @example `const m: FaultMatch = { method: 'POST', path: /\/custom_hostnames$/ }` */
export interface FaultMatch {
  /** HTTP method; default any. */
  method?: string | undefined;
  /** Exact path after `/client/v4` (string) or a pattern; default any API path. */
  path?: string | RegExp | undefined;
  /** Only from the nth matching request on (1-based, counted from inject time); default 1. */
  nth?: number | undefined;
  /** How many matching requests it applies to; default 1, `Infinity` allowed. */
  times?: number | undefined;
}

/**
 * What goes wrong. See `docs/testing.md` for what each kind does to the request. A `status`
 * fault's Cloudflare body carries `code` (default 971 for 429, 1500 for 5xx, 10000 otherwise)
 * and `message` (default the reason phrase).
 *
 * @example
 * ```ts
 * sim.faults.inject({ kind: 'status', status: 503, method: 'GET', times: 2 });
 * sim.faults.inject({ kind: 'lose-response', method: 'POST' });
 * ```
 */
export type FaultSpec = FaultMatch &
  (
    | {
        kind: 'status';
        status: number;
        body?: 'cloudflare' | 'html' | 'empty' | (string & {}) | undefined;
        headers?: Record<string, string> | undefined;
        code?: number | undefined;
        message?: string | undefined;
      }
    | { kind: 'malformed-json' }
    | { kind: 'truncated-json' }
    | { kind: 'empty-body' }
    | { kind: 'success-false' }
    | { kind: 'non-json' }
    | { kind: 'delay'; ms: number }
    | { kind: 'drop' }
    | { kind: 'lose-response' }
    | { kind: 'drift' }
  );

/**
 * Fault injection for API requests.
 *
 * @example
 * ```ts
 * sim.faults.inject({ kind: 'drop', nth: 2 });
 * sim.faults.pending; // 1
 * ```
 */
export interface Faults {
  /** Arms a fault. Throws `RangeError` for an impossible spec. */
  inject(fault: FaultSpec): void;
  /** Disarms every fault. */
  clear(): void;
  /** Faults armed and not used up. */
  readonly pending: number;
}

/** What {@link Simulator.clientOptions} returns: a subset of the client's options. @example `new CloudflareSaaS(sim.clientOptions())` */
export interface SimulatorClientOptions {
  apiToken: string;
  zoneId: string;
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  clock: VirtualClock;
  cnameTarget: string;
  dohResolver: string;
}

/**
 * The in-memory Cloudflare for SaaS API. Pass {@link Simulator.fetch} as the client's `fetch`.
 *
 * @example
 * ```ts
 * const sim = createSimulator();
 * const res = await sim.fetch(`${sim.baseUrl}/zones/${sim.zoneId}/custom_hostnames`, {
 *   headers: { authorization: `Bearer ${sim.apiToken}` },
 * });
 * ```
 */
export interface Simulator {
  /** Same signature as the global `fetch`. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  readonly apiToken: string;
  readonly apiKey: string;
  readonly email: string;
  readonly zoneId: string;
  readonly zoneName: string;
  readonly cnameTarget: string;
  /** `https://api.cloudflare.com/client/v4`; any origin works, the path decides. */
  readonly baseUrl: string;
  /** `https://dns.simulator.invalid/dns-query`; any origin with path `/dns-query` works. */
  readonly dohUrl: string;
  readonly clock: VirtualClock;
  readonly world: CustomerWorld;
  readonly faults: Faults;
  /**
   * The options that point a client at this simulator: its credentials, zone, `fetch`, virtual
   * clock, CNAME target and DoH endpoint. Spread them and add your own.
   *
   * @example
   * ```ts
   * const saas = new CloudflareSaaS(sim.clientOptions());
   * const patient = new CloudflareSaaS({ ...sim.clientOptions(), timeout: 120_000 });
   * ```
   */
  clientOptions(): SimulatorClientOptions;
  /** Every request seen, oldest first. */
  readonly requests: readonly RequestLogEntry[];
  /** Every validation check performed, oldest first. */
  readonly checks: readonly CheckLogEntry[];
  /** Every custom hostname as a GET would render it now, oldest first. */
  hostnames(): CustomHostname[];
  /** One custom hostname by id or name (case-insensitive), as a GET would render it now. */
  hostname(idOrName: string): CustomHostname | undefined;
  /** The fallback origin as a GET would render it now. */
  fallbackOrigin(): FallbackOrigin | undefined;
  /** Sets the fallback origin without a request; `active` (default true) skips the deployment wait. */
  setFallbackOrigin(origin: string, options?: { active?: boolean | undefined }): void;
  /**
   * Adds many hostnames at once, named `${prefix}${n}.fleet-customer.com`: `active` (default),
   * with their CNAME to the target in the world, or `pending`, as if just created, with no
   * record in the world (they validate once the test adds their CNAME).
   */
  seedHostnames(
    count: number,
    options?: { prefix?: string | undefined; status?: 'pending' | 'active' | undefined },
  ): void;
  /** The ids of the custom certificates in a hostname's certificate pack (for the certificate endpoints). */
  certificateIds(idOrName: string): string[];
  /** Forgets everything (hostnames, world, fallback origin, logs, faults, limits); the clock is left alone. */
  reset(): void;
}
