import { expect, it } from 'vitest';
import { HOST, runDiligently, setup } from './helpers.js';

// docs/migration.md: "Failures later throw like waitUntilActive", and waitUntilActive's
// transient API failures (429, 5xx, network) "are retried and never end the wait"
// (docs/validation.md): the flow's own token loop retries them the same way.
it('a short 503 burst while migrate looks for the DCV token does not end the migration', async () => {
  const { sim, saas } = setup();
  const { steps, error } = await runDiligently(
    sim,
    saas.validation.migrate({ hostname: HOST }, { intervalMs: 1_000 }),
    (step) => {
      if (step.type === 'ownership_verified') {
        // A brief Cloudflare incident on reads, right when the flow polls for the token.
        sim.faults.inject({ kind: 'status', status: 503, method: 'GET', times: 6 });
      }
    },
  );
  expect(error, `steps ${steps.map((s) => s.type).join(', ')}; ${String(error)}`).toBeUndefined();
});
