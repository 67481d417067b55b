/**
 * How a custom hostname moves through time: pure functions from (state, time) to the next
 * state. The scheduler (engine.ts) calls {@link nextEvent} and {@link applyEvent} in global
 * time order; the checks themselves are in checks.ts.
 *
 * Ownership: checks at `checkTimes(scheduleStart, 'hostname')`; a pass makes it `active`;
 * no pass by the end of the schedule makes it `moved`, and 7 days later `deleted` (§5.1: still
 * readable, and a refresh PATCH puts it back to `pending`, as from `moved`).
 * Certificate: `initializing` until the tokens appear, then DCV checks at
 * `checkTimes(recordsAt, 'certificate')` until a pass or the token lifetime ends
 * (`validation_timed_out`); a pass goes `pending_issuance` → `pending_deployment` → `active`.
 * The issuance phase starts at the pass, or at `issuableAt` when the certificate was submitted
 * while the zone's issuance limit blocked new issuance (the budget is charged by the request
 * that submits the certificate, not here).
 * @module
 */
import {
  CERTIFICATE_RETRY_OFFSETS_S,
  dcvTokenLifetimeMs,
  HOSTNAME_RETRY_OFFSETS_S,
  hostnameRetirement,
} from '../validation/schedule.js';
import { CAA_BLOCKED } from './checks.js';
import type { DcvToken, HostnameState } from './state.js';
import type { CheckLogEntry } from './types.js';

/** The kinds of event, in the order they run when due at the same instant. @example `EVENT_ORDER[0] // 'records'` */
export const EVENT_ORDER = [
  'records',
  'hostname-check',
  'moved',
  'deleted',
  'certificate-check',
  'tokens-expired',
  'issued',
  'deployed',
] as const;

/** A lifecycle event. @example `const e: LifecycleEvent = { at: 0, kind: 'hostname-check' }` */
export interface LifecycleEvent {
  at: number;
  kind: (typeof EVENT_ORDER)[number];
}

/**
 * What applying an event needs from outside: the checks, fresh tokens, the phase durations
 * and the check log.
 *
 * @example
 * ```ts
 * const ctx: LifecycleContext = { issuanceMs: 30_000, deploymentMs: 30_000, ownership, dcv, newTokens, logCheck };
 * ```
 */
export interface LifecycleContext {
  issuanceMs: number;
  deploymentMs: number;
  ownership(host: HostnameState, at: number): { passed: boolean; errors: string[] };
  dcv(host: HostnameState, at: number): { passed: boolean; caaBlocked: boolean };
  newTokens(host: HostnameState): DcvToken[];
  logCheck(entry: CheckLogEntry): void;
}

function attemptTime(start: number, attempt: number, offsets: readonly number[]): number | undefined {
  if (attempt === 0) return start;
  const offset = offsets[attempt - 1];
  return offset === undefined ? undefined : start + offset * 1000;
}

function candidates(host: HostnameState): LifecycleEvent[] {
  const out: LifecycleEvent[] = [];
  const push = (kind: LifecycleEvent['kind'], at: number | undefined) => {
    if (at !== undefined) out.push({ kind, at });
  };
  const { ssl } = host;
  if (ssl.status === 'initializing') push('records', ssl.recordsAt);
  if (host.status === 'pending') {
    const next = attemptTime(host.scheduleStart, host.nextAttempt, HOSTNAME_RETRY_OFFSETS_S);
    if (next !== undefined) push('hostname-check', next);
    else push('moved', hostnameRetirement(host.scheduleStart).movedAt);
  }
  if (host.status === 'moved') push('deleted', hostnameRetirement(host.scheduleStart).deletedAt);
  if (ssl.status === 'pending_validation') {
    push('certificate-check', attemptTime(ssl.scheduleStart, ssl.nextAttempt, CERTIFICATE_RETRY_OFFSETS_S));
    push('tokens-expired', ssl.tokensExpireAt);
  }
  if (ssl.status === 'pending_issuance') push('issued', ssl.phaseEndsAt);
  if (ssl.status === 'pending_deployment') push('deployed', ssl.phaseEndsAt);
  return out;
}

/**
 * The hostname's next event, or `null` when nothing will happen without a request.
 *
 * @example
 * ```ts
 * nextEvent(host); // { kind: 'hostname-check', at: 1767603660000 }
 * ```
 */
