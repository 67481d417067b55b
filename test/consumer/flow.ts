/**
 * A consumer of the packed package: compiled with `strict` and `module: NodeNext` against the
 * installed tarball (see scripts/test-consumer.mjs), then run with Node. It goes through each
 * entry point the way an application or its tests would.
 */
import {
  CloudflareSaaS,
  ConflictError,
  type CustomHostname,
  isCloudflareSaaSError,
  type Verdict,
} from 'cloudflare-custom-hostnames';
import { createSimulator, type Simulator, VirtualClock } from 'cloudflare-custom-hostnames/testing';
import { type ListeningSimulator, listen } from 'cloudflare-custom-hostnames/testing/node';
import { classify, type Instructions, instructions, nextCheckAt } from 'cloudflare-custom-hostnames/validation';

const HOST = 'app.customer-one.com';

function fail(what: string, seen: unknown): never {
  throw new Error(`consumer: ${what} (saw ${JSON.stringify(seen)})`);
}

const sim: Simulator = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
sim.setFallbackOrigin('proxy-fallback.saasprovider.com');
const saas = new CloudflareSaaS({
  apiToken: sim.apiToken,
  zoneId: sim.zoneId,
  fetch: sim.fetch,
  clock: sim.clock,
  cnameTarget: sim.cnameTarget,
  dohResolver: sim.dohUrl,
});

const created: CustomHostname = await saas.customHostnames.create({
  hostname: HOST,
  ssl: { method: 'http', type: 'dv' },
});
const verdict: Verdict = classify(created);
if (verdict.state === 'active') fail('a new hostname is not active yet', verdict);
if (!(nextCheckAt(created, sim.clock.now()) instanceof Date)) fail('a pending hostname has a next check', created);

const todo: Instructions = await saas.validation.instructions(created.id);
if (
  instructions(await saas.customHostnames.get(created.id), { cnameTarget: sim.cnameTarget }).records[0]?.value !==
  sim.cnameTarget
) {
  fail('the pure instructions name the CNAME target', todo.records);
}
sim.world.setRecord('CNAME', HOST, sim.cnameTarget, { at: sim.clock.now() + 10 * 60_000 });
const active = await saas.validation.waitUntilActive(created.id);
if (active.status !== 'active' || active.ssl?.status !== 'active') fail('active after the CNAME', active.status);

// The same simulator over a real socket on 127.0.0.1, with Node's own fetch.
const server: ListeningSimulator = await listen(sim);
try {
  const overHttp = new CloudflareSaaS({ apiToken: sim.apiToken, zoneId: sim.zoneId, baseUrl: server.baseUrl });
  const duplicate: unknown = await overHttp.customHostnames.create({ hostname: HOST }).catch((error: unknown) => error);
  if (!(duplicate instanceof ConflictError && isCloudflareSaaSError(duplicate) && duplicate.code === 1406)) {
    fail('a duplicate create is a ConflictError 1406', duplicate);
  }
  const page = await overHttp.customHostnames.list();
  if (page.result.length !== 1) fail('one hostname listed', page.result.length);
} finally {
  await server.close();
}

console.log(`consumer flow ok: ${HOST} active at virtual ${new Date(sim.clock.now()).toISOString()}`);
