import { DNS_TYPES } from '../../src/validation/doh.js';

export const RESOLVER = 'https://dns.resolver-one.net/dns-query';

type Type = keyof typeof DNS_TYPES;
type Answer = { name: string; type: number; TTL: number; data: string };

/**
 * The customer's DNS and web servers behind one fake `fetch`: a DoH JSON resolver at
 * {@link RESOLVER} that follows CNAMEs like a real one, and plain HTTP files.
 */
export class FakeWorld {
  readonly records: { name: string; type: Type; data: string }[] = [];
  readonly files = new Map<string, { status: number; body: string }>();
  /** Every request, `DNS <name> <type>` or `GET <url>`. */
  readonly log: string[] = [];
  /** Per name: how the resolver fails for it. */
  readonly resolverFailures = new Map<string, 'throw' | 'http500' | 'servfail' | 'garbage'>();
  /** Answer CNAME queries with the whole chain at once, as a recursive resolver may. */
  chainInOneAnswer = false;
  onRequest: (() => void) | undefined;

  add(name: string, type: Type, data: string): this {
    this.records.push({ name: name.toLowerCase(), type, data });
    return this;
  }

  serve(url: string, body: string, status = 200): this {
    this.files.set(url, { status, body });
    return this;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    this.onRequest?.();
    init?.signal?.throwIfAborted();
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (`${url.origin}${url.pathname}` === RESOLVER) return this.#dns(url, new Headers(init?.headers));
    this.log.push(`GET ${url.href}`);
    const file = this.files.get(url.href);
    if (!file) throw new TypeError('fetch failed: connection refused');
    return new Response(file.body, { status: file.status });
  };

  #dns(url: URL, headers: Headers): Response {
    const name = url.searchParams.get('name') ?? '';
    const type = url.searchParams.get('type') as Type;
    this.log.push(`DNS ${name} ${type}`);
    if (headers.get('accept') !== 'application/dns-json') return new Response('bad accept', { status: 400 });
    const failure = this.resolverFailures.get(name);
    if (failure === 'throw') throw new TypeError('fetch failed: resolver unreachable');
    if (failure === 'http500') return new Response('oops', { status: 500 });
    if (failure === 'garbage') return new Response('<html>', { status: 200 });
    if (failure === 'servfail') return Response.json({ Status: 2, Answer: [] });
    const answers = this.#resolve(name.toLowerCase(), type, new Set());
    const exists = answers.length > 0 || this.records.some((r) => r.name === name.toLowerCase());
    return Response.json({ Status: exists ? 0 : 3, Answer: answers });
  }

  #resolve(name: string, type: Type, seen: Set<string>): Answer[] {
    const answer = (r: { name: string; type: Type; data: string }): Answer => ({
      name: `${r.name}.`,
      type: DNS_TYPES[r.type],
      TTL: 300,
      data: r.data,
    });
    const cname = this.records.find((r) => r.name === name && r.type === 'CNAME');
    if (type === 'CNAME') {
      if (!cname) return [];
      const target = cname.data.replace(/\.$/, '').toLowerCase();
      if (!this.chainInOneAnswer || seen.has(target)) return [answer(cname)];
      return [answer(cname), ...this.#resolve(target, type, new Set([...seen, name]))];
    }
    if (cname && !seen.has(name)) {
      const target = cname.data.replace(/\.$/, '').toLowerCase();
      return [answer(cname), ...this.#resolve(target, type, new Set([...seen, name]))];
    }
    return this.records.filter((r) => r.name === name && r.type === type).map(answer);
  }
}
