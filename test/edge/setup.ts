import { CloudflareSaaS } from '../../src/index.js';
import { createSimulator, type Simulator, VirtualClock } from '../../src/testing/index.js';

/** Virtual start of every scenario: 2026-01-05 09:00 UTC. */
export const T0 = Date.parse('2026-01-05T09:00:00Z');
export const MINUTE = 60_000;

declare module 'vitest' {
  export interface ProvidedContext {
    /** Which runtime project runs the file: set by `provide` in vitest.config.ts. */
    runtime: 'edge-runtime' | 'workerd';
  }
}

/** A simulator on an auto-advancing virtual clock and a client wired to it through `sim.fetch`. */
export function onSimulator(): { sim: Simulator; saas: CloudflareSaaS } {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true, start: T0 }) });
  const saas = new CloudflareSaaS({
    apiToken: sim.apiToken,
    zoneId: sim.zoneId,
    fetch: sim.fetch,
    clock: sim.clock,
    cnameTarget: sim.cnameTarget,
    dohResolver: sim.dohUrl,
  });
  return { sim, saas };
}

/** API calls the simulator saw, as `METHOD path-after-the-zone`. */
export function apiCalls(sim: Simulator): string[] {
  const zone = `/zones/${sim.zoneId}`;
  return sim.requests.filter((r) => r.kind === 'api').map((r) => `${r.method} ${r.path.replace(zone, '')}`);
}
