import { expect, it } from 'vitest';
import type { FaultSpec } from '../../../src/testing/index.js';
import { ALL_STEPS, HOST, runDiligently, setup } from './helpers.js';

// docs/migration.md: transient API failures (429, 5xx, network) "are retried and never end the
// flow". That holds for the flow's own PATCHes too: the recheck sent after the ownership TXT
// only makes Cloudflare look sooner, so when it fails the flow waits for Cloudflare's schedule.
// [name, fault, PATCHes seen (status@s), ownership_verified at s]. A lost answer landed:
// Cloudflare checked at once. A refused one did not: the first scheduled retry (60 s) passes,
// read 2 s later. Either way the certificate is active 132 s in (its schedule starts with the
// records, before the first retry).
const BURSTS: [string, FaultSpec, string[], number][] = [
  ['a lost answer', { kind: 'lose-response', method: 'PATCH' }, ['0@0'], 0],
  ['503 ×6', { kind: 'status', status: 503, method: 'PATCH', times: 6 }, ['503@0'], 62],
  [
    '429 ×3 (Retry-After 20)',
    { kind: 'status', status: 429, method: 'PATCH', times: 3, headers: { 'retry-after': '20' } },
    ['429@0'],
    62,
  ],
  ['a dropped connection ×4', { kind: 'drop', method: 'PATCH', times: 4 }, ['0@0'], 62],
];

it.each(BURSTS)(
  '%s on the recheck after publish_ownership_txt does not end the migration',
  async (_, fault, patches, owned) => {
    const { sim, saas } = setup();
    const t0 = sim.clock.now();
    const { steps, error, at } = await runDiligently(
      sim,
      saas.validation.migrate({ hostname: HOST }, { intervalMs: 1_000 }),
      (step) => {
        if (step.type === 'created') sim.faults.inject(fault);
      },
    );
    expect(error).toBeUndefined();
    expect(steps.map((s) => s.type)).toEqual(ALL_STEPS);
    const sent = sim.requests.filter((r) => r.method === 'PATCH').map((r) => `${r.status}@${(r.at - t0) / 1000}`);
    expect(sent).toEqual(patches);
    expect(((at.ownership_verified ?? 0) - t0) / 1000).toBe(owned);
    expect(((at.certificate_active ?? 0) - t0) / 1000).toBe(132);
    expect(sim.hostname(HOST)?.ssl?.status).toBe('active');
  },
);
