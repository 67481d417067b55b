import { InputError } from '../core/errors.js';
import type { CustomHostname, ValidationRecord } from '../schemas/index.js';
import { dcvMethodOf } from './verdict.js';

/**
 * One thing the customer must publish: a DNS record (`CNAME`, `TXT`) or a file served over
 * plain HTTP (`HTTP`: `name` is the URL, `value` the exact body). `optional` records are
 * not needed once the routing CNAME is in place; `note` says when they help.
 *
 * @example
 * ```ts
 * const r: CustomerRecord = { type: 'CNAME', name: 'app.customer-one.com', value: 'customers.saasprovider.com', purpose: 'routing' };
 * ```
 */
export interface CustomerRecord {
  type: 'CNAME' | 'TXT' | 'HTTP';
  name: string;
  value: string;
  purpose: 'routing' | 'ownership' | 'certificate';
  optional?: boolean | undefined;
  note?: string | undefined;
}

/**
 * Everything the customer still has to publish for one hostname. Plain data: store it as
 * JSON, render it with {@link renderZoneFile} or {@link renderText}.
 *
 * @example
 * ```ts
 * await db.put(`instructions:${todo.id}`, JSON.stringify(todo));
 * ```
 */
export interface Instructions {
  hostname: string;
  id: string;
  records: CustomerRecord[];
  /**
   * `false` while Cloudflare has not yet produced `ssl.validation_records` for a certificate it
   * issues (one with a DCV method) that is not active: fetch again shortly.
   */
  complete: boolean;
  /**
   * The certificate's DCV tokens expired (`ssl.status` `validation_timed_out`; 7 days with
   * Let's Encrypt, 14 with Google and SSL.com): they are left out, and `complete` is `false`.
   * New ones come after a no-change PATCH, `validation.recheck(id)` (§6.3).
   */
  tokensExpired: boolean;
  /** When these were generated (ISO 8601), if `generatedAt` was passed. */
  generatedAt?: string | undefined;
}

/** Options of {@link instructions}. @example `{ cnameTarget: 'customers.saasprovider.com' }` */
export interface InstructionsOptions {
  /** The name customers point their CNAME at, e.g. `customers.saasprovider.com`. */
  cnameTarget: string;
  /** For delegated DCV when Cloudflare lists no `dcv_delegation_records`: `<uuid>.dcv.cloudflare.com` (from `GET /zones/{id}/dcv_delegation/uuid`). */
  dcvDelegationTarget?: string | undefined;
  /** Stamp the result with this time. */
  generatedAt?: Date | number | undefined;
}

const SERVING_STATUSES = new Set(['active', 'active_redeploying']);

const NOTE = {
  ownership:
    'Not needed once the CNAME is in place: Cloudflare then validates the hostname by itself. Add it to validate before moving traffic.',
  httpOwnership: 'An alternative to the TXT record: serve this exact body at this URL over plain HTTP.',
  dcvOptional:
    'Not needed once the CNAME is in place: Cloudflare then validates the certificate over HTTP by itself. Add it to get the certificate before moving traffic.',
  delegation:
    'Delegated DCV, an alternative to the certificate tokens: a permanent CNAME that lets Cloudflare validate this certificate and every renewal. Use it instead of a TXT record at this name, not with one.',
  apex: 'At the zone apex use CNAME flattening, or an ALIAS/ANAME record, if your DNS provider offers it.',
} as const;

/**
 * The records the customer must publish, skipping what Cloudflare already accepted: no
 * ownership records once the hostname is active, no certificate records once the
 * certificate is active. Always the routing CNAME. The ownership TXT and HTTP tokens are
 * `optional` (the CNAME validates ownership in real time; the tokens pre-validate). DCV
 * tokens are `optional` for non-wildcard certificates (Cloudflare validates over HTTP once
 * the CNAME is in place) and required for wildcards. A delegation CNAME, when Cloudflare
 * lists one (or `dcvDelegationTarget` is given), is offered as an `optional` alternative to
 * the tokens of the hostname's DCV method (both at `_acme-challenge` would conflict, the note
 * says so); it is required only for a wildcard with no tokens listed. Deprecated email DCV is
 * not listed. Pure. A `cnameTarget` or `dcvDelegationTarget` that is not a hostname (a
 * newline would add a line to the customer's zone file) is an `InputError`.
 *
 * @example
 * ```ts
 * const todo = instructions(host, { cnameTarget: 'customers.saasprovider.com' });
 * todo.records[0]; // { type: 'CNAME', name: 'app.customer-one.com', value: 'customers.saasprovider.com', purpose: 'routing' }
 * ```
 */
