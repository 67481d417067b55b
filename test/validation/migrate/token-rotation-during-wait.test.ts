import { expect, it } from 'vitest';
import { HOST, runDiligently, setup } from './helpers.js';

// Reference §6.5: a no-change PATCH "starts a new DCV cycle with fresh tokens — always re-read
// ssl.validation_records after a recheck PATCH"; §6.3: tokens also become invalid after a
// validation failure, when Universal SSL is toggled, etc. If the records change while migrate()
// waits for the certificate, the token the current origin serves is dead: the flow must hand
// out the new one (another serve_dcv_token), not wait out the whole schedule on the old one.
it('migrate hands out the new DCV token when validation_records change during the certificate wait', async () => {
  const { sim, saas } = setup();
  const start = sim.clock.now();
  const deadline = start + 86_400_000;
  let rotated = false;
  const { steps, error } = await runDiligently(
    sim,
    saas.validation.migrate({ hostname: HOST }, { deadline }),
    async (step) => {
      if (step.type === 'serve_dcv_token' && !rotated) {
        rotated = true;
        // Something else refreshes the hostname (a dashboard "Refresh", a support action, a
        // recheck by another worker) before Cloudflare's next DCV check: the tokens rotate.
        await saas.validation.recheck(step.hostname.id);
      }
    },
  );
  const served = steps.filter((s) => s.type === 'serve_dcv_token').length;
  expect(served, `steps: ${steps.map((s) => s.type).join(', ')}; ended with ${String(error)}`).toBeGreaterThan(1);
  expect(error).toBeUndefined();
});

it("migrate passes every snapshot of both waits to the caller's onProgress", async () => {
  const { sim, saas } = setup();
  const seen: string[] = [];
  const flow = saas.validation.migrate(
    { hostname: HOST },
    { onProgress: (e) => seen.push(`${e.hostname.status}/${e.hostname.ssl?.status}`) },
  );
  const { error } = await runDiligently(sim, flow);
  expect(error).toBeUndefined();
  // The ownership wait ends at its first snapshot (after the flow's recheck); the certificate
  // wait follows, reading 2 s after the DCV check that passes (its schedule starts with the
  // records, after the recheck), then while Cloudflare issues and deploys.
  expect(seen).toEqual([
    'active/initializing',
    'active/pending_validation',
    'active/pending_issuance',
    'active/pending_deployment',
    'active/active',
  ]);
});
