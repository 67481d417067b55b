/**
 * The main job, end to end: set the fallback origin, create a customer's hostname, tell the
 * customer what to add, (on the simulator) play the customer adding it 40 minutes later,
 * and follow both validations until the hostname is serving.
 *
 *   npm run demo                       # on the embedded simulator
 *   CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ZONE_ID=… DEMO_HOSTNAME=app.yourcustomer.com npm run demo
 *
 * On the real API, DEMO_FALLBACK_ORIGIN=<a proxied name in the zone> also sets the fallback origin.
 */
import { renderText, renderZoneFile } from 'cloudflare-custom-hostnames';
import { connect } from './connect.js';

const { saas, sim, mode, cnameTarget, elapsed, demoHostname } = await connect();
const hostname = demoHostname('app.northwind-traders.com');
const log = (line: string) => console.log(`${elapsed().padStart(13)}  ${line}`);

// 1. The fallback origin: where custom-hostname traffic goes.
const fallback = mode === 'simulator' ? `proxy-fallback.${sim?.zoneName}` : (process.env.DEMO_FALLBACK_ORIGIN ?? '');
if (fallback) {
  await saas.fallbackOrigin.update({ origin: fallback });
  const active = await saas.fallbackOrigin.waitUntilActive();
  log(`fallback origin ${active.origin} is ${active.status}`);
}

// 2. The customer's hostname, idempotently.
const { hostname: host, outcome } = await saas.customHostnames.createOrGet({
  hostname,
  ssl: { method: 'http', type: 'dv', settings: { min_tls_version: '1.2' } },
});
log(`custom hostname ${host.hostname} ${outcome} (id ${host.id}): status ${host.status}, ssl ${host.ssl?.status}`);

// 3. What the customer must do.
const todo = await saas.validation.instructions(host.id, { cnameTarget });
log('records for the customer:');
console.log(`\n${renderZoneFile(todo)}\n`);
console.log(`${renderText(todo)}\n`);

// 4. On the simulator, the customer adds the CNAME 40 minutes from now.
if (sim) {
  sim.world.setRecord('CNAME', hostname, cnameTarget, { at: sim.clock.now() + 40 * 60_000 });
  log('(simulated) the customer will add the CNAME at +40 min');
}

// 5. Wait for both validations, at Cloudflare's own check times.
const active = await saas.validation.waitUntilActive(host.id, {
  recheck: 'auto',
  onProgress: (e) => {
    const next =
      e.verdict.state === 'active' || !e.nextCheckAt ? '' : `; Cloudflare checks again ${until(e.nextCheckAt)}`;
    log(`hostname ${e.hostname.status}, ssl ${e.hostname.ssl?.status} → ${e.verdict.state}${next}`);
  },
});
log(`✔ ${active.hostname} is serving: hostname ${active.status}, certificate ${active.ssl?.status}`);
if (sim) {
  const apiCalls = sim.requests.filter((r) => r.kind === 'api').length;
  log(`Cloudflare API calls made: ${apiCalls}; validation checks Cloudflare ran: ${sim.checks.length}`);
}

function until(at: number): string {
  const now = sim ? sim.clock.now() : Date.now();
  return `in ${Math.max(0, Math.round((at - now) / 1000))} s`;
}
