import * as z from 'zod/mini';
import { abortAfter } from '../core/abort-after.js';

/** Cloudflare's public DNS-over-HTTPS JSON endpoint. @example `DEFAULT_DOH_RESOLVER // 'https://cloudflare-dns.com/dns-query'` */
export const DEFAULT_DOH_RESOLVER = 'https://cloudflare-dns.com/dns-query';

/** Numeric DNS types of the records a diagnosis reads. @example `DNS_TYPES.CAA // 257` */
export const DNS_TYPES = { A: 1, CNAME: 5, TXT: 16, AAAA: 28, CAA: 257 } as const;

/** A record type a diagnosis asks for. @example `const t: DnsQueryType = 'TXT'` */
export type DnsQueryType = keyof typeof DNS_TYPES;

/** One answer of a `application/dns-json` response. @example `const a: DnsAnswer = { name: 'app.customer-one.com', type: 5, TTL: 300, data: 'customers.saasprovider.com.' }` */
export interface DnsAnswer {
  name: string;
  type: number;
  TTL?: number | undefined;
  data: string;
}

/**
 * What a query gave: the DNS response code (0 NOERROR, 3 NXDOMAIN) and answers, or why it
 * could not be asked (network error, HTTP error, unreadable body, SERVFAIL…).
 *
 * @example
 * ```ts
 * const r: DnsResult = { ok: true, rcode: 3, answers: [] }; // NXDOMAIN
 * ```
 */
export type DnsResult = { ok: true; rcode: number; answers: DnsAnswer[] } | { ok: false; error: string };

/** How to reach the resolver. @example `{ resolver: DEFAULT_DOH_RESOLVER, fetch: globalThis.fetch }` */
export interface DohOptions {
  resolver: string;
  fetch: typeof fetch;
  signal?: AbortSignal | undefined;
  /** Ms each query or fetch may take before it counts as failed (default: no limit). */
  timeoutMs?: number | undefined;
}

// Built in a function marked pure: a bundler can then leave it, and zod with it, out of an
// app that imports the pure helpers of ./validation and never queries DNS.
const DohResponseSchema = /* @__PURE__ */ (() =>
  z.looseObject({
    Status: z.number(),
    Answer: z.nullish(
      z.array(z.looseObject({ name: z.string(), type: z.number(), TTL: z.optional(z.number()), data: z.string() })),
    ),
  }))();

/**
 * Runs `work` with a signal that aborts with `signal` or after `timeoutMs`; a failure (a
 * timeout too) becomes `{ ok: false, error }`, except when `signal` aborted, where the
 * signal's reason is thrown.
 *
 * @example
 * ```ts
 * const res = await orError((s) => fetch(url, { signal: s }), signal, 10_000);
 * ```
 */
export async function orError<T>(
  work: (signal: AbortSignal | undefined) => Promise<T>,
  signal: AbortSignal | undefined,
  timeoutMs?: number,
): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  const limit = timeoutMs === undefined ? undefined : abortAfter(timeoutMs, signal);
  try {
    return { ok: true, value: await work(limit?.signal ?? signal) };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (limit?.timedOut()) return { ok: false, error: `no answer within ${timeoutMs} ms` };
    return { ok: false, error: error instanceof Error ? error.message || error.name : String(error) };
  } finally {
    limit?.clear();
  }
}

/**
 * Asks a DoH JSON resolver: `GET <resolver>?name=<name>&type=<type>` with
 * `accept: application/dns-json`. Never throws, except the signal's reason on abort.
 *
 * @example
 * ```ts
 * const r = await queryDns('app.customer-one.com', 'CNAME', { resolver: DEFAULT_DOH_RESOLVER, fetch });
 * if (r.ok) r.answers.map((a) => a.data);
 * ```
 */
export async function queryDns(name: string, type: DnsQueryType, options: DohOptions): Promise<DnsResult> {
  const url = new URL(options.resolver);
  url.searchParams.set('name', name);
  url.searchParams.set('type', type);
  const got = await orError(
    async (signal) => {
      const response = await options.fetch(url, {
        headers: { accept: 'application/dns-json' },
        ...(signal ? { signal } : {}),
      });
      if (!response.ok) throw new Error(`resolver answered HTTP ${response.status}`);
      const parsed = DohResponseSchema.safeParse(parseJson(await response.text()));
      if (!parsed.success) throw new Error('resolver sent an unreadable answer');
      return parsed.data;
    },
    options.signal,
    options.timeoutMs,
  );
  if (!got.ok) return got;
  const { Status, Answer } = got.value;
  if (Status !== 0 && Status !== 3)
    return { ok: false, error: `DNS ${RCODES[Status] ?? `rcode ${Status}`} for ${name} ${type}` };
  return { ok: true, rcode: Status, answers: Answer ?? [] };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const RCODES: Record<number, string> = { 1: 'FORMERR', 2: 'SERVFAIL', 4: 'NOTIMP', 5: 'REFUSED' };

/**
 * The text of a TXT answer: its quoted strings joined (`"ab" "cd"` → `abcd`), escapes
 * undone; unquoted data is returned as it is.
 *
 * @example
 * ```ts
 * txtText('"5cc07c04-ea62-4a5a-95f0-419334a875a4"'); // '5cc07c04-ea62-4a5a-95f0-419334a875a4'
 * ```
 */
export function txtText(data: string): string {
  const parts = [...data.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => unescapeDns(m[1] ?? ''));
  return parts.length > 0 ? parts.join('') : data.trim();
}

function unescapeDns(text: string): string {
  return text.replace(/\\(\d{3}|.)/g, (_, esc: string) => (esc.length === 3 ? String.fromCharCode(Number(esc)) : esc));
}

/** A CAA record. @example `const r: CaaRecord = { flags: 0, tag: 'issue', value: 'letsencrypt.org' }` */
export interface CaaRecord {
  flags: number;
  tag: string;
  value: string;
}

/**
 * Reads a CAA answer, in presentation form (`0 issue "letsencrypt.org"`) or in the generic
 * RFC 3597 form some resolvers send (`\# 22 00 05 69 73 73 75 65 …`). `null` if unreadable.
 *
 * @example
 * ```ts
 * caaRecord('0 issue "pki.goog"'); // { flags: 0, tag: 'issue', value: 'pki.goog' }
 * ```
 */
export function caaRecord(data: string): CaaRecord | null {
  const generic = /^\\#\s+\d+\s+([0-9a-f\s]+)$/i.exec(data.trim());
  if (generic) {
    const bytes =
      (generic[1] ?? '')
        .replace(/\s+/g, '')
        .match(/../g)
        ?.map((h) => Number.parseInt(h, 16)) ?? [];
    const [flags, tagLength] = bytes;
    if (flags === undefined || tagLength === undefined || bytes.length < 2 + tagLength) return null;
    const text = (from: number, to?: number) => String.fromCharCode(...bytes.slice(from, to));
    return { flags, tag: text(2, 2 + tagLength).toLowerCase(), value: text(2 + tagLength) };
  }
  const plain = /^(\d+)\s+([a-z0-9]+)\s+(.*)$/i.exec(data.trim());
  if (!plain) return null;
  return { flags: Number(plain[1]), tag: (plain[2] ?? '').toLowerCase(), value: txtText(plain[3] ?? '') };
}
