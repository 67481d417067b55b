import { CloudflareSaaS, type MigrationStep } from '../../../src/index.js';
import { createSimulator, type Simulator, VirtualClock } from '../../../src/testing/index.js';

export const HOST = 'shop.customer-two.com';

export function setup(opts: Parameters<typeof createSimulator>[0] = {}) {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }), ...opts });
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
  // Live elsewhere: the hostname resolves to the customer's current origin, not to us.
  sim.world.setRecord('A', HOST, '203.0.113.10');
  const saas = new CloudflareSaaS(sim.clientOptions());
  return { sim, saas };
}

/** A diligent user: does every step the flow yields, at once. Returns the steps and the end. */
export async function runDiligently(
  sim: Simulator,
  flow: AsyncGenerator<MigrationStep, unknown, undefined>,
  extra?: (step: MigrationStep) => void | Promise<void>,
): Promise<{ steps: MigrationStep[]; error: unknown; at: Record<string, number> }> {
  const steps: MigrationStep[] = [];
  const at: Record<string, number> = {};
  let error: unknown;
  try {
    for await (const step of flow) {
      steps.push(step);
      at[step.type] ??= sim.clock.now();
      if (step.type === 'publish_ownership_txt') sim.world.addRecord('TXT', step.record.name, step.record.value);
      if (step.type === 'serve_dcv_token') sim.world.serveHttp(step.url, step.body);
      if (step.type === 'switch_cname') {
        sim.world.removeRecord('A', HOST);
        sim.world.setRecord('CNAME', HOST, step.record.value);
      }
      await extra?.(step);
    }
  } catch (e) {
    error = e;
  }
  return { steps, error, at };
}

/** Every step of a migration that starts from nothing, in order. */
export const ALL_STEPS: readonly MigrationStep['type'][] = [
  'created',
  'publish_ownership_txt',
  'ownership_verified',
  'serve_dcv_token',
  'certificate_active',
  'switch_cname',
  'traffic_switched',
];