export function instructions(hostname: CustomHostname, options: InstructionsOptions): Instructions {
  const host = dnsName(hostname.hostname);
  const ssl = hostname.ssl;
  const sslActive = ssl?.status === 'active';
  const tokensExpired = ssl?.status === 'validation_timed_out';
  const validationRecords = tokensExpired ? [] : (ssl?.validation_records ?? []);
  // Both targets go into the customer's DNS as they are: a hostname alone, or an InputError.
  const cnameTarget = dnsTarget(options?.cnameTarget, 'cnameTarget');
  const given = options.dcvDelegationTarget;
  const delegationTarget = given === undefined ? undefined : dnsTarget(given, 'dcvDelegationTarget');
  const records: CustomerRecord[] = [routingRecord(host, cnameTarget)];
  if (!SERVING_STATUSES.has(hostname.status ?? '')) records.push(...ownershipRecords(hostname, host));
  if (!sslActive) {
    const tokens = dcvRecords(validationRecords, ssl?.wildcard === true);
    const delegation = delegationRecords(ssl?.dcv_delegation_records ?? [], host, delegationTarget);
    // Delegation is an alternative to the tokens of the method the hostname was created with,
    // required only when there are no tokens to place.
    const delegationOptional = tokens.length > 0 || ssl?.wildcard !== true;
    records.push(...tokens, ...delegation.map((r) => (delegationOptional ? { ...r, optional: true } : r)));
  }
  const result: Instructions = {
    hostname: hostname.hostname,
    id: hostname.id,
    records: unique(records),
    // An uploaded certificate (no DCV method) has no records to wait for.
    complete: sslActive || validationRecords.length > 0 || dcvMethodOf(hostname) === undefined,
    tokensExpired,
  };
  if (options.generatedAt !== undefined) result.generatedAt = new Date(options.generatedAt).toISOString();
  return result;
}

/**
 * Whether `host` is a zone apex (`customer.com`), where DNS allows no CNAME: two labels. A
 * wildcard (`*.customer.com`) is not one, and a multi-label public suffix (`shop.co.uk`) is
 * not recognised.
 *
 * @example
 * ```ts
 * isZoneApex('customer.com'); // true
 * isZoneApex('app.customer.com'); // false
 * isZoneApex('*.customer.com'); // false
 * ```
 */
export function isZoneApex(host: string): boolean {
  return host.split('.').length === 2;
}

function routingRecord(host: string, cnameTarget: string): CustomerRecord {
  const record: CustomerRecord = { type: 'CNAME', name: host, value: cnameTarget, purpose: 'routing' };
  if (isZoneApex(host)) record.note = NOTE.apex;
  return record;
}

function ownershipRecords(hostname: CustomHostname, host: string): CustomerRecord[] {
  const out: CustomerRecord[] = [];
  const txt = hostname.ownership_verification;
  if (txt?.value) {
    const name = dnsName(txt.name || `_cf-custom-hostname.${host}`);
    out.push({ type: 'TXT', name, value: txt.value, purpose: 'ownership', optional: true, note: NOTE.ownership });
  }
  const http = hostname.ownership_verification_http;
  if (http?.http_url && http.http_body) {
    out.push({
      type: 'HTTP',
      name: http.http_url,
      value: http.http_body,
      purpose: 'ownership',
      optional: true,
      note: NOTE.httpOwnership,
    });
  }
  return out;
}

function dcvRecords(records: readonly ValidationRecord[], wildcard: boolean): CustomerRecord[] {
  const extra = wildcard ? {} : { optional: true, note: NOTE.dcvOptional };
  const out: CustomerRecord[] = [];
  for (const r of records) {
    if (r.txt_name && r.txt_value)
      out.push({ type: 'TXT', name: dnsName(r.txt_name), value: r.txt_value, purpose: 'certificate', ...extra });
    if (r.http_url && r.http_body)
      out.push({ type: 'HTTP', name: r.http_url, value: r.http_body, purpose: 'certificate', ...extra });
  }
  return out;
}

function delegationRecords(records: readonly ValidationRecord[], host: string, target?: string): CustomerRecord[] {
  const pairs = records.flatMap((r): [string, string][] =>
    r.cname && r.cname_target ? [[r.cname, r.cname_target]] : [],
  );
  const apex = host.replace(/^\*\./, '');
  if (pairs.length === 0 && target) pairs.push([`_acme-challenge.${apex}`, `${apex}.${target}`]);
  return pairs.map(([name, value]) => ({
    type: 'CNAME',
    name: dnsName(name),
    value: dnsName(value),
    purpose: 'certificate',
    note: NOTE.delegation,
  }));
}

