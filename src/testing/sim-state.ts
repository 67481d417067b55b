import { type CheckEnvironment, dcvVerdict, ownershipVerdict } from './checks.js';
import type { SimContext, SimState } from './context.js';
import { HostnameEngine } from './engine.js';
import { fallbackStatusAt } from './fallback-state.js';
import { newTokens } from './hostname-factory.js';
import { IdSource } from './ids.js';
import { IssuanceBudget, RequestBudget } from './limits.js';
import type { SimulatedWorld } from './world.js';

/** Addresses the CNAME target answers with (Cloudflare anycast ranges). @example `TARGET_ADDRESSES.A` */
export const TARGET_ADDRESSES = { A: '104.16.132.229', AAAA: '2606:4700::6810:84e5' } as const;

/**
 * A fresh state for a simulator: seeded ids, the world emptied (except the CNAME target, which
 * resolves like Cloudflare's edge), no hostnames, no fallback origin.
 *
 * @example
 * ```ts
 * ctx.state = createState(ctx, new SimulatedWorld(() => clock.now()));
 * ```
 */
export function createState(ctx: SimContext, world: SimulatedWorld): SimState {
  const { config } = ctx;
  const ids = new IdSource(config.seed);
  world.clear();
  for (const type of ['A', 'AAAA'] as const) {
    world.setRecord(type, config.cnameTarget, TARGET_ADDRESSES[type], { at: Number.NEGATIVE_INFINITY });
  }
  const env: CheckEnvironment = {
    world,
    zoneName: config.zoneName,
    fallbackStatusAt: (at) => fallbackStatusAt(ctx.state.fallback, at, config.fallbackOriginDeployMs),
    delegationTarget: (hostname) => ctx.delegationTarget(hostname),
  };
  const issuance = config.issuanceLimit ? new IssuanceBudget(config.issuanceLimit.perMinute) : undefined;
  const engine = new HostnameEngine({
    issuanceMs: config.issuanceMs,
    deploymentMs: config.deploymentMs,
    ownership: (host, at) => ownershipVerdict(host, at, env),
    dcv: (host, at) => dcvVerdict(host, at, env),
    newTokens: (host) => newTokens(ctx, host),
  });
  return {
    ids,
    world,
    engine,
    fallback: undefined,
    requestBudget: config.rateLimit
      ? new RequestBudget(config.rateLimit.requests, config.rateLimit.windowMs, config.rateLimit.blockMs)
      : undefined,
    addressBudget: config.rateLimit ? new RequestBudget(config.rateLimit.perSecond, 1000) : undefined,
    issuance,
    dcvUuid: ids.hex(32),
    seeded: 0,
    nextSeq: 0,
  };
}
