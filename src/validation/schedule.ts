/**
 * Cloudflare's published validation backoff schedules, as pure functions.
 *
 * How the published documents' inconsistencies are resolved (see docs/validation.md):
 * - **75 retries, not 76.** The hostname table lists rows 0–75; the text says 75 retries.
 *   Retries are rows 0–74 (the last at 610,263 s ≈ 7.06 days after the schedule starts).
 *   Row 75 is read as the wait after the last retry: {@link HOSTNAME_SCHEDULE_END_S}.
 * - **"2 minutes" vs "20 minutes".** Neither: the first ten retries end 751 s (12.5 min) in.
 *   The function below is the source of truth and reproduces the table row for row.
 * - **Deleted or moved.** A hostname that never validates becomes `moved` when its schedule
 *   ends, and `deleted` after 7 more days (the validation-status page), which is what
 *   {@link hostnameRetirement} returns.
 * - **The certificate page's formula** prints only the 1.05 factor; its own table switches to
 *   1.15 at attempt 10 like the hostname table, so the table is followed. It has 120 rows.
 * - Besides the retries, Cloudflare checks once when the schedule starts (creation, or a
 *   no-change PATCH that resets it): offset 0.
 *
 * @example
 * ```ts
 * import { hostnameRetryDelay, nextCheckAt } from 'cloudflare-custom-hostnames/validation';
 * hostnameRetryDelay(10); // 242 (seconds)
 * nextCheckAt({ created_at: '2026-01-01T00:00:00Z' }, Date.parse('2026-01-01T00:01:30Z')); // 2026-01-01T00:02:03Z
 * ```
 * @module
 */

const BASE_S = 60;
const CAP_S = 4 * 60 * 60;
const SLOW_GROWTH_ATTEMPTS = 10;

/** Retries in the hostname validation schedule. @example `HOSTNAME_RETRIES // 75` */
export const HOSTNAME_RETRIES = 75;
/** Retries in the certificate (DCV) schedule table. @example `CERTIFICATE_RETRIES // 120` */
export const CERTIFICATE_RETRIES = 120;
/** The longest gap between two checks, in seconds (4 h). @example `MAX_RETRY_DELAY_S // 14400` */
export const MAX_RETRY_DELAY_S = CAP_S;
/** Days a `moved` hostname is kept before Cloudflare deletes it. @example `MOVED_TO_DELETED_DAYS // 7` */
export const MOVED_TO_DELETED_DAYS = 7;

/**
 * How long a DCV token stays valid, per certificate authority, in days. After that the
 * certificate times out and needs a no-change PATCH (new tokens).
 *
 * @example
 * ```ts
 * DCV_TOKEN_LIFETIME_DAYS.lets_encrypt; // 7
 * ```
 */
export const DCV_TOKEN_LIFETIME_DAYS = { lets_encrypt: 7, google: 14, ssl_com: 14 } as const;

/**
 * The token lifetime for a CA in milliseconds; an unknown or absent CA gets the shortest one.
 *
 * @example
 * ```ts
 * dcvTokenLifetimeMs('google'); // 1_209_600_000
 * ```
 */
export function dcvTokenLifetimeMs(ca: string | null | undefined): number {
  const known = typeof ca === 'string' && Object.hasOwn(DCV_TOKEN_LIFETIME_DAYS, ca);
  const days = known ? DCV_TOKEN_LIFETIME_DAYS[ca as keyof typeof DCV_TOKEN_LIFETIME_DAYS] : 7;
  return days * 86_400_000;
}

/**
 * The gap in seconds before retry `n` (0-based): `floor(60 × 1.05^n)` for the first ten,
 * `floor(60 × 1.15^n)` after, capped at 4 h. The same formula drives both schedules.
 *
 * @example
 * ```ts
 * hostnameRetryDelay(0); // 60
 * hostnameRetryDelay(9); // 93
 * hostnameRetryDelay(40); // 14400
 * ```
 */
export function hostnameRetryDelay(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`retry index must be a whole number ≥ 0, got ${n}`);
  const factor = n < SLOW_GROWTH_ATTEMPTS ? 1.05 : 1.15;
  // 1e-9 guards the floor against binary rounding (60 × 1.05 = 63.00000000000001 is fine,
  // but a product like 241.99999999999997 must not floor to 241).
  return Math.min(Math.floor(BASE_S * factor ** n + 1e-9), CAP_S);
}

/** The certificate schedule uses the same gaps. @example `certificateRetryDelay(10) // 242` */
export const certificateRetryDelay = hostnameRetryDelay;

// The tables below are built by calls marked pure: a bundle that does not read them leaves them out.
function cumulativeOffsets(retries: number): readonly number[] {
  const offsets: number[] = [];
  let total = 0;
  for (let n = 0; n < retries; n++) {
    total += hostnameRetryDelay(n);
    offsets.push(total);
  }
  return offsets;
}

