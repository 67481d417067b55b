/**
 * A client wired to a fresh simulator, in-process (`fetch: sim.fetch`) or over loopback HTTP
 * (`listen(sim)` on 127.0.0.1 and the runtime's own fetch), with token or key+email auth,
 * and an {@link Exposure} that records every hook payload for the secrets scan.
 */
import { CloudflareSaaS, type CloudflareSaaSOptions } from '../../src/index.js';
import { createSimulator, type RequestLogEntry, type Simulator, VirtualClock } from '../../src/testing/index.js';
import { listen } from '../../src/testing-node.js';
import { Exposure, type Secrets } from './secret-scan.js';

export type Transport = 'in-process' | 'loopback';
export type Auth = 'token' | 'key+email';

export const TRANSPORTS: readonly Transport[] = ['in-process', 'loopback'];
export const AUTHS: readonly Auth[] = ['token', 'key+email'];

/** Every combination the matrix runs under. */
export const COMBINATIONS = TRANSPORTS.flatMap((transport) => AUTHS.map((auth) => ({ transport, auth })));

export interface Rig {
  sim: Simulator;
  saas: CloudflareSaaS;
  exposure: Exposure;
  secrets: Secrets;
  /** API requests the simulator saw (DoH and customer HTTP left out). */
  apiRequests(): RequestLogEntry[];
  close(): Promise<void>;
}

export interface RigOptions {
  transport: Transport;
  auth: Auth;
  client?: Partial<CloudflareSaaSOptions>;
  clock?: VirtualClock;
}

/**
 * A simulator, a client on it, and the recording hooks.
 *
 * @example
 * ```ts
 * const rig = await makeRig({ transport: 'loopback', auth: 'token' });
 * try { await rig.saas.customHostnames.quota(); } finally { await rig.close(); }
 * ```
 */
export async function makeRig(options: RigOptions): Promise<Rig> {
  const sim = createSimulator({ clock: options.clock ?? new VirtualClock({ autoAdvance: true }) });
  const server = options.transport === 'loopback' ? await listen(sim) : undefined;
  const exposure = new Exposure();
  const credentials = options.auth === 'token' ? { apiToken: sim.apiToken } : { apiKey: sim.apiKey, email: sim.email };
  const saas = new CloudflareSaaS({
    ...credentials,
    zoneId: sim.zoneId,
    clock: sim.clock,
    cnameTarget: sim.cnameTarget,
    ...(server
      ? { baseUrl: server.baseUrl, dohResolver: server.dohUrl }
      : { fetch: sim.fetch, dohResolver: sim.dohUrl }),
    hooks: exposure.hooks(),
    ...options.client,
  });
  return {
    sim,
    saas,
    exposure,
    secrets: { apiToken: sim.apiToken, apiKey: sim.apiKey, email: sim.email },
    apiRequests: () => sim.requests.filter((r) => r.kind === 'api'),
    close: async () => {
      await server?.close();
    },
  };
}

/** Virtual ms between consecutive requests. */
export function gaps(requests: readonly RequestLogEntry[]): number[] {
  return requests.slice(1).map((r, i) => r.at - (requests[i] as RequestLogEntry).at);
}

/** Settles a promise into a value or the error, for exact assertions on either. */
export async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}