function unique(records: CustomerRecord[]): CustomerRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = `${r.type} ${r.name.toLowerCase()} ${r.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A DNS name written the way records and comparisons use it: lower case, no trailing dot.
 *
 * @example
 * ```ts
 * dnsName('Customers.SaaSProvider.com.'); // 'customers.saasprovider.com'
 * ```
 */
export function dnsName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

/** Letters, digits and hyphens in dot-separated labels of 1–63, with a trailing dot or not. */
const ASCII_DNS_NAME = /^(?=.{1,254}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

/**
 * A target name as it goes into the customer's DNS ({@link dnsName}), or an `InputError`:
 * ASCII only (the client converts an internationalised `cnameTarget` when it is built; this
 * pure helper does not carry the IDNA tables).
 */
function dnsTarget(value: unknown, field: string): string {
  if (typeof value === 'string' && ASCII_DNS_NAME.test(value.trim())) return dnsName(value);
  throw new InputError(field, value, 'must be a hostname in ASCII, such as customers.saasprovider.com');
}

/**
 * BIND zone-file lines for the DNS records, one `;` comment above each (its purpose, and
 * whether it is optional); HTTP files become `;` comments. TTL 3600.
 *
 * @example
 * ```ts
 * renderZoneFile(todo);
 * // ; routing
 * // app.customer-one.com. 3600 IN CNAME customers.saasprovider.com.
 * // ; ownership (optional)
 * // _cf-custom-hostname.app.customer-one.com. 3600 IN TXT "5cc07c04-ea62-4a5a-95f0-419334a875a4"
 * ```
 */
export function renderZoneFile(i: Instructions): string {
  const lines = [`; ${i.hostname} (custom hostname ${i.id})`];
  for (const r of i.records) {
    lines.push(`; ${r.purpose}${r.optional ? ' (optional)' : ''}`);
    if (r.type === 'CNAME') lines.push(`${r.name}. 3600 IN CNAME ${r.value}.`);
    else if (r.type === 'TXT') lines.push(`${r.name}. 3600 IN TXT ${quoteTxt(r.value)}`);
    else lines.push(`; HTTP: serve ${JSON.stringify(r.value)} at ${r.name}`);
  }
  if (i.tokensExpired) lines.push('; certificate validation records expired: new ones follow a recheck');
  else if (!i.complete)
    lines.push('; certificate validation records are not ready yet: fetch these instructions again shortly');
  return `${lines.join('\n')}\n`;
}

/** TXT content as 255-byte quoted strings, with `"` and `\` escaped. */
function quoteTxt(value: string): string {
  const chunks = value.match(/[\s\S]{1,255}/g) ?? [''];
  return chunks.map((c) => `"${c.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(' ');
}

const PURPOSE_TEXT = {
  routing: 'sends the traffic of this hostname to us',
  ownership: 'proves that you own this hostname',
  certificate: 'lets the certificate authority issue the HTTPS certificate',
} as const;

/**
 * Plain-English steps for an email or a dashboard: one numbered step per record, the
 * optional ones marked, each with its note.
 *
 * @example
 * ```ts
 * renderText(todo);
 * // To connect app.customer-one.com:
 * // 1. Add a CNAME record named app.customer-one.com with the value customers.saasprovider.com. It sends the traffic of this hostname to us.
 * ```
 */
export function renderText(i: Instructions): string {
  const lines = [`To connect ${i.hostname}:`];
  i.records.forEach((r, n) => {
    const what =
      r.type === 'HTTP'
        ? `Serve a file at ${r.name} (plain HTTP, status 200) whose whole content is: ${r.value}`
        : `Add a ${r.type} record named ${r.name} with the value ${r.value}`;
    const purpose = PURPOSE_TEXT[r.purpose];
    const sentence = `${what}. It ${purpose}.${r.note ? ` ${r.note}` : ''}`;
    lines.push(`${n + 1}. ${r.optional ? '(Optional) ' : ''}${sentence}`);
  });
  if (i.tokensExpired) lines.push('The certificate details have expired; we will send new ones shortly.');
  else if (!i.complete) lines.push('The certificate details are not ready yet; we will send them in a few minutes.');
  return `${lines.join('\n')}\n`;
}
