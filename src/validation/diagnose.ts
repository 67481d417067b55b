import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { DEFAULT_TIMEOUT_MS } from '../core/request-options.js';
import type { CustomHostname } from '../schemas/index.js';
import {
  type CaaRecord,
  caaRecord,
  DEFAULT_DOH_RESOLVER,
  DNS_TYPES,
  type DohOptions,
  orError,
  queryDns,
  txtText,
} from './doh.js';
import { type CustomerRecord, dnsName, instructions, isZoneApex } from './instructions.js';
import { dcvMethodOf, SERVING_HOSTNAME_STATUSES } from './verdict.js';

/** The CAA policy a diagnosis checked: `name` is where the CAA records were found (or the hostname). @example `const r: CaaCheckRecord = { type: 'CAA', name: 'customer-one.com', value: '0 issue "letsencrypt.org"', purpose: 'certificate' }` */
export interface CaaCheckRecord {
  type: 'CAA';
  name: string;
  value: string;
  purpose: 'certificate';
}

/**
 * The result for one record: `ok`, `missing` (nothing there), `wrong_value` (something
 * else there: see `found`), or `error` (the resolver or the URL could not be asked: see
 * `detail`). `actor` is `customer` when the customer must change something for this
 * record's purpose to be met.
 *
 * @example
 * ```ts
 * const c: RecordCheck = { record, status: 'wrong_value', found: ['old-target.com'], actor: 'customer' };
 * ```
 */
export interface RecordCheck {
  record: CustomerRecord | CaaCheckRecord;
  status: 'ok' | 'missing' | 'wrong_value' | 'error';
  found?: string[] | undefined;
  actor: 'customer' | 'none';
  detail?: string | undefined;
  /**
   * A routing check at a zone apex passed with no CNAME: the name answers with the target's
   * own addresses (CNAME flattening, ALIAS or ANAME), so traffic reaches the target. It does
   * not prove ownership to Cloudflare as a CNAME does.
   */
  flattened?: true | undefined;
}

/**
 * What the customer's DNS and web server show right now, as Cloudflare would see them.
 * `certificateVia` says how the certificate can validate: already `active`, by the
 * `routing` CNAME (automatic HTTP DCV, non-wildcard; a flattened apex is not enough), by the
 * `delegation` CNAME, by the customer's DCV `tokens`, `uploaded` (a custom certificate: no
 * CA and no DCV), or not at all (`null`).
 *
 * @example
 * ```ts
 * if (diagnosis.readyForCloudflare) await saas.validation.recheck(host.id);
 * ```
 */
export interface Diagnosis {
  hostname: string;
  checkedAt: number;
  checks: RecordCheck[];
  routingOk: boolean;
  /** The hostname is active, or the CNAME, the ownership TXT or the ownership HTTP token is in place. */
  ownershipOk: boolean;
  certificateOk: boolean;
  certificateVia: 'active' | 'routing' | 'delegation' | 'tokens' | 'uploaded' | null;
  caaBlocks: boolean;
  /** `ownershipOk && certificateOk && !caaBlocks`: Cloudflare's next check should pass. */
  readyForCloudflare: boolean;
}

/** Options of {@link diagnose}. @example `{ cnameTarget: 'customers.saasprovider.com', checkHttp: false }` */
export interface DiagnoseOptions {
  cnameTarget: string;
  /** See {@link InstructionsOptions.dcvDelegationTarget}. */
  dcvDelegationTarget?: string | undefined;
  /** DoH JSON endpoint. Default `https://cloudflare-dns.com/dns-query`. */
  resolver?: string | undefined;
  fetch?: typeof fetch | undefined;
  signal?: AbortSignal | undefined;
  /** Also fetch the HTTP ownership and DCV token URLs. Default `true`. */
  checkHttp?: boolean | undefined;
  /** Ms each DNS query and token fetch may take; one that takes longer is a check with status `error`. Default 30,000. */
  timeoutMs?: number | undefined;
  /** Source of `checkedAt`. Default the system clock. */
  clock?: Pick<Clock, 'now'> | undefined;
}

