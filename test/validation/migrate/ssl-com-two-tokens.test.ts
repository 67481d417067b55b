import { expect, it } from 'vitest';
import { HOST, runDiligently, setup } from './helpers.js';

// Reference §6.3: "SSL.com issues an RSA and an ECDSA certificate with separate DCV cycles —
// both token sets (one validation_records entry per certificate type) must be placed."
it('migrate with certificate_authority ssl_com hands out every HTTP DCV token', async () => {
  const { sim, saas } = setup();
  const deadline = sim.clock.now() + 2 * 86_400_000;
  const flow = saas.validation.migrate({ hostname: HOST, ssl: { certificate_authority: 'ssl_com' } }, { deadline });
  const { steps, error } = await runDiligently(sim, flow);
  const served = steps.filter((s) => s.type === 'serve_dcv_token').map((s) => (s as { url: string }).url);
  const first = steps.find((s) => s.type === 'serve_dcv_token');
  const records = first?.hostname.ssl?.validation_records ?? [];
  expect(records.length).toBe(2); // the simulator lists two tokens (RSA + ECDSA)
  expect(served).toEqual(records.map((r) => r.http_url));
  expect(error).toBeUndefined();
  expect(steps.map((s) => s.type)).toContain('certificate_active');
});
