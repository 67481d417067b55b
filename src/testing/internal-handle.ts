import type { Outcome } from './api.js';
import type { Simulator } from './types.js';

/**
 * How a transport hands one request to a simulator and gets an {@link Outcome} back.
 *
 * @example
 * ```ts
 * const outcome = await handlerOf(sim)(new Request(url), signal);
 * ```
 */
export type RequestHandler = (request: Request, signal?: AbortSignal) => Promise<Outcome>;

const handlers = new WeakMap<Simulator, RequestHandler>();

/**
 * Registers the request handler of a simulator (done by `createSimulator`).
 *
 * @example
 * ```ts
 * registerHandler(sim, handle);
 * ```
 */
export function registerHandler(simulator: Simulator, handler: RequestHandler): void {
  handlers.set(simulator, handler);
}

/**
 * The request handler behind a simulator, for transports other than `sim.fetch` (the loopback server).
 *
 * @example
 * ```ts
 * const handle = handlerOf(sim);
 * ```
 */
export function handlerOf(simulator: Simulator): RequestHandler {
  const handler = handlers.get(simulator);
  if (!handler) throw new TypeError('not a simulator made by createSimulator()');
  return handler;
}
