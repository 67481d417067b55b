/**
 * Contract, dynamic mode: Prism (`-d`) answers every call with a fresh random body that is
 * valid against the spec (random strings, numbers, enum values, optional fields, extra
 * properties in free-form objects). Hundreds per operation must parse, unchanged, and every
 * request must still pass Prism's validation. DELETEs carry `{}` (see the static contract:
 * the spec requires a body there that the API does not need).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractClient, OPERATIONS, rawResult, recordingFetch } from './operations.js';
import { type RunningPrism, startPrism } from './prism.js';

const RUNS = Number(process.env.CONTRACT_RUNS ?? 200);

let prism: RunningPrism;

beforeAll(async () => {
  prism = await startPrism({ dynamic: true });
  console.info(`prism (dynamic) answered ${prism.startupMs} ms after spawn`);
}, 60_000);

afterAll(async () => {
  await prism?.close();
});

describe(`${RUNS} random schema-valid answers per operation`, () => {
  it.each(OPERATIONS)(
    '$name: every answer parses unchanged',
    async (operation) => {
      const recorder = recordingFetch({ deleteBody: true });
      const saas = contractClient(prism.url, 'token', recorder.fetch);
      const bodies = new Set<string>();
      let refused = 0;
      for (let run = 0; run < RUNS; run++) {
        recorder.exchanges.length = 0;
        let value: unknown;
        try {
          value = await operation.call(saas);
        } catch (error) {
          if (operation.refusal?.(error, recorder.exchanges[0]) && recorder.exchanges.length === 1) {
            refused += 1;
            expect(recorder.exchanges[0]?.violations).toEqual([]);
            continue;
          }
          throw new Error(`run ${run}: ${String(error)}\n${recorder.exchanges.at(-1)?.body ?? ''}`);
        }
        expect(recorder.exchanges.map((e) => e.violations)).toEqual(operation.requests.map(() => []));
        const last = recorder.exchanges.at(-1);
        bodies.add(last?.body ?? '');
        if (operation.compare !== 'none') {
          expect(value).toStrictEqual(JSON.parse(JSON.stringify(rawResult(operation, last))));
        }
      }
      if (refused > 0) console.info(`${operation.name}: ${refused} of ${RUNS} answers refused as documented`);
      // The answers really were random, not one example replayed, and most could be used.
      expect(bodies.size).toBeGreaterThan((RUNS - refused) * 0.9);
      expect(refused).toBeLessThan(RUNS * 0.9);
    },
    120_000,
  );
});
