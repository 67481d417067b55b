import { expect, it } from 'vitest';
import { ValidationFailedError } from '../../../src/index.js';
import { HOST, runDiligently, setup } from './helpers.js';

// docs/migration.md: "Failures later throw like waitUntilActive (ValidationFailedError, …)";
// waitUntilActive turns a hostname deleted mid-wait into ValidationFailedError reason
// 'deleted' (reference §7.1: 404/1436 "treat as gone (polling: stop)").

it('a hostname deleted while migrate waits for the customer to switch the CNAME is a failure, not traffic_switched', async () => {
  const { sim, saas } = setup();
  const { steps, error } = await runDiligently(sim, saas.validation.migrate({ hostname: HOST }), async (step) => {
    // Deleted (by an operator, a cleanup job, or Cloudflare) before the customer's CNAME lands.
    if (step.type === 'switch_cname') await saas.customHostnames.delete(step.hostname.id);
  });
  expect(sim.hostname(HOST)).toBeUndefined();
  expect(
    steps.map((s) => s.type),
    'the flow reports the switch as done for a hostname that no longer exists',
  ).not.toContain('traffic_switched');
  expect(error).toBeInstanceOf(ValidationFailedError);
});

it('a hostname deleted while migrate looks for the HTTP DCV token is ValidationFailedError(deleted)', async () => {
  const { sim, saas } = setup();
  // The customer adds the TXT at once, so ownership passes before ssl.validation_records
  // exist (they appear ~10 s after creation) and the flow is in its token loop.
  const flow = saas.validation.migrate({ hostname: HOST }, { intervalMs: 1_000 });
  const first = await flow.next(); // created
  const host = (first.value as { hostname: { id: string; ownership_verification?: { name?: string; value?: string } } })
    .hostname;
  sim.world.addRecord('TXT', host.ownership_verification?.name as string, host.ownership_verification?.value as string);
  // publish_ownership_txt → recheck passes at once → ownership_verified; tokens may not be there yet
  let step = await flow.next();
  while (!step.done && (step.value as { type: string }).type !== 'ownership_verified') step = await flow.next();
  const hadToken = (sim.hostname(HOST)?.ssl?.validation_records ?? []).length > 0;
  await saas.customHostnames.delete(host.id);
  const error = await flow.next().catch((e: unknown) => e);
  expect(hadToken, 'setup: the flow must be in the token loop').toBe(false);
  expect(error).toBeInstanceOf(ValidationFailedError);
  expect(error).toMatchObject({ verdict: { reason: 'deleted' } });
});
