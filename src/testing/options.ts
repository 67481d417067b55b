import type { ResolvedOptions } from './context.js';
import type { SimulatorOptions } from './types.js';

/** The default zone id. @example `DEFAULT_ZONE_ID.length // 32` */
export const DEFAULT_ZONE_ID = '023e105f4ecef8ad9ca31a8372d0c353';
/** The default API token (40 characters, made up). @example `DEFAULT_API_TOKEN.length // 40` */
export const DEFAULT_API_TOKEN = 'cfsim_7Tq2Vx9LmN4pR8sK1wY6zB3dF5hJ0gC2aE';
/** The default Global API key (37 hex characters, made up). @example `DEFAULT_API_KEY.length // 37` */
export const DEFAULT_API_KEY = 'c2547eb745079dac9320b638f5e225cf483cc';

function duration(name: string, value: number | undefined, fallback: number): number {
  const ms = value ?? fallback;
  if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`${name} must be a finite duration ≥ 0 ms, got ${ms}`);
  return ms;
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new RangeError(`${name} must be a number > 0, got ${value}`);
  return value;
}

function atLeastZero(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 0))
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`);
  return value;
}

/** A text option matching `pattern`: the one given, or the fallback. */
function text(name: string, value: unknown, fallback: string, pattern: RegExp, what: string): string {
  const given = value ?? fallback;
  if (typeof given !== 'string' || !pattern.test(given)) {
    throw new RangeError(
      `${name} must be ${what}, got ${typeof given === 'string' ? JSON.stringify(given) : typeof given}`,
    );
  }
  return given;
}

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const A_DNS_NAME = 'a DNS name such as saasprovider.com';

/** An on/off option, on unless given as `false`. */
function flag(name: string, value: boolean | undefined): boolean {
  if (value !== undefined && typeof value !== 'boolean')
    throw new RangeError(`${name} must be true or false, got ${value}`);
  return value ?? true;
}

/** The request budget with its block length (default: one window, Cloudflare's five minutes). */
function requestBudget(option: SimulatorOptions['rateLimit']): ResolvedOptions['rateLimit'] {
  if (option === false) return false;
  const { requests, windowMs, blockMs, perSecond } = option ?? { requests: 1200, windowMs: 300_000 };
  return {
    requests: positive('rateLimit.requests', requests),
    windowMs: positive('rateLimit.windowMs', windowMs),
    blockMs: positive('rateLimit.blockMs', blockMs ?? windowMs),
    perSecond: positive('rateLimit.perSecond', perSecond ?? 200),
  };
}

/**
 * Applies the defaults of {@link SimulatorOptions} and rejects impossible values with `RangeError`.
 *
 * @example
 * ```ts
 * resolveOptions({}).zoneName; // 'saasprovider.com'
 * ```
 */
export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const zoneName = text('zoneName', options.zoneName, 'saasprovider.com', DNS_NAME, A_DNS_NAME).toLowerCase();
  const rateLimit = requestBudget(options.rateLimit);
  const issuanceLimit = options.issuanceLimit ?? { perMinute: 15 };
  if (issuanceLimit) positive('issuanceLimit.perMinute', issuanceLimit.perMinute);
  return {
    zoneId: text(
      'zoneId',
      options.zoneId,
      DEFAULT_ZONE_ID,
      /^[0-9a-f]{32}$/i,
      '32 hexadecimal digits, as Cloudflare’s',
    ),
    zoneName,
    cnameTarget: text('cnameTarget', options.cnameTarget, `customers.${zoneName}`, DNS_NAME, A_DNS_NAME).toLowerCase(),
    apiToken: options.apiToken ?? DEFAULT_API_TOKEN,
    apiKey: options.apiKey ?? DEFAULT_API_KEY,
    email: options.email ?? `owner@${zoneName}`,
    seed: options.seed ?? 1,
    rateLimit,
    issuanceLimit,
    quota: {
      // 0 is a zone without custom hostnames in its plan: creates answer 403 / 1404.
      allocated: atLeastZero('quota.allocated', options.quota?.allocated ?? 100),
      hardCap: atLeastZero('quota.hardCap', options.quota?.hardCap ?? 50_000),
    },
    entitlements: {
      customMetadata: flag('entitlements.customMetadata', options.entitlements?.customMetadata),
      customOriginServer: flag('entitlements.customOriginServer', options.entitlements?.customOriginServer),
    },
    validationRecordsDelayMs: duration('validationRecordsDelayMs', options.validationRecordsDelayMs, 10_000),
    fallbackOriginDeployMs: duration('fallbackOriginDeployMs', options.fallbackOriginDeployMs, 60_000),
    issuanceMs: duration('issuanceMs', options.issuanceMs, 30_000),
    deploymentMs: duration('deploymentMs', options.deploymentMs, 30_000),
  };
}