const MAX_CNAME_HOPS = 8;
const CA_DOMAINS: Record<string, string> = {
  lets_encrypt: 'letsencrypt.org',
  google: 'pki.goog',
  ssl_com: 'ssl.com',
  digicert: 'digicert.com',
};
/** With no CA chosen, Cloudflare picks one of its issuing CAs: any of them allowed is enough. */
const DEFAULT_CA_DOMAINS = ['letsencrypt.org', 'pki.goog', 'ssl.com'];

/**
 * Looks at the customer's side through DNS-over-HTTPS and plain `fetch` (edge runtimes
 * included), record by record, for the records {@link instructions} lists, plus CAA:
 * - CNAME records: the chain is followed (at most 8 hops, loops stop it) and must reach
 *   the record's target exactly. A CNAME to another name of your zone is `wrong_value`
 *   even though Cloudflare may accept it: the zone is not known from the target alone.
 * - TXT records: one of the TXT strings must equal the value.
 * - HTTP files (unless `checkHttp: false`): status 200 and the body equal to the value
 *   once one trailing newline is removed.
 * - CAA (while the certificate is not active): from the hostname up to (not including)
 *   the TLD, the first name with CAA records decides; `issue` (and `issuewild` for a
 *   wildcard) must name the CA. No CA chosen: any of Let's Encrypt, Google, SSL.com will
 *   do. An unknown CA is not judged.
 * A resolver or HTTP failure is a check with status `error`, never a throw; only an abort
 * rejects, with the signal's reason.
 *
 * @example
 * ```ts
 * const d = await diagnose(host, { cnameTarget: 'customers.saasprovider.com' });
 * d.checks.filter((c) => c.actor === 'customer'); // what the customer must fix
 * ```
 */
