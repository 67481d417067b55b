/**
 * Pre-validation by TXT: the customer proves ownership and lets the certificate issue with
 * TXT records only, before any traffic moves. The CNAME comes last, when everything is ready.
 *
 *   npx tsx examples/txt-prevalidation.ts
 *   CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ZONE_ID=… DEMO_HOSTNAME=app.yourcustomer.com npx tsx examples/txt-prevalidation.ts
 */
import { renderZoneFile } from 'cloudflare-custom-hostnames';
import { connect } from './connect.js';

const { saas, sim, cnameTarget, elapsed, demoHostname } = await connect();
const hostname = demoHostname('shop.contoso-outfitters.com');
const log = (line: string) => console.log(`${elapsed().padStart(13)}  ${line}`);

if (sim) sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });

// TXT DCV: the certificate can issue before the hostname points at us.
const { hostname: host } = await saas.customHostnames.createOrGet({ hostname, ssl: { method: 'txt', type: 'dv' } });
const todo = await saas.validation.instructions(host.id, { cnameTarget });
// Optional beside a CNAME to us; before it, as here, both are needed.
const txt = todo.records.filter((r) => r.type === 'TXT').map((r) => ({ ...r, optional: false }));
log(`${txt.length} TXT records to add before moving traffic:`);
console.log(`\n${renderZoneFile({ ...todo, records: txt })}\n`);

// On the simulator, the customer adds both TXT records 2 hours later.
if (sim) {
  const at = sim.clock.now() + 2 * 3_600_000;
  for (const r of txt) sim.world.addRecord('TXT', r.name, r.value, { at });
  log('(simulated) the customer adds the TXT records at +2 h');
}

const active = await saas.validation.waitUntilActive(host.id, {
  recheck: 'auto',
  onProgress: (e) => log(`${e.verdict.state}: ${e.verdict.reason}`),
});
log(`✔ ${active.hostname}: hostname ${active.status}, certificate ${active.ssl?.status} — before any traffic moved`);
log(`now the customer switches: ${hostname} CNAME ${cnameTarget}`);