/**
 * Seconds after the schedule starts at which each hostname retry happens (75 entries).
 *
 * @example
 * ```ts
 * HOSTNAME_RETRY_OFFSETS_S[0]; // 60
 * HOSTNAME_RETRY_OFFSETS_S[74]; // 610263
 * ```
 */
export const HOSTNAME_RETRY_OFFSETS_S: readonly number[] = /* @__PURE__ */ cumulativeOffsets(HOSTNAME_RETRIES);

/**
 * Seconds after the schedule starts at which each certificate DCV retry happens (120 entries).
 *
 * @example
 * ```ts
 * CERTIFICATE_RETRY_OFFSETS_S[119]; // 1258263
 * ```
 */
export const CERTIFICATE_RETRY_OFFSETS_S: readonly number[] = /* @__PURE__ */ cumulativeOffsets(CERTIFICATE_RETRIES);

/**
 * When a never-validated hostname's schedule is over: the last retry plus the table's
 * final 4 h row (624,663 s ≈ 7.23 days). The hostname is `moved` from then on.
 *
 * @example
 * ```ts
 * HOSTNAME_SCHEDULE_END_S; // 624663
 * ```
 */
export const HOSTNAME_SCHEDULE_END_S: number = /* @__PURE__ */ (() =>
  (HOSTNAME_RETRY_OFFSETS_S.at(-1) ?? 0) + hostnameRetryDelay(HOSTNAME_RETRIES))();

/** Which schedule to follow. @example `const kind: ScheduleKind = 'certificate'` */
export type ScheduleKind = 'hostname' | 'certificate';

/**
 * Every check time of a schedule that starts at `startMs`, including the check at the
 * start itself, in epoch milliseconds.
 *
 * @example
 * ```ts
 * checkTimes(0).slice(0, 3); // [0, 60_000, 123_000]
 * ```
 */
export function checkTimes(startMs: number, kind: ScheduleKind = 'hostname'): number[] {
  const offsets = kind === 'hostname' ? HOSTNAME_RETRY_OFFSETS_S : CERTIFICATE_RETRY_OFFSETS_S;
  return [startMs, ...offsets.map((s) => startMs + s * 1000)];
}

/**
 * The first check strictly after `nowMs` of a schedule that started at `startMs`, or `null`
 * when the schedule has no check left.
 *
 * @example
 * ```ts
 * nextCheckAfter(0, 61_000); // 123_000
 * ```
 */
export function nextCheckAfter(startMs: number, nowMs: number, kind: ScheduleKind = 'hostname'): number | null {
  if (nowMs < startMs) return startMs;
  const offsets = kind === 'hostname' ? HOSTNAME_RETRY_OFFSETS_S : CERTIFICATE_RETRY_OFFSETS_S;
  const elapsedS = (nowMs - startMs) / 1000;
  // Binary search: the first offset greater than elapsed.
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid] as number) > elapsedS) hi = mid;
    else lo = mid + 1;
  }
  return lo < offsets.length ? startMs + (offsets[lo] as number) * 1000 : null;
}

/**
 * When Cloudflare will next check a hostname, counted from `created_at` or from the last
 * recheck you sent (`since`), as a `Date`; `null` once the schedule is over.
 *
 * @example
 * ```ts
 * const at = nextCheckAt(host, Date.now());
 * const lastRecheck = Date.parse('2026-01-01T03:00:00Z');
 * nextCheckAt(host, Date.now(), { since: lastRecheck, kind: 'certificate' });
 * ```
 */
export function nextCheckAt(
  hostname: { created_at?: string | null | undefined },
  nowMs: number,
  options: { since?: number | undefined; kind?: ScheduleKind | undefined } = {},
): Date | null {
  const created = hostname.created_at ? Date.parse(hostname.created_at) : Number.NaN;
  const start = options.since ?? (Number.isNaN(created) ? nowMs : created);
  const next = nextCheckAfter(start, nowMs, options.kind ?? 'hostname');
  return next === null ? null : new Date(next);
}

/**
 * When a hostname that never validates is retired: `moved` at the end of its schedule and
 * `deleted` seven days later (both epoch ms).
 *
 * @example
 * ```ts
 * hostnameRetirement(0); // { movedAt: 624_663_000, deletedAt: 1_229_463_000 }
 * ```
 */
export function hostnameRetirement(startMs: number): { movedAt: number; deletedAt: number } {
  const movedAt = startMs + HOSTNAME_SCHEDULE_END_S * 1000;
  return { movedAt, deletedAt: movedAt + MOVED_TO_DELETED_DAYS * 86_400_000 };
}
