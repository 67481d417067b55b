/**
 * Shared by the examples: a client on the real API when CLOUDFLARE_API_TOKEN and
 * CLOUDFLARE_ZONE_ID are set (CLOUDFLARE_CNAME_TARGET optional: the fallback origin by
 * default), otherwise on the embedded simulator with its virtual clock.
 */
import { CloudflareSaaS } from 'cloudflare-custom-hostnames';
import { createSimulator, type Simulator, VirtualClock } from 'cloudflare-custom-hostnames/testing';

export interface Connection {
  saas: CloudflareSaaS;
  /** Present on the simulator only: the customer's world, the clock, the request log. */
  sim: Simulator | undefined;
  mode: 'cloudflare' | 'simulator';
  cnameTarget: string;
  /** Virtual time since start, as "+1h 02m 03s" (wall time on the real API). */
  elapsed(): string;
}

export async function connect(): Promise<Connection> {
  const env = process.env;
  if (env.CLOUDFLARE_API_TOKEN && env.CLOUDFLARE_ZONE_ID) {
    // Customers may CNAME to any proxied name in the SaaS zone: without CLOUDFLARE_CNAME_TARGET,
    // the zone's fallback origin is the target.
    const cnameTarget = env.CLOUDFLARE_CNAME_TARGET || (await CloudflareSaaS.fromEnv().fallbackOrigin.get()).origin;
    if (!cnameTarget) throw new Error('set CLOUDFLARE_CNAME_TARGET (or a fallback origin) for customers to CNAME to');
    const saas = CloudflareSaaS.fromEnv(undefined, { cnameTarget });
    const start = Date.now();
    return { saas, sim: undefined, mode: 'cloudflare', cnameTarget, elapsed: () => format(Date.now() - start) };
  }
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  const saas = new CloudflareSaaS(sim.clientOptions());
  const start = sim.clock.now();
  return { saas, sim, mode: 'simulator', cnameTarget: sim.cnameTarget, elapsed: () => format(sim.clock.now() - start) };
}

function format(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `+${h}h ${String(m).padStart(2, '0')}m ${String(s % 60).padStart(2, '0')}s`;
}
