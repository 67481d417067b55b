/**
 * `cloudflare-custom-hostnames/testing/node`: the simulator over real HTTP on 127.0.0.1,
 * for Node only. Workers and other edge runtimes use `sim.fetch` from `…/testing`.
 *
 * @example
 * ```ts
 * import { createSimulator } from 'cloudflare-custom-hostnames/testing';
 * import { listen } from 'cloudflare-custom-hostnames/testing/node';
 * const server = await listen(createSimulator());
 * ```
 * @module
 */
export { type ListeningClientOptions, type ListeningSimulator, listen } from './testing/node-server.js';