export function nextEvent(host: HostnameState): LifecycleEvent | null {
  let best: LifecycleEvent | null = null;
  for (const event of candidates(host)) {
    if (
      best === null ||
      event.at < best.at ||
      (event.at === best.at && EVENT_ORDER.indexOf(event.kind) < EVENT_ORDER.indexOf(best.kind))
    ) {
      best = event;
    }
  }
  return best;
}

/**
 * Starts a fresh DCV cycle at `at`: new tokens at once, a new check schedule and token lifetime.
 *
 * @example
 * ```ts
 * startDcvCycle(host, now, ctx.newTokens(host));
 * ```
 */
export function startDcvCycle(host: HostnameState, at: number, tokens: DcvToken[]): void {
  const { ssl } = host;
  ssl.status = 'pending_validation';
  ssl.tokens = tokens;
  ssl.recordsAt = at;
  ssl.scheduleStart = at;
  ssl.nextAttempt = 0;
  ssl.tokensExpireAt = at + dcvTokenLifetimeMs(ssl.authority);
  ssl.validationErrors = [];
  ssl.phaseEndsAt = undefined;
}

/**
 * Applies one due event.
 *
 * @example
 * ```ts
 * const event = nextEvent(host);
 * if (event && event.at <= now) applyEvent(host, event, ctx);
 * ```
 */
export function applyEvent(host: HostnameState, event: LifecycleEvent, ctx: LifecycleContext): void {
  const { ssl } = host;
  const { at } = event;
  switch (event.kind) {
    case 'records':
      startDcvCycle(host, at, ctx.newTokens(host));
      break;
    case 'hostname-check': {
      const verdict = ctx.ownership(host, at);
      ctx.logCheck(entry(host, 'hostname', at, verdict.passed, host.nextAttempt));
      host.nextAttempt += 1;
      host.verificationErrors = verdict.errors;
      if (verdict.passed) host.status = 'active';
      break;
    }
    case 'moved':
      host.status = 'moved';
      break;
    case 'deleted':
      host.status = 'deleted';
      break;
    case 'certificate-check': {
      const verdict = ctx.dcv(host, at);
      ctx.logCheck(entry(host, 'certificate', at, verdict.passed, ssl.nextAttempt));
      ssl.nextAttempt += 1;
      ssl.validationErrors = verdict.caaBlocked ? [CAA_BLOCKED] : [];
      if (verdict.passed) {
        ssl.status = 'pending_issuance';
        ssl.phaseEndsAt = Math.max(at, ssl.issuableAt) + ctx.issuanceMs;
      }
      break;
    }
    case 'tokens-expired':
      ssl.status = 'validation_timed_out';
      break;
    case 'issued':
      ssl.status = 'pending_deployment';
      ssl.phaseEndsAt = at + ctx.deploymentMs;
      break;
    case 'deployed':
      ssl.status = 'active';
      ssl.phaseEndsAt = undefined;
      ssl.validationErrors = [];
      break;
  }
}

function entry(
  host: HostnameState,
  kind: CheckLogEntry['kind'],
  at: number,
  passed: boolean,
  attempt: number,
): CheckLogEntry {
  return { hostnameId: host.id, hostname: host.hostname, kind, at, passed, attempt };
}

/**
 * A no-change PATCH (§6.5): restarts the ownership schedule (a `moved` hostname goes back to
 * `pending`) and the DCV schedule, each with a check at `at`. A certificate still pending
 * validation, or whose tokens expired, gets a new DCV cycle with fresh tokens, as Cloudflare's
 * DCV troubleshooting page says: the immediate check then passes by routing (the hostname
 * points at the zone) or delegation, never by tokens placed before the PATCH.
 *
 * @example
 * ```ts
 * refresh(host, now, ctx.newTokens);
 * ```
 */
export function refresh(host: HostnameState, at: number, newTokens: (host: HostnameState) => DcvToken[]): void {
  if (host.status !== 'active') {
    host.status = 'pending';
    host.scheduleStart = at;
    host.nextAttempt = 0;
  }
  const { ssl } = host;
  if (ssl.status === 'pending_validation' || ssl.status.endsWith('_timed_out')) {
    startDcvCycle(host, at, newTokens(host));
  }
}
