import { expect, it } from 'vitest';
import { CloudflareSaaS, renderText } from '../../../src/index.js';
import { createSimulator, VirtualClock } from '../../../src/testing/index.js';

// Reference §6.3: DCV tokens are valid 7 days (LE) / 14 days (GTS, SSL.com); after that the
// certificate is `validation_timed_out` and "Expired tokens → refresh with a PATCH and share the
// new validation_records". validation.instructions() must not list the dead tokens as records
// to publish.
it('instructions do not hand out the DCV tokens of a timed-out certificate', async () => {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
  const saas = new CloudflareSaaS(sim.clientOptions());
  const host = await saas.customHostnames.create({
    hostname: 'shop.customer-two.com',
    ssl: { method: 'txt', type: 'dv', certificate_authority: 'lets_encrypt' },
  });
  await sim.clock.advance(8 * 86_400_000); // LE tokens expired after 7 days
  const now = await saas.customHostnames.get(host.id);
  expect(now.ssl?.status).toBe('validation_timed_out');
  const dead = (now.ssl?.validation_records ?? []).map((r) => r.txt_value);

  const asked = sim.clock.now();
  const todo = await saas.validation.instructions(host.id);
  expect(sim.clock.now(), 'no wait for records that a recheck alone renews').toBe(asked);
  const offered = todo.records.filter((r) => r.purpose === 'certificate' && r.type === 'TXT').map((r) => r.value);
  expect(
    offered.filter((v) => dead.includes(v)),
    'expired DCV tokens offered to the customer',
  ).toEqual([]);
  expect(todo).toMatchObject({ complete: false, tokensExpired: true });
  expect(renderText(todo)).toContain('The certificate details have expired; we will send new ones shortly.');
});
