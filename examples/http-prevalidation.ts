/**
 * Pre-validation by HTTP token: the customer (or their current host) serves two small files
 * over plain HTTP — the ownership token and the certificate's DCV token — and both
 * validations pass before the DNS changes.
 *
 *   npx tsx examples/http-prevalidation.ts
 *   CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ZONE_ID=… DEMO_HOSTNAME=app.yourcustomer.com npx tsx examples/http-prevalidation.ts
 */
import { connect } from './connect.js';

const { saas, sim, cnameTarget, elapsed, demoHostname } = await connect();
const hostname = demoHostname('portal.adventure-works.com');
const log = (line: string) => console.log(`${elapsed().padStart(13)}  ${line}`);

if (sim) {
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
  sim.world.setRecord('A', hostname, '203.0.113.10'); // live on its current host today, which serves the files
}

const { hostname: host } = await saas.customHostnames.createOrGet({ hostname, ssl: { method: 'http', type: 'dv' } });
const todo = await saas.validation.instructions(host.id, { cnameTarget });
const files = todo.records.filter((r) => r.type === 'HTTP');
for (const f of files) log(`serve over plain HTTP (${f.purpose}): ${f.name}\n${' '.repeat(15)}body: ${f.value}`);

if (sim) {
  for (const f of files) sim.world.serveHttp(f.name, f.value, { at: sim.clock.now() + 30 * 60_000 });
  log('(simulated) the files go live at +30 min');
}

const active = await saas.validation.waitUntilActive(host.id, {
  recheck: 'never',
  onProgress: (e) => log(`${e.verdict.state}: ${e.verdict.reason}`),
});
log(`✔ ${active.hostname}: hostname ${active.status}, certificate ${active.ssl?.status}; the DNS can move now`);
