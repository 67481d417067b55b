import { normalizeName } from './dns-names.js';
import type { RawAnswer } from './fault-answers.js';
import type { DnsType } from './types.js';
import type { SimulatedWorld } from './world.js';

/** DNS type numbers (RFC 1035 and successors). @example `DNS_TYPE_NUMBERS.CAA // 257` */
export const DNS_TYPE_NUMBERS: Record<DnsType, number> = { A: 1, CNAME: 5, TXT: 16, AAAA: 28, CAA: 257 };

const TTL = 300;
const DNS_JSON = { 'content-type': 'application/dns-json' };

function typeFromParam(raw: string | null): DnsType | undefined {
  if (raw === null) return 'A';
  const upper = raw.toUpperCase();
  if (upper in DNS_TYPE_NUMBERS) return upper as DnsType;
  const byNumber = Object.entries(DNS_TYPE_NUMBERS).find(([, n]) => String(n) === raw);
  return byNumber?.[0] as DnsType | undefined;
}

function fqdn(name: string): string {
  return `${name}.`;
}

/** TXT data as a resolver presents it: strings of at most 255 characters, quoted, `"` and `\` escaped. */
function txtPresentation(value: string): string {
  const strings = value.match(/[\s\S]{1,255}/g) ?? [''];
  return strings.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(' ');
}

function data(type: DnsType, value: string): string {
  if (type === 'TXT') return txtPresentation(value);
  if (type === 'CNAME') return fqdn(value);
  return value;
}

/**
 * The DNS-over-HTTPS JSON answer (`GET /dns-query?name=…&type=…`, type by name or number) from
 * the world at `at`, like Cloudflare's resolver: CNAMEs followed with the chain in `Answer`,
 * TXT data quoted, `Status` 3 for a name that does not exist.
 *
 * @example
 * ```ts
 * answerDoh(world, new URL('https://dns.simulator.invalid/dns-query?name=app.customer-one.com&type=CNAME'), now);
 * ```
 */
export function answerDoh(world: SimulatedWorld, url: URL, at: number): RawAnswer {
  const rawName = url.searchParams.get('name');
  const type = typeFromParam(url.searchParams.get('type'));
  if (!rawName || !type) {
    const error = !rawName ? 'Missing query name' : `Unsupported query type ${url.searchParams.get('type')}`;
    return { status: 400, headers: { ...DNS_JSON }, body: JSON.stringify({ error }) };
  }
  const name = normalizeName(rawName);
  const { answers, finalName } = world.lookup(name, type, at);
  const exists = world.exists(finalName, at);
  const body = {
    Status: exists ? 0 : 3,
    TC: false,
    RD: true,
    RA: true,
    AD: false,
    CD: false,
    Question: [{ name: fqdn(name), type: DNS_TYPE_NUMBERS[type] }],
    Answer: answers.map((a) => ({
      name: fqdn(a.name),
      type: DNS_TYPE_NUMBERS[a.type],
      TTL,
      data: data(a.type, a.value),
    })),
  };
  if (body.Answer.length === 0) delete (body as { Answer?: unknown }).Answer;
  return { status: 200, headers: { ...DNS_JSON }, body: JSON.stringify(body) };
}

/**
 * The customer's web server: what `world.serveHttp` put at this URL, 404 otherwise; `'drop'`
 * (no connection, as for a dropped one) when the URL's host does not resolve to an address.
 *
 * @example
 * ```ts
 * answerCustomerHttp(world, 'http://app.customer-one.com/.well-known/cf-custom-hostname-challenge/…', now); // 'drop' without DNS
 * ```
 */
export function answerCustomerHttp(world: SimulatedWorld, url: string, at: number): RawAnswer | 'drop' {
  const served = world.getAt(url, at);
  if (served === 'unreachable') return 'drop';
  const headers = { 'content-type': 'text/plain; charset=utf-8' };
  return served ? { status: served.status, headers, body: served.body } : { status: 404, headers, body: 'Not Found' };
}
