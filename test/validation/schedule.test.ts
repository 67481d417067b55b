import { describe, expect, it } from 'vitest';
import {
  CERTIFICATE_RETRIES,
  CERTIFICATE_RETRY_OFFSETS_S,
  certificateRetryDelay,
  checkTimes,
  DCV_TOKEN_LIFETIME_DAYS,
  dcvTokenLifetimeMs,
  HOSTNAME_RETRIES,
  HOSTNAME_RETRY_OFFSETS_S,
  HOSTNAME_SCHEDULE_END_S,
  hostnameRetirement,
  hostnameRetryDelay,
  MAX_RETRY_DELAY_S,
  MOVED_TO_DELETED_DAYS,
  nextCheckAfter,
  nextCheckAt,
} from '../../src/validation/schedule.js';

/** §9.1 of the API reference, row by row: attempt, delay (s), cumulative (s), cumulative (h). */
const PUBLISHED: [number, number, number, number][] = [
  [0, 60, 60, 0.02],
  [1, 63, 123, 0.03],
  [2, 66, 189, 0.05],
  [3, 69, 258, 0.07],
  [4, 72, 330, 0.09],
  [5, 76, 406, 0.11],
  [6, 80, 486, 0.14],
  [7, 84, 570, 0.16],
  [8, 88, 658, 0.18],
  [9, 93, 751, 0.21],
  [10, 242, 993, 0.28],
  [11, 279, 1272, 0.35],
  [12, 321, 1593, 0.44],
  [13, 369, 1962, 0.55],
  [14, 424, 2386, 0.66],
  [15, 488, 2874, 0.8],
  [16, 561, 3435, 0.95],
  [17, 645, 4080, 1.13],
  [18, 742, 4822, 1.34],
  [19, 853, 5675, 1.58],
  [20, 981, 6656, 1.85],
  [21, 1129, 7785, 2.16],
  [22, 1298, 9083, 2.52],
  [23, 1493, 10576, 2.94],
  [24, 1717, 12293, 3.41],
  [25, 1975, 14268, 3.96],
  [26, 2271, 16539, 4.59],
  [27, 2612, 19151, 5.32],
  [28, 3003, 22154, 6.15],
  [29, 3454, 25608, 7.11],
  [30, 3972, 29580, 8.22],
  [31, 4568, 34148, 9.49],
  [32, 5253, 39401, 10.94],
  [33, 6041, 45442, 12.62],
  [34, 6948, 52390, 14.55],
  [35, 7990, 60380, 16.77],
  [36, 9189, 69569, 19.32],
  [37, 10567, 80136, 22.26],
  [38, 12152, 92288, 25.64],
  [39, 13975, 106263, 29.52],
  [40, 14400, 120663, 33.52],
  [41, 14400, 135063, 37.52],
  [42, 14400, 149463, 41.52],
  [43, 14400, 163863, 45.52],
  [44, 14400, 178263, 49.52],
  [45, 14400, 192663, 53.52],
  [46, 14400, 207063, 57.52],
  [47, 14400, 221463, 61.52],
  [48, 14400, 235863, 65.52],
  [49, 14400, 250263, 69.52],
  [50, 14400, 264663, 73.52],
  [51, 14400, 279063, 77.52],
  [52, 14400, 293463, 81.52],
  [53, 14400, 307863, 85.52],
  [54, 14400, 322263, 89.52],
  [55, 14400, 336663, 93.52],
  [56, 14400, 351063, 97.52],
  [57, 14400, 365463, 101.52],
  [58, 14400, 379863, 105.52],
  [59, 14400, 394263, 109.52],
  [60, 14400, 408663, 113.52],
  [61, 14400, 423063, 117.52],
  [62, 14400, 437463, 121.52],
  [63, 14400, 451863, 125.52],
  [64, 14400, 466263, 129.52],
  [65, 14400, 480663, 133.52],
  [66, 14400, 495063, 137.52],
  [67, 14400, 509463, 141.52],
  [68, 14400, 523863, 145.52],
  [69, 14400, 538263, 149.52],
  [70, 14400, 552663, 153.52],
  [71, 14400, 567063, 157.52],
  [72, 14400, 581463, 161.52],
  [73, 14400, 595863, 165.52],
  [74, 14400, 610263, 169.52],
  [75, 14400, 624663, 173.52],
];

const T0 = Date.parse('2026-01-01T00:00:00Z');

