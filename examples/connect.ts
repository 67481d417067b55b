/**
 * Shared by the examples: a client on the real API when CLOUDFLARE_API_TOKEN and
 * CLOUDFLARE_ZONE_ID are set, otherwise on the embedded simulator with its virtual clock.
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

export function connect(): Connection {
  const env = process.env;
  if (env.CLOUDFLARE_API_TOKEN && env.CLOUDFLARE_ZONE_ID) {
    const cnameTarget = env.CLOUDFLARE_CNAME_TARGET ?? '';
    if (!cnameTarget) throw new Error('set CLOUDFLARE_CNAME_TARGET to the hostname your customers CNAME to');
    const saas = CloudflareSaaS.fromEnv();
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
