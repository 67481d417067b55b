/**
 * `cloudflare-custom-hostnames/testing`: an in-memory Cloudflare for SaaS API to test
 * onboarding code against, with a virtual clock, a simulated customer world and faults.
 * Edge-safe: no Node-only imports (the loopback server is `…/testing/node`).
 *
 * @example
 * ```ts
 * import { createSimulator, VirtualClock } from 'cloudflare-custom-hostnames/testing';
 * const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
 * ```
 * @module
 */
export { VirtualClock } from './clock.js';
export { createSimulator } from './simulator.js';
export type {
  CheckLogEntry,
  CustomerWorld,
  DnsType,
  FaultMatch,
  FaultSpec,
  Faults,
  RequestLogEntry,
  Simulator,
  SimulatorClientOptions,
  SimulatorOptions,
  WorldChangeOptions,
} from './types.js';
