import { CloudflareSaaS, type CloudflareSaaSOptions } from '../../src/index.js';
import { createSimulator, type Simulator, type SimulatorOptions, VirtualClock } from '../../src/testing/index.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/** A simulator with an active fallback origin, and a client on it. */
export function fleet(
  simOptions: SimulatorOptions = {},
  clientOptions: Partial<CloudflareSaaSOptions> = {},
): { sim: Simulator; saas: CloudflareSaaS; t0: number } {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }), ...simOptions });
  sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
  const saas = new CloudflareSaaS({
    apiToken: sim.apiToken,
    zoneId: sim.zoneId,
    fetch: sim.fetch,
    clock: sim.clock,
    cnameTarget: sim.cnameTarget,
    dohResolver: sim.dohUrl,
    ...clientOptions,
  });
  return { sim, saas, t0: sim.clock.now() };
}

/** `shop.customer-<n>.com` for n in [from, from + count). */
export function names(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `shop.customer-${from + i}.com`);
}

/** Create parameters for automatic HTTP DCV. */
export function items(hostnames: readonly string[]) {
  return hostnames.map((hostname) => ({ hostname, ssl: { method: 'http' as const, type: 'dv' as const } }));
}

/** The customer points the hostname at the SaaS zone at `at`. */
export function pointAt(sim: Simulator, hostname: string, at: number): void {
  sim.world.setRecord('CNAME', hostname, sim.cnameTarget, { at });
}

/** API requests seen so far, by kind: POST creates, list pages, single GETs. */
export function countRequests(sim: Simulator, since = 0) {
  const api = sim.requests.slice(since).filter((r) => r.kind === 'api');
  const list = api.filter((r) => r.method === 'GET' && r.path === `/zones/${sim.zoneId}/custom_hostnames`);
  return {
    total: api.length,
    creates: api.filter((r) => r.method === 'POST').length,
    lists: list.filter((r) => r.query.hostname === undefined).length,
    lookups: list.filter((r) => r.query.hostname !== undefined).length,
    gets: api.filter((r) => r.method === 'GET' && /\/custom_hostnames\/[0-9a-f-]{36}$/.test(r.path)).length,
    limited: api.filter((r) => r.status === 429).length,
  };
}
