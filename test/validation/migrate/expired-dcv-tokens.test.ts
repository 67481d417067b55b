import { expect, it } from 'vitest';
import { HOST, runDiligently, setup } from './helpers.js';

// Reference §6.3: "Expired tokens → refresh with a PATCH and share the new validation_records";
// §5.2: `validation_timed_out` is "retry via PATCH (same ssl)". docs/migration.md: a re-run
// picks the hostname up again. An existing hostname whose DCV tokens expired (ownership already
// verified) must get fresh tokens, not be told to serve the dead one and then fail.
it('migrate on a hostname whose DCV tokens expired refreshes them instead of failing', async () => {
  const { sim, saas } = setup();
  const created = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
  const ov = created.ownership_verification;
  sim.world.addRecord('TXT', ov?.name as string, ov?.value as string);
  await sim.clock.advance(15 * 86_400_000); // ownership passes at the next check; GTS tokens die after 14 days
  const before = sim.hostname(HOST);
  expect(before?.status).toBe('active');
  expect(before?.ssl?.status).toBe('validation_timed_out');
  const staleUrl = before?.ssl?.validation_records?.[0]?.http_url;

  const { steps, error } = await runDiligently(sim, saas.validation.migrate({ hostname: HOST }));
  const token = steps.find((s) => s.type === 'serve_dcv_token') as { url: string } | undefined;
  expect(token?.url, 'the flow hands out the expired token').not.toBe(staleUrl);
  expect(error, String(error)).toBeUndefined();
  expect(steps.map((s) => s.type)).toContain('certificate_active');
});
