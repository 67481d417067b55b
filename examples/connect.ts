/**
 * Shared by the examples: a client on the real API when CLOUDFLARE_ZONE_ID and credentials
 * (CLOUDFLARE_API_TOKEN, or CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL) are set, on the embedded
 * simulator with its virtual clock when none of them is; anything in between exits with 2.
 * CLOUDFLARE_CNAME_TARGET is optional (default: DEMO_FALLBACK_ORIGIN, else the zone's fallback
 * origin). Says on stderr which backend it uses.
 */
import { CloudflareSaaS, NotFoundError } from 'cloudflare-custom-hostnames';
import { createSimulator, type Simulator, VirtualClock } from 'cloudflare-custom-hostnames/testing';

export interface Connection {
  saas: CloudflareSaaS;
  /** Present on the simulator only: the customer's world, the clock, the request log. */
  sim: Simulator | undefined;
  mode: 'cloudflare' | 'simulator';
  cnameTarget: string;
  /** Virtual time since start, as "+1h 02m 03s" (wall time on the real API). */
  elapsed(): string;
  /** The hostname to work on: DEMO_HOSTNAME, required on the real API; `builtIn` by default on the simulator. */
  demoHostname(builtIn: string): string;
}

// An email alone says nothing (other tools read it too); a token, a key or a zone asks for the API.
const SETTINGS = ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_API_KEY', 'CLOUDFLARE_ZONE_ID'];

export async function connect(): Promise<Connection> {
  const env = process.env;
  if (!SETTINGS.some((key) => env[key])) {
    console.error('using the embedded simulator (virtual clock)');
    const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
    const saas = new CloudflareSaaS(sim.clientOptions());
    const start = sim.clock.now();
    const elapsed = () => format(sim.clock.now() - start);
    const demoHostname = (builtIn: string) => env.DEMO_HOSTNAME || builtIn;
    return { saas, sim, mode: 'simulator', cnameTarget: sim.cnameTarget, elapsed, demoHostname };
  }

  const missing: string[] = [];
  if (!env.CLOUDFLARE_API_TOKEN && !(env.CLOUDFLARE_API_KEY && env.CLOUDFLARE_EMAIL)) {
    missing.push('CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY and CLOUDFLARE_EMAIL)');
  }
  if (!env.CLOUDFLARE_ZONE_ID) missing.push('CLOUDFLARE_ZONE_ID');
  if (missing.length > 0) {
    fail(`to use the Cloudflare API, set ${missing.join(' and ')}; to use the simulator, unset ${SETTINGS.join(', ')}`);
  }
  // Customers may CNAME to any proxied name in the SaaS zone: without CLOUDFLARE_CNAME_TARGET,
  // the fallback origin the demo is asked to set, or else the zone's current one.
  const cnameTarget =
    env.CLOUDFLARE_CNAME_TARGET || env.DEMO_FALLBACK_ORIGIN || (await zoneFallbackOrigin(CloudflareSaaS.fromEnv()));
  if (!cnameTarget) {
    fail(
      'the zone has no fallback origin: set CLOUDFLARE_CNAME_TARGET to the name customers CNAME to, or ' +
        'DEMO_FALLBACK_ORIGIN to a proxied name in the zone for `npm run demo` to make it the fallback origin',
    );
  }
  console.error(`using the Cloudflare API, zone ${env.CLOUDFLARE_ZONE_ID}; customers CNAME to ${cnameTarget}`);
  const saas = CloudflareSaaS.fromEnv(undefined, { cnameTarget });
  const start = Date.now();
  const elapsed = () => format(Date.now() - start);
  const demoHostname = () =>
    env.DEMO_HOSTNAME ||
    fail('set DEMO_HOSTNAME to a hostname you control: the example creates it as a custom hostname in your zone');
  return { saas, sim: undefined, mode: 'cloudflare', cnameTarget, elapsed, demoHostname };
}

/** The zone's fallback origin, or undefined when it has none (a 404). */
async function zoneFallbackOrigin(saas: CloudflareSaaS): Promise<string | undefined> {
  try {
    return (await saas.fallbackOrigin.get()).origin || undefined;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/** Bad usage or setup: prints what to change, and exits with 2. */
export function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function format(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `+${h}h ${String(m).padStart(2, '0')}m ${String(s % 60).padStart(2, '0')}s`;
}
