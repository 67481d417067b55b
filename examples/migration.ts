/**
 * Zero-downtime migration: the customer's hostname is live on another provider. Prove
 * ownership by TXT, get the certificate issued by serving the HTTP token on the CURRENT
 * origin, and switch the CNAME only once the certificate is active.
 *
 *   npx tsx examples/migration.ts
 *   CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ZONE_ID=… DEMO_HOSTNAME=www.yourcustomer.com npx tsx examples/migration.ts
 */
import { connect } from './connect.js';

const { saas, sim, elapsed, demoHostname } = await connect();
const hostname = demoHostname('www.fabrikam-coffee.com');
const log = (line: string) => console.log(`${elapsed().padStart(13)}  ${line}`);

if (sim) {
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
  sim.world.setRecord('A', hostname, '203.0.113.10'); // live elsewhere today
}

for await (const step of saas.validation.migrate({ hostname })) {
  switch (step.type) {
    case 'created':
      log(`custom hostname ${step.hostname.hostname} ${step.outcome}`);
      break;
    case 'publish_ownership_txt':
      log(`customer: add TXT ${step.record.name} = ${step.record.value} (traffic stays where it is)`);
      sim?.world.addRecord('TXT', step.record.name, step.record.value); // the customer does it
      break;
    case 'ownership_verified':
      log('Cloudflare verified ownership by TXT');
      break;
    case 'serve_dcv_token':
      log(`current origin: serve ${JSON.stringify(step.body)} at ${step.url}`);
      sim?.world.serveHttp(step.url, step.body); // the current origin serves it
      break;
    case 'certificate_active':
      log(`certificate ${step.hostname.ssl?.status} on Cloudflare — safe to move traffic`);
      break;
    case 'switch_cname':
      log(`customer: switch ${step.record.name} to CNAME ${step.record.value}`);
      if (sim) {
        sim.world.removeRecord('A', hostname, { at: sim.clock.now() + 15 * 60_000 });
        sim.world.setRecord('CNAME', hostname, step.record.value, { at: sim.clock.now() + 15 * 60_000 });
      }
      break;
    case 'traffic_switched':
      log(`✔ ${hostname} now CNAMEs to us; it never served without a valid certificate`);
      break;
  }
}
