import { normalizeName, normalizeUrl } from './dns-names.js';
import { Timeline } from './timeline.js';
import type { CustomerWorld, DnsType, WorldChangeOptions } from './types.js';

type Served = { status: number; body: string } | undefined;

/** The record types the world keeps. @example `DNS_TYPES.includes('CAA') // true` */
export const DNS_TYPES: readonly DnsType[] = ['A', 'AAAA', 'CNAME', 'TXT', 'CAA'];

const MAX_CNAME_HOPS = 16;

function normalizeValue(type: DnsType, value: string): string {
  return type === 'CNAME' ? normalizeName(value) : value;
}

/**
 * One DNS answer with the name it belongs to (as a resolver lists a CNAME chain).
 *
 * @example
 * ```ts
 * const a: ResolvedRecord = { name: 'app.customer-one.com', type: 'CNAME', value: 'customers.saasprovider.com' };
 * ```
 */
export interface ResolvedRecord {
  name: string;
  type: DnsType;
  value: string;
}

/**
 * The customer's DNS and web server, with history: every change is timestamped, so a
 * validation check at time t sees exactly what was there at t.
 *
 * @example
 * ```ts
 * const world = new SimulatedWorld(() => clock.now());
 * world.setRecord('TXT', '_acme-challenge.app.customer-one.com', 'token');
 * world.resolve('_acme-challenge.app.customer-one.com', 'TXT'); // ['token']
 * ```
 */
export class SimulatedWorld implements CustomerWorld {
  #dns = new Map<string, Timeline<readonly string[]>>();
  #names = new Set<string>();
  #http = new Map<string, Timeline<Served>>();

  constructor(private readonly now: () => number) {}

  setRecord(type: DnsType, name: string, value: string, options: WorldChangeOptions = {}): void {
    const v = normalizeValue(type, value);
    this.#records(type, name).change(this.#at(options), () => [v]);
  }

  addRecord(type: DnsType, name: string, value: string, options: WorldChangeOptions = {}): void {
    const v = normalizeValue(type, value);
    this.#records(type, name).change(this.#at(options), (before) => (before.includes(v) ? before : [...before, v]));
  }

  removeRecord(type: DnsType, name: string, options: WorldChangeOptions & { value?: string } = {}): void {
    const only = options.value === undefined ? undefined : normalizeValue(type, options.value);
    this.#records(type, name).change(this.#at(options), (before) =>
      only === undefined ? [] : before.filter((v) => v !== only),
    );
  }

  resolve(name: string, type: DnsType, at: number = this.now()): string[] {
    return [...(this.#dns.get(`${type} ${normalizeName(name)}`)?.valueAt(at) ?? [])];
  }

  serveHttp(url: string, body: string, options: WorldChangeOptions & { status?: number } = {}): void {
    const served = { status: options.status ?? 200, body };
    this.#served(url).change(this.#at(options), () => served);
  }

  stopServingHttp(url: string, options: WorldChangeOptions = {}): void {
    this.#served(url).change(this.#at(options), () => undefined);
  }

  httpAt(url: string, at: number = this.now()): { status: number; body: string } | undefined {
    const served = this.#http.get(normalizeUrl(url))?.valueAt(at);
    return served ? { ...served } : undefined;
  }

  /**
   * What a GET of `url` gets at `at`, as a client on the internet makes it: `'unreachable'`
   * when the URL's host does not resolve to an address (no connection can be made), else what
   * is served there (`undefined`: nothing, a 404). An IP address needs no DNS.
   *
   * @example
   * ```ts
   * world.getAt('http://app.customer-one.com/.well-known/…', now); // 'unreachable' until the name has an A/AAAA record
   * ```
   */
  getAt(url: string, at: number): { status: number; body: string } | undefined | 'unreachable' {
    const host = new URL(url).hostname;
    const literal = host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
    return literal || this.resolvesToAddress(host, at) ? this.httpAt(url, at) : 'unreachable';
  }

  /**
   * Whether `name` resolves to an address at `at`: an A or AAAA record of its own, or at the
   * end of its CNAME chain.
   *
   * @example
   * ```ts
   * world.resolvesToAddress('app.customer-one.com', now); // false with no record, or a CNAME to a name without one
   * ```
   */
  resolvesToAddress(name: string, at: number): boolean {
    return (['A', 'AAAA'] as const).some((type) =>
      this.lookup(name, type, at).answers.some((answer) => answer.type === type),
    );
  }

  /** Forgets every record and served URL. @example `world.clear()` */
  clear(): void {
    this.#dns.clear();
    this.#names.clear();
    this.#http.clear();
  }

  /** Whether any record of any type exists for `name` at `at`. @example `world.exists('app.customer-one.com', now)` */
  exists(name: string, at: number): boolean {
    const n = normalizeName(name);
    return this.#names.has(n) && DNS_TYPES.some((type) => this.resolve(n, type, at).length > 0);
  }

  /**
   * What a resolver answers for `name`/`type` at `at`: CNAMEs are followed (each hop is in
   * the answer) unless the CNAME itself is asked for.
   *
   * @example
   * ```ts
   * world.lookup('app.customer-one.com', 'A', now); // [{ name: 'app.customer-one.com', type: 'CNAME', … }, { …type: 'A' }]
   * ```
   */
  lookup(name: string, type: DnsType, at: number): { answers: ResolvedRecord[]; finalName: string } {
    const answers: ResolvedRecord[] = [];
    let current = normalizeName(name);
    const seen = new Set<string>();
    for (let hop = 0; hop < MAX_CNAME_HOPS && !seen.has(current); hop++) {
      seen.add(current);
      const direct = this.resolve(current, type, at);
      if (direct.length > 0 || type === 'CNAME') {
        for (const value of direct) answers.push({ name: current, type, value });
        break;
      }
      const target = this.resolve(current, 'CNAME', at)[0];
      if (target === undefined) break;
      answers.push({ name: current, type: 'CNAME', value: target });
      current = target;
    }
    return { answers, finalName: current };
  }

  /**
   * The names a CNAME chain from `name` passes through at `at`, the start excluded.
   *
   * @example
   * ```ts
   * world.cnameChain('app.customer-one.com', now); // ['customers.saasprovider.com']
   * ```
   */
  cnameChain(name: string, at: number): string[] {
    return this.lookup(name, 'A', at)
      .answers.filter((a) => a.type === 'CNAME')
      .map((a) => a.value);
  }

  #at(options: WorldChangeOptions): number {
    return options.at ?? this.now();
  }

  #records(type: DnsType, name: string): Timeline<readonly string[]> {
    const n = normalizeName(name);
    const key = `${type} ${n}`;
    let timeline = this.#dns.get(key);
    if (!timeline) {
      timeline = new Timeline<readonly string[]>([]);
      this.#dns.set(key, timeline);
      this.#names.add(n);
    }
    return timeline;
  }

  #served(url: string): Timeline<Served> {
    const key = normalizeUrl(url);
    let timeline = this.#http.get(key);
    if (!timeline) {
      timeline = new Timeline<Served>(undefined);
      this.#http.set(key, timeline);
    }
    return timeline;
  }
}
