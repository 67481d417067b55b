/**
 * Transient API faults for the property tests of the wait and the watch: which ones, and a
 * fetch in front of the simulator that arms the nth one for the nth matching request.
 */
import fc from 'fast-check';
import type { FaultSpec, Simulator } from '../../src/testing/index.js';

/** `arb`, or `undefined` (a scenario without that event). */
export const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** A 503, a 429 with `Retry-After` (1–120 s), a dropped connection or a lost answer. */
export const transientFault: fc.Arbitrary<FaultSpec> = fc.oneof(
  fc.constant<FaultSpec>({ kind: 'status', status: 503 }),
  fc
    .integer({ min: 1, max: 120 })
    .map<FaultSpec>((s) => ({ kind: 'status', status: 429, headers: { 'retry-after': String(s) } })),
  fc.constant<FaultSpec>({ kind: 'drop' }),
  fc.constant<FaultSpec>({ kind: 'lose-response' }),
);

/** Up to `max` faults, each on the request of that index among those `faulting` counts. */
export const faultPlan = (max: number): fc.Arbitrary<[number, FaultSpec][]> =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), transientFault), { maxLength: max });

/**
 * `sim.fetch`, with the fault of `plan` armed for the request of its index among those that
 * `counts` (method and path after `/client/v4`) selects. `faulted()` says how many were armed.
 */
export function faultingFetch(
  sim: Simulator,
  plan: readonly [number, FaultSpec][],
  counts: (method: string, path: string) => boolean,
) {
  const byIndex = new Map(plan);
  let seen = 0;
  let faulted = 0;
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname.replace('/client/v4', '');
    if (counts(request.method, path)) {
      const fault = byIndex.get(seen++);
      if (fault) {
        faulted += 1;
        sim.faults.inject({ ...fault, method: request.method, path } as FaultSpec);
      }
    }
    return sim.fetch(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, faulted: () => faulted };
}