describe('hostname schedule against the published table (§9.1)', () => {
  it('has the 76 rows 0–75', () => {
    expect(PUBLISHED).toHaveLength(76);
    expect(PUBLISHED.map(([n]) => n)).toEqual(Array.from({ length: 76 }, (_, n) => n));
  });

  it.each(PUBLISHED)('row %i: delay %i s, cumulative %i s (%f h)', (n, delay, cumulative, hours) => {
    expect(hostnameRetryDelay(n)).toBe(delay);
    const total = n < HOSTNAME_RETRIES ? HOSTNAME_RETRY_OFFSETS_S[n] : HOSTNAME_SCHEDULE_END_S;
    expect(total).toBe(cumulative);
    expect(Math.round((cumulative / 3600) * 100) / 100).toBe(hours);
    expect(checkTimes(T0)[n + 1]).toBe(n < HOSTNAME_RETRIES ? T0 + cumulative * 1000 : undefined);
  });

  it('reproduces the derived totals', () => {
    const delays = PUBLISHED.map(([, delay]) => delay);
    expect(delays.slice(0, 10).reduce((a, b) => a + b, 0)).toBe(751);
    expect(delays.slice(0, 75).reduce((a, b) => a + b, 0)).toBe(610_263);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(624_663);
    expect(HOSTNAME_RETRY_OFFSETS_S[39]).toBe(106_263);
    expect(HOSTNAME_RETRY_OFFSETS_S.filter((s) => s <= 3600)).toHaveLength(17);
    expect(HOSTNAME_RETRY_OFFSETS_S[16]).toBe(3435);
  });

  it('switches factor at attempt 10 and first hits the 4 h cap at attempt 40', () => {
    expect(hostnameRetryDelay(9)).toBe(Math.floor(60 * 1.05 ** 9));
    expect(hostnameRetryDelay(10)).toBe(Math.floor(60 * 1.15 ** 10));
    expect(hostnameRetryDelay(39)).toBe(13_975);
    expect(hostnameRetryDelay(40)).toBe(MAX_RETRY_DELAY_S);
    expect(hostnameRetryDelay(500)).toBe(14_400);
  });

  it('counts 75 retries, plus the check at the start', () => {
    expect(HOSTNAME_RETRIES).toBe(75);
    expect(HOSTNAME_RETRY_OFFSETS_S).toHaveLength(75);
    expect(checkTimes(T0)).toHaveLength(76);
    expect(checkTimes(T0).slice(0, 4)).toEqual([T0, T0 + 60_000, T0 + 123_000, T0 + 189_000]);
  });

  it('rejects an attempt index that is not a whole number ≥ 0', () => {
    expect(() => hostnameRetryDelay(-1)).toThrow(RangeError);
    expect(() => hostnameRetryDelay(1.5)).toThrow(RangeError);
    expect(() => hostnameRetryDelay(Number.NaN)).toThrow(RangeError);
  });
});

describe('certificate schedule (§9.2)', () => {
  it('uses the same delays over 120 rows', () => {
    expect(certificateRetryDelay).toBe(hostnameRetryDelay);
    expect(CERTIFICATE_RETRIES).toBe(120);
    expect(CERTIFICATE_RETRY_OFFSETS_S).toHaveLength(120);
    expect(CERTIFICATE_RETRY_OFFSETS_S.slice(0, 75)).toEqual(HOSTNAME_RETRY_OFFSETS_S);
    expect(CERTIFICATE_RETRY_OFFSETS_S[75]).toBe(624_663);
    expect(CERTIFICATE_RETRY_OFFSETS_S[119]).toBe(1_258_263);
    for (let n = 75; n < 120; n++) {
      expect((CERTIFICATE_RETRY_OFFSETS_S[n] as number) - (CERTIFICATE_RETRY_OFFSETS_S[n - 1] as number)).toBe(14_400);
    }
    expect(checkTimes(T0, 'certificate')).toHaveLength(121);
    expect(checkTimes(T0, 'certificate')[120]).toBe(T0 + 1_258_263_000);
  });

  it('does not follow the literal 1.05 formula the page prints', () => {
    expect([10, 11, 12, 13, 14].map(certificateRetryDelay)).toEqual([242, 279, 321, 369, 424]);
  });
});

