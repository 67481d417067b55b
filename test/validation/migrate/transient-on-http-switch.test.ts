import { expect, it } from 'vitest';
import type { FaultSpec } from '../../../src/testing/index.js';
import { ALL_STEPS, HOST, runDiligently, setup } from './helpers.js';

// docs/migration.md: a hostname found with another DCV method is switched to `http` with one
// PATCH, and transient API failures (429, 5xx, network) "are retried and never end the flow".
// The switch is retried like a wait's reads; after a failed one the hostname is read first,
// and a switch that landed behind a lost answer is not sent again.
async function existingTxtHostname(fault: FaultSpec) {
  const { sim, saas } = setup();
  const created = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'txt', type: 'dv' } });
  const ov = created.ownership_verification;
  sim.world.addRecord('TXT', ov?.name as string, ov?.value as string);
  await sim.clock.advance(120_000); // ownership passes at the 60 s check
  expect(sim.hostname(HOST)?.status).toBe('active');
  const t0 = sim.clock.now();
  const { steps, error } = await runDiligently(sim, saas.validation.migrate({ hostname: HOST }), (step) => {
    if (step.type === 'ownership_verified') sim.faults.inject(fault);
  });
  const patches = sim.requests
    .filter((r) => r.method === 'PATCH' && r.at >= t0)
    .map((r) => `${r.status}@${(r.at - t0) / 1000}`);
  return { sim, steps, error, patches };
}

// No publish_ownership_txt: the hostname is active already.
const STEPS = ALL_STEPS.filter((t) => t !== 'publish_ownership_txt');

it('503 ×3 on the switch to http DCV is retried after 1 s, 2 s and 4 s', async () => {
  const { sim, steps, error, patches } = await existingTxtHostname({
    kind: 'status',
    status: 503,
    method: 'PATCH',
    times: 3,
  });
  expect(error).toBeUndefined();
  expect(steps.map((s) => s.type)).toEqual(STEPS);
  expect(patches).toEqual(['503@0', '503@1', '503@3', '200@7']);
  expect(sim.hostname(HOST)?.ssl?.method).toBe('http');
});

it('a switch to http DCV whose answer was lost is read back, not sent again', async () => {
  const { sim, steps, error, patches } = await existingTxtHostname({ kind: 'lose-response', method: 'PATCH' });
  expect(error).toBeUndefined();
  expect(steps.map((s) => s.type)).toEqual(STEPS);
  expect(patches).toEqual(['0@0']);
  expect(sim.hostname(HOST)?.ssl?.method).toBe('http');
});

it('503 ×2 on the PATCH that renews timed-out DCV tokens is retried, and the new token handed out', async () => {
  const { sim, saas } = setup();
  const created = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
  const ov = created.ownership_verification;
  sim.world.addRecord('TXT', ov?.name as string, ov?.value as string);
  await sim.clock.advance(15 * 86_400_000); // GTS tokens die after 14 days
  const stale = sim.hostname(HOST)?.ssl?.validation_records?.[0]?.http_url;
  expect(sim.hostname(HOST)?.ssl?.status).toBe('validation_timed_out');
  const t0 = sim.clock.now();
  const { steps, error } = await runDiligently(sim, saas.validation.migrate({ hostname: HOST }), (step) => {
    if (step.type === 'ownership_verified')
      sim.faults.inject({ kind: 'status', status: 503, method: 'PATCH', times: 2 });
  });
  expect(error).toBeUndefined();
  expect(steps.map((s) => s.type)).toEqual(STEPS);
  const patches = sim.requests
    .filter((r) => r.method === 'PATCH' && r.at >= t0)
    .map((r) => `${r.status}@${(r.at - t0) / 1000}`);
  expect(patches).toEqual(['503@0', '503@1', '200@3']);
  expect((steps[2] as { url: string }).url).not.toBe(stale);
});
