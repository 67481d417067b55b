/**
 * What a wait resolves with is typed by what it waited for: type-checked by
 * `npm run typecheck` (each `@ts-expect-error` line fails it if the type turns wider or
 * narrower than it should), and run by vitest on the simulator.
 */
import { describe, expect, it } from 'vitest';
import {
  CloudflareSaaS,
  type CustomHostname,
  isServing,
  type PollState,
  type ServingCustomHostname,
  type WaitUntilActiveOptions,
} from '../../src/index.js';
import { createSimulator, VirtualClock } from '../../src/testing/index.js';

const HOST = 'app.customer-five.com';

async function setup() {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
  const saas = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false });
  const host = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
  sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
  return { saas, host };
}

describe('waitUntilActive result type', () => {
  it('a wait for serving resolves with a serving hostname: ssl and both statuses typed as active', async () => {
    const { saas, host } = await setup();
    let saved: PollState | undefined;
    const active = await saas.validation.waitUntilActive(host.id, {
      recheck: 'never',
      onProgress: (e) => (saved = e.state),
    });
    const sslStatus: 'active' = active.ssl.status;
    const status: 'active' | 'active_redeploying' = active.status;
    expect([status, sslStatus]).toEqual(['active', 'active']);

    // Explicitly `until: 'serving'`, even when resuming, is serving too.
    const again: ServingCustomHostname = await saas.validation.waitUntilActive(host.id, {
      resumeFrom: saved as PollState,
      until: 'serving',
    });
    expect(again.ssl.status).toBe('active');
  });

  it('waits that may end before the certificate serves keep the wide type', async () => {
    const { saas, host } = await setup();
    const owned = await saas.validation.waitUntilActive(host.id, { recheck: 'never', until: 'ownership' });
    // @ts-expect-error waiting for ownership alone: the certificate may still be pending.
    const sslStatus: 'active' = owned.ssl?.status;
    expect(owned.status).toBe('active');
    expect(sslStatus).not.toBe(undefined);

    // Options typed as the whole options type may say `until: 'ownership'`.
    const options: WaitUntilActiveOptions = { recheck: 'never' };
    const wide = await saas.validation.waitUntilActive(host.id, options);
    // @ts-expect-error options of the wide type: the result is a CustomHostname.
    const narrowed: ServingCustomHostname = wide;
    expect(isServing(narrowed)).toBe(true);
  });

  it('isServing narrows a hostname read by get()', async () => {
    const { saas, host } = await setup();
    await saas.validation.waitUntilActive(host.id, { recheck: 'never' });
    const read: CustomHostname = await saas.customHostnames.get(host.id);
    if (!isServing(read)) throw new Error('not serving');
    const sslStatus: 'active' = read.ssl.status;
    expect(sslStatus).toBe('active');
  });
});