export async function diagnose(hostname: CustomHostname, options: DiagnoseOptions): Promise<Diagnosis> {
  options.signal?.throwIfAborted();
  const doh: DohOptions = {
    resolver: options.resolver ?? DEFAULT_DOH_RESOLVER,
    fetch: fetchOf(options),
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const todo = instructions(hostname, options);
  const checkHttp = options.checkHttp !== false;
  const ssl = hostname.ssl;
  const sslActive = ssl?.status === 'active';
  // A custom certificate (no DCV method) is the customer's own: no CA to allow, nothing to validate.
  const uploaded = !sslActive && dcvMethodOf(hostname) === undefined;
  const wildcard = ssl?.wildcard === true;
  const host = dnsName(hostname.hostname).replace(/^\*\./, '');
  const checks = await Promise.all([
    ...todo.records.filter((r) => checkHttp || r.type !== 'HTTP').map((r) => checkRecord(r, doh)),
    ...(sslActive || uploaded ? [] : [checkCaa(host, ssl?.certificate_authority, wildcard, doh)]),
  ]);

  const of = (purpose: string, type?: string) =>
    checks.filter((c) => c.record.purpose === purpose && c.record.type !== 'CAA' && (!type || c.record.type === type));
  const anyOk = (list: RecordCheck[]) => list.some((c) => c.status === 'ok');
  const allOk = (list: RecordCheck[]) => list.length > 0 && list.every((c) => c.status === 'ok');
  const routingOk = anyOk(of('routing'));
  // Flattened addresses carry the traffic, but Cloudflare's real-time validation wants the CNAME (§6.2).
  const routedByCname = of('routing').some((c) => c.status === 'ok' && c.flattened !== true);
  const ownershipOk =
    SERVING_HOSTNAME_STATUSES.includes(hostname.status ?? '') || routedByCname || anyOk(of('ownership'));
  // Automatic HTTP DCV needs the CNAME in place (§6.3), as real-time ownership does.
  const certificateVia: Diagnosis['certificateVia'] = sslActive
    ? 'active'
    : uploaded
      ? 'uploaded'
      : routedByCname && !wildcard
        ? 'routing'
        : allOk(of('certificate', 'CNAME'))
          ? 'delegation'
          : allOk(of('certificate', 'TXT')) || allOk(of('certificate', 'HTTP'))
            ? 'tokens'
            : null;
  const certificateOk = certificateVia !== null;
  const caaBlocks = checks.some((c) => c.record.type === 'CAA' && c.status === 'wrong_value');
  const met = { routing: routingOk, ownership: ownershipOk, certificate: certificateOk };
  for (const check of checks) {
    const unmet = check.record.type === 'CAA' ? caaBlocks : !met[check.record.purpose];
    if (unmet && (check.status === 'missing' || check.status === 'wrong_value')) check.actor = 'customer';
  }
  return {
    hostname: hostname.hostname,
    checkedAt: (options.clock ?? { now: Date.now }).now(),
    checks,
    routingOk,
    ownershipOk,
    certificateOk,
    certificateVia,
    caaBlocks,
    readyForCloudflare: ownershipOk && certificateOk && !caaBlocks,
  };
}

function fetchOf(options: DiagnoseOptions): typeof fetch {
  if (options.fetch) return options.fetch;
  if (typeof globalThis.fetch !== 'function') {
    throw new ConfigError('fetch', 'this runtime has no global fetch: pass options.fetch');
  }
  return (input, init) => globalThis.fetch(input, init);
}

type Outcome = Omit<RecordCheck, 'record' | 'actor'>;

async function checkRecord(record: CustomerRecord, doh: DohOptions): Promise<RecordCheck> {
  const outcome =
    record.type === 'CNAME'
      ? await checkCname(record.name, record.value, doh, record.purpose === 'routing' && isZoneApex(record.name))
      : record.type === 'TXT'
        ? await checkTxt(record.name, record.value, doh)
        : await checkHttpFile(record.name, record.value, doh);
  return { record, actor: 'none', ...outcome };
}

async function checkCname(name: string, target: string, doh: DohOptions, apex: boolean): Promise<Outcome> {
  const want = dnsName(target);
  const chain: string[] = [];
  const links = new Map<string, string>();
  let current = dnsName(name);
  while (chain.length < MAX_CNAME_HOPS && current !== want) {
    if (!links.has(current)) {
      const result = await queryDns(current, 'CNAME', doh);
      if (!result.ok) return { status: 'error', detail: result.error, ...(chain.length ? { found: chain } : {}) };
      for (const a of result.answers) if (a.type === DNS_TYPES.CNAME) links.set(dnsName(a.name), dnsName(a.data));
    }
    const next = links.get(current);
    if (next === undefined) break;
    if (chain.includes(next) || next === dnsName(name)) {
      return { status: 'wrong_value', found: [...chain, next], detail: 'the CNAME chain loops' };
    }
    chain.push(next);
    current = next;
  }
  if (chain.includes(want)) return { status: 'ok', found: chain };
  if (chain.length === 0) {
    const flattened = apex ? await checkFlattened(dnsName(name), want, doh) : null;
    return flattened ?? { status: 'missing', detail: `no CNAME at ${dnsName(name)}` };
  }
  return { status: 'wrong_value', found: chain, detail: `the CNAME chain does not reach ${want}` };
}

/**
 * At a zone apex, which cannot hold a CNAME: `ok` when the name's A records are all among
 * the target's (the CNAME flattening or ALIAS the routing record's note suggests), `error`
 * when either lookup failed, else `null`.
 */
async function checkFlattened(name: string, target: string, doh: DohOptions): Promise<Outcome | null> {
  const [mine, theirs] = await Promise.all([queryDns(name, 'A', doh), queryDns(target, 'A', doh)]);
  // A lookup that failed says nothing of the customer's records: an error, not a missing CNAME.
  if (!mine.ok) return { status: 'error', detail: mine.error };
  if (!theirs.ok) return { status: 'error', detail: theirs.error };
  const addresses = (result: typeof mine) => result.answers.filter((a) => a.type === DNS_TYPES.A).map((a) => a.data);
  const found = addresses(mine);
  const targets = new Set(addresses(theirs));
  if (found.length === 0 || !found.every((a) => targets.has(a))) return null;
  return {
    status: 'ok',
    found,
    detail: `no CNAME, but the addresses of ${target} (CNAME flattening or ALIAS)`,
    flattened: true,
  };
}

async function checkTxt(name: string, value: string, doh: DohOptions): Promise<Outcome> {
  const result = await queryDns(name, 'TXT', doh);
  if (!result.ok) return { status: 'error', detail: result.error };
  const found = result.answers.filter((a) => a.type === DNS_TYPES.TXT).map((a) => txtText(a.data));
  if (found.includes(value)) return { status: 'ok', found };
  if (found.length === 0) return { status: 'missing', detail: `no TXT record at ${dnsName(name)}` };
  return { status: 'wrong_value', found };
}

async function checkHttpFile(url: string, body: string, doh: DohOptions): Promise<Outcome> {
  const got = await orError(
    async (signal) => {
      const response = await doh.fetch(url, signal ? { signal } : {});
      return { status: response.status, text: response.status === 200 ? await response.text() : '' };
    },
    doh.signal,
    doh.timeoutMs,
  );
  if (!got.ok) return { status: 'error', detail: got.error };
  const { status, text } = got.value;
  if (status === 404 || status === 410) return { status: 'missing', detail: `HTTP ${status}` };
  if (status !== 200) return { status: 'wrong_value', found: [`HTTP ${status}`] };
  if (text.replace(/\r?\n$/, '') === body) return { status: 'ok' };
  return { status: 'wrong_value', found: [text.slice(0, 200)] };
}

async function checkCaa(
  host: string,
  ca: string | null | undefined,
  wildcard: boolean,
  doh: DohOptions,
): Promise<RecordCheck> {
  const domains = ca ? (Object.hasOwn(CA_DOMAINS, ca) ? [CA_DOMAINS[ca] as string] : null) : DEFAULT_CA_DOMAINS;
  const record: CaaCheckRecord = {
    type: 'CAA',
    name: host,
    value: `0 issue "${domains?.[0] ?? ca}"`,
    purpose: 'certificate',
  };
  const check = (outcome: Outcome): RecordCheck => ({ record, actor: 'none', ...outcome });
  if (!domains) return check({ status: 'ok', detail: `certificate authority "${ca}" is not known: CAA not judged` });
  for (let name = host; name.includes('.'); name = name.slice(name.indexOf('.') + 1)) {
    const result = await queryDns(name, 'CAA', doh);
    if (!result.ok) return check({ status: 'error', detail: result.error });
    const caa = result.answers.filter((a) => a.type === DNS_TYPES.CAA).flatMap((a) => caaRecord(a.data) ?? []);
    if (caa.length === 0) continue;
    record.name = name;
    const found = caa.map((r) => `${r.flags} ${r.tag} "${r.value}"`);
    if (caaAllows(caa, domains, wildcard)) return check({ status: 'ok', found });
    const detail = `CAA at ${name} does not allow ${domains.join(' or ')}`;
    return check({ status: 'wrong_value', found, detail });
  }
  return check({ status: 'ok', detail: 'no CAA records: any certificate authority may issue' });
}

function caaAllows(records: CaaRecord[], domains: readonly string[], wildcard: boolean): boolean {
  const known = new Set(['issue', 'issuewild', 'iodef']);
  if (records.some((r) => (r.flags & 128) !== 0 && !known.has(r.tag))) return false;
  const issue = records.filter((r) => r.tag === 'issue');
  const issueWild = records.filter((r) => r.tag === 'issuewild');
  const allows = (set: CaaRecord[]) =>
    set.length === 0 || set.some((r) => domains.includes((r.value.split(';')[0] ?? '').trim().toLowerCase()));
  return allows(issue) && (!wildcard || allows(issueWild.length > 0 ? issueWild : issue));
}
