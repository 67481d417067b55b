/**
 * A fleet report: every custom hostname of the zone, streamed page by page (1,000 per
 * request), grouped by verdict, with the customers who still have something to do.
 *
 *   npx tsx examples/fleet-report.ts
 */
import type { Verdict } from 'cloudflare-custom-hostnames';
import { connect } from './connect.js';

const { saas, sim } = await connect();

if (sim) {
  // A fleet to report on: 2,400 serving, 600 still waiting for their customer's DNS.
  sim.setFallbackOrigin(`proxy-fallback.${sim.zoneName}`, { active: true });
  sim.seedHostnames(2_400, { prefix: 'shop-', status: 'active' });
  sim.seedHostnames(600, { prefix: 'new-', status: 'pending' });
}

const started = sim ? sim.requests.length : 0;
const byState = new Map<Verdict['state'], number>();
const waiting: string[] = [];
for await (const host of saas.customHostnames.list({ per_page: 1000 })) {
  const verdict = saas.validation.classify(host);
  byState.set(verdict.state, (byState.get(verdict.state) ?? 0) + 1);
  if (verdict.state === 'waiting_on_customer' && waiting.length < 5) {
    waiting.push(`${host.hostname}: missing ${verdict.missing.join(', ')}`);
  }
}

const total = [...byState.values()].reduce((a, b) => a + b, 0);
console.log(`${total} custom hostnames`);
for (const [state, count] of [...byState].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${state.padEnd(22)} ${String(count).padStart(6)}  ${((100 * count) / total).toFixed(1)} %`);
}
if (waiting.length > 0) console.log(`\nfirst customers to chase:\n  ${waiting.join('\n  ')}`);
if (sim) console.log(`\n${sim.requests.length - started} list requests for ${total} hostnames`);