describe('nextCheckAfter', () => {
  it('returns the start before it, then the first check strictly after now', () => {
    expect(nextCheckAfter(T0, T0 - 5_000)).toBe(T0);
    expect(nextCheckAfter(T0, T0)).toBe(T0 + 60_000);
    expect(nextCheckAfter(T0, T0 + 59_999)).toBe(T0 + 60_000);
    expect(nextCheckAfter(T0, T0 + 60_000)).toBe(T0 + 123_000);
    expect(nextCheckAfter(T0, T0 + 61_000)).toBe(T0 + 123_000);
    expect(nextCheckAfter(T0, T0 + 3_434_000)).toBe(T0 + 3_435_000);
    expect(nextCheckAfter(T0, T0 + 3_600_000)).toBe(T0 + 4_080_000);
  });

  it('walks every check of the table in order', () => {
    let now = T0;
    const seen: number[] = [];
    for (let next = nextCheckAfter(T0, now); next !== null; next = nextCheckAfter(T0, now)) {
      seen.push((next - T0) / 1000);
      now = next;
    }
    expect(seen).toEqual(HOSTNAME_RETRY_OFFSETS_S);
  });

  it('returns null once the schedule is over', () => {
    expect(nextCheckAfter(T0, T0 + 610_263_000 - 1)).toBe(T0 + 610_263_000);
    expect(nextCheckAfter(T0, T0 + 610_263_000)).toBeNull();
    expect(nextCheckAfter(T0, T0 + 610_263_000, 'certificate')).toBe(T0 + 624_663_000);
    expect(nextCheckAfter(T0, T0 + 1_258_263_000, 'certificate')).toBeNull();
  });
});

describe('nextCheckAt', () => {
  const host = { created_at: '2026-01-01T00:00:00Z' };

  it('counts from created_at', () => {
    expect(nextCheckAt(host, Date.parse('2026-01-01T00:01:30Z'))?.toISOString()).toBe('2026-01-01T00:02:03.000Z');
    expect(
      nextCheckAt({ created_at: '2020-02-06T18:11:23.531995Z' }, Date.parse('2020-02-06T18:11:24Z'))?.getTime(),
    ).toBe(Date.parse('2020-02-06T18:11:23.531Z') + 60_000);
  });

  it('counts from the last recheck when given', () => {
    const since = Date.parse('2026-01-03T00:00:00Z');
    expect(nextCheckAt(host, since + 1_000, { since })?.getTime()).toBe(since + 60_000);
  });

  it('follows the certificate schedule when asked', () => {
    expect(nextCheckAt(host, T0 + 700_000_000)).toBeNull();
    expect(nextCheckAt(host, T0 + 700_000_000, { kind: 'certificate' })?.getTime()).toBe(T0 + 711_063_000);
  });

  it('starts at now when created_at is missing or unreadable', () => {
    expect(nextCheckAt({}, T0)?.getTime()).toBe(T0 + 60_000);
    expect(nextCheckAt({ created_at: null }, T0)?.getTime()).toBe(T0 + 60_000);
    expect(nextCheckAt({ created_at: 'not a date' }, T0)?.getTime()).toBe(T0 + 60_000);
  });
});

describe('hostnameRetirement', () => {
  it('is moved at the end of the schedule and deleted 7 days later', () => {
    expect(MOVED_TO_DELETED_DAYS).toBe(7);
    expect(hostnameRetirement(0)).toEqual({ movedAt: 624_663_000, deletedAt: 1_229_463_000 });
    expect(hostnameRetirement(T0)).toEqual({ movedAt: T0 + 624_663_000, deletedAt: T0 + 624_663_000 + 604_800_000 });
  });
});

describe('DCV token lifetimes', () => {
  it('are 7 days for Let’s Encrypt and 14 days for Google and SSL.com', () => {
    expect(DCV_TOKEN_LIFETIME_DAYS).toEqual({ lets_encrypt: 7, google: 14, ssl_com: 14 });
    expect(dcvTokenLifetimeMs('lets_encrypt')).toBe(604_800_000);
    expect(dcvTokenLifetimeMs('google')).toBe(1_209_600_000);
    expect(dcvTokenLifetimeMs('ssl_com')).toBe(1_209_600_000);
  });

  it('falls back to the shortest for an unknown or absent CA', () => {
    expect(dcvTokenLifetimeMs('digicert')).toBe(604_800_000);
    expect(dcvTokenLifetimeMs(undefined)).toBe(604_800_000);
    expect(dcvTokenLifetimeMs(null)).toBe(604_800_000);
    expect(dcvTokenLifetimeMs('toString')).toBe(604_800_000);
    expect(dcvTokenLifetimeMs('__proto__')).toBe(604_800_000);
  });
});
