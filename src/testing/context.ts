import type { CustomHostname } from '../schemas/index.js';
import type { VirtualClock } from './clock.js';
import type { HostnameEngine } from './engine.js';
import type { FallbackState } from './fallback-state.js';
import type { IdSource } from './ids.js';
import type { IssuanceBudget, RequestBudget } from './limits.js';
import type { HostnameState } from './state.js';
import type { SimulatedWorld } from './world.js';

/**
 * Every option with its default applied.
 *
 * @example
 * ```ts
 * config.validationRecordsDelayMs; // 10_000
 * ```
 */
export interface ResolvedOptions {
  zoneId: string;
  zoneName: string;
  cnameTarget: string;
  apiToken: string;
  apiKey: string;
  email: string;
  seed: number;
  rateLimit: { requests: number; windowMs: number; blockMs: number; perSecond: number } | false;
  issuanceLimit: { perMinute: number } | false;
  quota: { allocated: number; hardCap: number };
  entitlements: { customMetadata: boolean; customOriginServer: boolean };
  validationRecordsDelayMs: number;
  fallbackOriginDeployMs: number;
  issuanceMs: number;
  deploymentMs: number;
}

/**
 * The mutable state of one simulator, shared by the handlers. Rebuilt by `reset()`.
 *
 * @example
 * ```ts
 * ctx.engine.find('app.customer-one.com');
 * ```
 */
export interface SimState {
  ids: IdSource;
  world: SimulatedWorld;
  engine: HostnameEngine;
  fallback: FallbackState | undefined;
  requestBudget: RequestBudget | undefined;
  /** The per-IP budget, requests a second (every call comes from one address). */
  addressBudget: RequestBudget | undefined;
  issuance: IssuanceBudget | undefined;
  dcvUuid: string;
  seeded: number;
  nextSeq: number;
}

/**
 * What handlers work with: options, clock and state.
 *
 * @example
 * ```ts
 * function handle(ctx: SimContext) { return ctx.render(ctx.state.engine.find(id)!); }
 * ```
 */
export interface SimContext {
  config: ResolvedOptions;
  clock: VirtualClock;
  state: SimState;
  /** The delegated-DCV CNAME target of a hostname. */
  delegationTarget(hostname: string): string;
  /** A hostname as GET renders it. */
  render(host: HostnameState): CustomHostname;
}
