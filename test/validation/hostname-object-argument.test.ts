import { expect, it } from 'vitest';
import { CloudflareSaaS, InputError } from '../../src/index.js';
import { createSimulator } from '../../src/testing/index.js';

const HOST = 'app.customer-one.com';

/** A client on the simulator, and a hostname created through it whose customer's CNAME is in place. */
async function created() {
  const sim = createSimulator({ rateLimit: false });
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`);
  sim.world.setRecord('CNAME', HOST, sim.cnameTarget);
  const saas = new CloudflareSaaS(sim.clientOptions());
  const host = await saas.customHostnames.create({ hostname: HOST, ssl: { method: 'http', type: 'dv' } });
  const sent = () => sim.requests.filter((r) => r.kind === 'api').map((r) => `${r.method} ${r.path.split('?')[0]}`);
  return { sim, saas, host, sent, byId: `GET /zones/${sim.zoneId}/custom_hostnames/${host.id}` };
}

it('waitUntilActive takes the hostname create returned, and reads it by its id', async () => {
  const { saas, host, sent, byId } = await created();
  const before = sent().length;
  const active = await saas.validation.waitUntilActive(host, { recheck: 'never' });
  expect([active.id, active.status, active.ssl.status]).toEqual([host.id, 'active', 'active']);
  expect(new Set(sent().slice(before))).toEqual(new Set([byId]));
});

it('instructions and resolve take it too, and read it anew rather than trust the copy given', async () => {
  const { sim, saas, host, sent, byId } = await created();
  await sim.clock.advance(20_000); // the DCV records are in by now; the copy create returned has none
  const before = sent().length;
  const fresh = await saas.validation.resolve(host);
  expect(host.ssl?.validation_records ?? []).toEqual([]);
  expect(fresh.ssl?.validation_records?.length).toBe(1);
  expect(await saas.validation.instructions(host)).toEqual(await saas.validation.instructions(host.id));
  expect(sent().slice(before)).toEqual([byId, byId, byId]);
});

it('an object without a custom hostname id is an InputError on idOrHostname, and nothing is sent', async () => {
  const { saas, sent } = await created();
  const before = sent().length;
  for (const value of [{ hostname: HOST }, { id: 42 }, { id: 'not an id' }]) {
    const error = await saas.validation.waitUntilActive(value as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).field).toBe('idOrHostname');
    expect((error as InputError).message).toContain('without a custom hostname id');
  }
  expect(sent().length).toBe(before);
});
