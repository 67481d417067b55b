import { expect, it } from 'vitest';
import { PollTimeoutError } from '../../../src/index.js';
import { ALL_STEPS, HOST, runDiligently, setup } from './helpers.js';

// docs/migration.md: `deadline` (epoch ms; PollTimeoutError after it). With a long interval the
// watch for the CNAME switch sleeps only up to the deadline, and gives up there, not up to an
// interval later.
it('a customer who never switches the CNAME ends the flow at the deadline, not after a whole interval', async () => {
  const { sim, saas } = setup();
  const t0 = sim.clock.now();
  const deadline = t0 + 2 * 3_600_000;
  const { steps, error } = await runDiligently(
    sim,
    saas.validation.migrate({ hostname: HOST }, { intervalMs: 600_000, deadline }),
    (step) => {
      if (step.type !== 'switch_cname') return;
      // The customer never switches: the hostname stays on its current origin.
      sim.world.removeRecord('CNAME', HOST);
      sim.world.setRecord('A', HOST, '203.0.113.10');
    },
  );
  expect(steps.map((s) => s.type)).toEqual(ALL_STEPS.slice(0, -1)); // no traffic_switched
  expect(error).toBeInstanceOf(PollTimeoutError);
  expect((error as PollTimeoutError).deadline).toBe(deadline);
  expect(sim.clock.now() - t0).toBe(7_200_000);
});

it('a DCV token that never shows up ends the flow at the deadline, not after a whole interval', async () => {
  const { sim, saas } = setup({ validationRecordsDelayMs: 86_400_000 });
  const t0 = sim.clock.now();
  const deadline = t0 + 2 * 3_600_000;
  const { steps, error } = await runDiligently(
    sim,
    saas.validation.migrate({ hostname: HOST }, { intervalMs: 700_000, deadline }),
  );
  expect(steps.map((s) => s.type)).toEqual(ALL_STEPS.slice(0, 3));
  expect(error).toBeInstanceOf(PollTimeoutError);
  expect((error as PollTimeoutError).deadline).toBe(deadline);
  expect(sim.clock.now() - t0).toBe(7_200_000);
});
