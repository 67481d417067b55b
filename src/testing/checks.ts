import { isWithinZone, namesUpToApex } from './dns-names.js';
import { CA_DOMAINS, type HostnameState } from './state.js';
import type { SimulatedWorld } from './world.js';

/** §7.2 texts. @example `VERIFICATION_ERRORS.notCname` */
export const VERIFICATION_ERRORS = {
  noFallback: 'Zone does not have a fallback origin set.',
  fallbackNotActive:
    'Fallback origin is in a status of `initializing`, `pending_deployment`, `pending_deletion`, or `deleted`.',
  notCname: 'custom hostname does not CNAME to this zone.',
} as const;

/** §7.3 text for a CAA block. @example `CAA_BLOCKED` */
export const CAA_BLOCKED =
  'CAA records block issuance. Please remove all CAA records or add records for this authority.';

/**
 * What the checks read: the world, the SaaS zone and the fallback origin at a given time.
 *
 * @example
 * ```ts
 * const env: CheckEnvironment = { world, zoneName: 'saasprovider.com', fallbackStatusAt: () => 'active', delegationTarget: (h) => `${h}.uuid.dcv.cloudflare.com` };
 * ```
 */
export interface CheckEnvironment {
  world: SimulatedWorld;
  zoneName: string;
  fallbackStatusAt(at: number): string | undefined;
  delegationTarget(hostname: string): string;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Whether Cloudflare's GET of `url` at `at` gets `body`: the host must resolve, or there is no connection. */
function servesBody(env: CheckEnvironment, url: string, body: string, at: number): boolean {
  const served = env.world.getAt(url, at);
  return (
    served !== undefined &&
    served !== 'unreachable' &&
    served.status === 200 &&
    served.body.replace(/\r?\n$/, '') === body
  );
}

function pointsAtZone(env: CheckEnvironment, hostname: string, at: number): boolean {
  return env.world.cnameChain(hostname, at).some((name) => isWithinZone(name, env.zoneName));
}

/**
 * The ownership (hostname) check at `at`: an active fallback origin (unless the hostname has
 * its own origin) and one proof of control — a CNAME into the zone, the TXT token or the
 * HTTP token.
 *
 * @example
 * ```ts
 * ownershipVerdict(host, now, env); // { passed: false, errors: ['custom hostname does not CNAME to this zone.'] }
 * ```
 */
export function ownershipVerdict(
  host: HostnameState,
  at: number,
  env: CheckEnvironment,
): { passed: boolean; errors: string[] } {
  const errors: string[] = [];
  if (host.customOriginServer === undefined) {
    const fallback = env.fallbackStatusAt(at);
    if (fallback === undefined) errors.push(VERIFICATION_ERRORS.noFallback);
    else if (fallback !== 'active') errors.push(VERIFICATION_ERRORS.fallbackNotActive);
  }
  const proven =
    pointsAtZone(env, host.hostname, at) ||
    env.world
      .resolve(`_cf-custom-hostname.${host.hostname}`, 'TXT', at)
      .some((v) => unquote(v) === host.ownershipValue) ||
    servesBody(env, ownershipUrl(host), host.ownershipValue, at);
  if (!proven) errors.push(VERIFICATION_ERRORS.notCname);
  return { passed: errors.length === 0, errors };
}

/**
 * The URL of the HTTP ownership token.
 *
 * @example
 * ```ts
 * ownershipUrl(host); // 'http://app.customer-one.com/.well-known/cf-custom-hostname-challenge/<id>'
 * ```
 */
export function ownershipUrl(host: HostnameState): string {
  return `http://${host.hostname}/.well-known/cf-custom-hostname-challenge/${host.id}`;
}

/**
 * Whether the CAA records (the first name with any, walking up from the hostname) let the
 * CA issue. No CAA records, or none with the relevant tag, means no restriction.
 *
 * @example
 * ```ts
 * caaAllows(world, 'app.customer-one.com', 'lets_encrypt', false, now); // true unless CAA says otherwise
 * ```
 */
export function caaAllows(
  world: SimulatedWorld,
  hostname: string,
  authority: string,
  wildcard: boolean,
  at: number,
): boolean {
  for (const name of namesUpToApex(hostname)) {
    const records = world.resolve(name, 'CAA', at).map(parseCaa);
    if (records.length === 0) continue;
    const wild = records.filter((r) => r.tag === 'issuewild');
    const relevant = wildcard && wild.length > 0 ? wild : records.filter((r) => r.tag === 'issue');
    if (relevant.length === 0) return true;
    const domain = CA_DOMAINS[authority];
    return relevant.some((r) => r.domain === domain);
  }
  return true;
}

function parseCaa(value: string): { tag: string; domain: string } {
  const match = /^\s*\d+\s+(\S+)\s+(.*)$/.exec(value);
  if (!match) return { tag: '', domain: '' };
  const domain =
    unquote((match[2] as string).trim())
      .split(';')[0]
      ?.trim()
      .toLowerCase() ?? '';
  return { tag: (match[1] as string).toLowerCase(), domain };
}

/**
 * The certificate (DCV) check at `at`. Proof: the tokens for the method in place, Cloudflare
 * serving the HTTP token itself because the hostname CNAMEs into the zone (not for
 * wildcards), or a delegated-DCV CNAME. A proof with CAA forbidding the CA does not pass.
 *
 * @example
 * ```ts
 * dcvVerdict(host, now, env); // { passed: true, caaBlocked: false }
 * ```
 */
export function dcvVerdict(
  host: HostnameState,
  at: number,
  env: CheckEnvironment,
): { passed: boolean; caaBlocked: boolean } {
  const { ssl } = host;
  const tokens = ssl.tokens ?? [];
  const { world } = env;
  const byMethod =
    tokens.length > 0 &&
    ((ssl.method === 'txt' &&
      tokens.every((t) => world.resolve(t.txtName, 'TXT', at).some((v) => unquote(v) === t.txtValue))) ||
      (ssl.method === 'http' && tokens.every((t) => servesBody(env, t.httpUrl, t.httpBody, at))));
  const delegated =
    world.resolve(`_acme-challenge.${host.hostname}`, 'CNAME', at)[0] === env.delegationTarget(host.hostname);
  const automatic = !ssl.wildcard && pointsAtZone(env, host.hostname, at);
  if (!(byMethod || delegated || automatic)) return { passed: false, caaBlocked: false };
  const allowed = caaAllows(world, host.hostname, ssl.authority, ssl.wildcard, at);
  return { passed: allowed, caaBlocked: !allowed };
}
