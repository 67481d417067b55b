import { expect, it } from 'vitest';
import { CloudflareSaaS } from '../../../src/index.js';
import { createSimulator, VirtualClock } from '../../../src/testing/index.js';

// The flow's own switch_cname record for an apex hostname carries the note "At the zone apex
// use CNAME flattening, or an ALIAS/ANAME record" (instructions.ts). A flattened CNAME or an
// ALIAS answers public DNS with A/AAAA records, never a CNAME, so the confirmation step
// must also accept A/AAAA records that are the target's own addresses.
it('migrate confirms the switch of an apex hostname done the way its own note says (CNAME flattening)', async () => {
  const APEX = 'customer-two.com';
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
  sim.world.setRecord('A', APEX, '203.0.113.10');
  sim.world.setRecord('A', sim.cnameTarget, '104.16.1.1'); // what the SaaS target resolves to
  const saas = new CloudflareSaaS(sim.clientOptions());
  const deadline = sim.clock.now() + 86_400_000;
  let note: string | undefined;
  const types: string[] = [];
  let error: unknown;
  try {
    for await (const step of saas.validation.migrate({ hostname: APEX }, { deadline, intervalMs: 600_000 })) {
      types.push(step.type);
      if (step.type === 'publish_ownership_txt') sim.world.addRecord('TXT', step.record.name, step.record.value);
      if (step.type === 'serve_dcv_token') sim.world.serveHttp(step.url, step.body);
      if (step.type === 'switch_cname') {
        note = step.record.note;
        // CNAME flattening: the apex now answers with the target's addresses.
        sim.world.setRecord('A', APEX, '104.16.1.1');
      }
    }
  } catch (e) {
    error = e;
  }
  expect(note).toMatch(/flattening/);
  expect(error, `steps ${types.join(', ')}; ${String(error)}`).toBeUndefined();
  expect(types).toContain('traffic_switched');
});
