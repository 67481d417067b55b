import { expect, it } from 'vitest';
import { HOST, runDiligently, setup } from './helpers.js';

// Reference §6.5: a no-change PATCH restarts the validation schedules (hostname and DCV) with a
// check at once. migrate() sends that PATCH after publish_ownership_txt, so its waits count
// the schedule from the PATCH, not from created_at: the certificate Cloudflare issues within
// ~2 minutes is seen then, and switch_cname (the customer's next action) is not held back.
it('migrate sees the certificate soon after Cloudflare issues it when the customer took a day to add the TXT', async () => {
  const { sim, saas } = setup();
  const { steps, error, at } = await runDiligently(sim, saas.validation.migrate({ hostname: HOST }), async (step) => {
    if (step.type === 'created') await sim.clock.advance(24 * 3_600_000); // the customer adds the TXT a day later
  });
  expect(error).toBeUndefined();
  const dcvPass = sim.checks.find((c) => c.kind === 'certificate' && c.passed)?.at as number;
  const activeAt = dcvPass + 60_000; // issuance 30 s + deployment 30 s in the simulator
  const lateBy = (at.certificate_active as number) - activeAt;
  expect(steps.map((s) => s.type)).toContain('certificate_active');
  expect(
    lateBy / 60_000,
    `certificate_active reported ${(lateBy / 60_000).toFixed(1)} min after the certificate was active`,
  ).toBeLessThan(5);
});

// The default deadline of the waits follows the restarted schedule too (§6.5, §9.1: 7.2 days
// from the PATCH; MigrationOptions.deadline: "each wait ends where Cloudflare's validation
// schedule would"), not created_at + 624,663 s, which would leave a week-old hostname ~5 h.
it('migrate on a week-old pending hostname does not give up long before Cloudflare would', async () => {
  const { sim, saas } = setup();
  await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
  await sim.clock.advance(7 * 86_400_000); // created a week ago, never validated (still pending)
  expect(sim.hostname(HOST)?.status).toBe('pending');
  const { steps, error, at } = await runDiligently(sim, saas.validation.migrate({ hostname: HOST }), (step) => {
    if (step.type === 'publish_ownership_txt') {
      // the customer's DNS host publishes the record 8 hours later than promised
      sim.world.removeRecord('TXT', step.record.name);
      sim.world.addRecord('TXT', step.record.name, step.record.value, { at: sim.clock.now() + 8 * 3_600_000 });
    }
  });
  const endedAfterH = (sim.clock.now() - (at.publish_ownership_txt as number)) / 3_600_000;
  await sim.clock.advance(86_400_000);
  expect(sim.hostname(HOST)?.status, 'Cloudflare (restarted schedule) validates ownership').toBe('active');
  expect(
    error,
    `gave up ${endedAfterH.toFixed(1)} h after the recheck; steps ${steps.map((s) => s.type).join(', ')}; ${String(error)}`,
  ).toBeUndefined();
});

// migrate() sends its recheck as soon as it has published the TXT, within seconds of creating
// the hostname, before the certificate's DCV records appear: the certificate's schedule still
// starts with the records, and the waits must look after its checks, not after the PATCH's.
it.each([2, 30])(
  'migrate sees the certificate 2 s after it is active when the TXT goes live %i h after the recheck',
  async (hours) => {
    const { sim, saas } = setup();
    const { error, at } = await runDiligently(sim, saas.validation.migrate({ hostname: HOST }), (step) => {
      if (step.type === 'publish_ownership_txt') {
        sim.world.removeRecord('TXT', step.record.name);
        sim.world.addRecord('TXT', step.record.name, step.record.value, { at: sim.clock.now() + hours * 3_600_000 });
      }
    });
    expect(error).toBeUndefined();
    const dcvPass = sim.checks.find((c) => c.kind === 'certificate' && c.passed)?.at as number;
    expect((at.certificate_active as number) - (dcvPass + 60_000)).toBe(2_000);
  },
);
