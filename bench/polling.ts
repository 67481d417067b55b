/**
 * Polling efficiency on the simulator's virtual clock (in-process; deterministic, so one
 * run each): a customer fixes their DNS (the CNAME) 1 minute, 1 hour or 1 day after the
 * hostname was created. Compared: this package's waitUntilActive with `recheck: 'never'`
 * (with the default 2 s margin, and with 12 s), with `recheck: 'auto'` (diagnosis over the
 * simulator's DNS-over-HTTPS), and a fixed 30-second polling loop. Counted: API calls while waiting, Cloudflare's checks and the
 * rechecks sent, the DNS change → the first check that passed (what a recheck shortens), and
 * lags from (a) the first check that passed, (b) the moment the hostname was serving
 * (certificate check passed + the simulator's 30 s issuance + 30 s deployment), (c) the DNS
 * change, to the moment the caller learns "active".
 */
import { CloudflareSaaS } from '../src/index.js';
import { createSimulator, VirtualClock } from '../src/testing/index.js';
import { fixed, table, verdict } from './lib/stats.js';

const HOSTNAME = 'shop.customer-one.com';
const ISSUANCE_AND_DEPLOYMENT_MS = 60_000;
const DELAYS = [
  ['1 min', 60_000],
  ['1 h', 3_600_000],
  ['1 day', 86_400_000],
] as const;
const STRATEGIES = [
  "waitUntilActive, recheck: 'never'",
  "waitUntilActive, recheck: 'never', marginMs: 12 s",
  "waitUntilActive, recheck: 'auto'",
  'fixed 30 s loop',
] as const;

interface Outcome {
  delay: string;
  strategy: string;
  apiCalls: number;
  dohQueries: number;
  checks: number;
  rechecks: number;
  dnsToPassS: number;
  lagFirstPassS: number;
  lagServingS: number;
  lagDnsS: number;
}

async function scenario(delay: string, delayMs: number, strategy: (typeof STRATEGIES)[number]): Promise<Outcome> {
  const sim = createSimulator({ clock: new VirtualClock({ autoAdvance: true }) });
  sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
  const saas = new CloudflareSaaS({
    apiToken: sim.apiToken,
    zoneId: sim.zoneId,
    fetch: sim.fetch,
    clock: sim.clock,
    cnameTarget: sim.cnameTarget,
    dohResolver: sim.dohUrl,
  });
  const host = await saas.customHostnames.create({ hostname: HOSTNAME, ssl: { method: 'http', type: 'dv' } });
  const fixedAt = sim.clock.now() + delayMs;
  sim.world.setRecord('CNAME', HOSTNAME, sim.cnameTarget, { at: fixedAt });
  const mark = sim.requests.length;
  if (strategy === 'fixed 30 s loop') {
    for (;;) {
      const now = await saas.customHostnames.get(host.id);
      if (now.status === 'active' && now.ssl?.status === 'active') break;
      await sim.clock.sleep(30_000);
    }
  } else {
    await saas.validation.waitUntilActive(host.id, {
      recheck: strategy.includes('auto') ? 'auto' : 'never',
      ...(strategy.includes('marginMs') ? { marginMs: 12_000 } : {}),
    });
  }
  const learnedAt = sim.clock.now();
  const sent = sim.requests.slice(mark);
  const checks = sim.checks.filter((c) => c.at <= learnedAt);
  const firstPass = checks.find((c) => c.passed)?.at as number;
  const hostnamePass = checks.find((c) => c.kind === 'hostname' && c.passed)?.at as number;
  const certificatePass = checks.find((c) => c.kind === 'certificate' && c.passed)?.at as number;
  const servingAt = Math.max(hostnamePass, certificatePass + ISSUANCE_AND_DEPLOYMENT_MS);
  return {
    delay,
    strategy,
    apiCalls: sent.filter((r) => r.kind === 'api').length,
    dohQueries: sent.filter((r) => r.kind === 'doh').length,
    checks: checks.length,
    rechecks: sent.filter((r) => r.method === 'PATCH').length,
    dnsToPassS: (firstPass - fixedAt) / 1000,
    lagFirstPassS: (learnedAt - firstPass) / 1000,
    lagServingS: (learnedAt - servingAt) / 1000,
    lagDnsS: (learnedAt - fixedAt) / 1000,
  };
}

export async function measurePolling(): Promise<{ markdown: string; outcomes: Outcome[] }> {
  const outcomes: Outcome[] = [];
  for (const [delay, ms] of DELAYS)
    for (const strategy of STRATEGIES) outcomes.push(await scenario(delay, ms, strategy));
  const ours = outcomes.filter((o) => o.strategy !== 'fixed 30 s loop');
  const never = outcomes.filter((o) => o.strategy === "waitUntilActive, recheck: 'never'");
  const margin = outcomes.filter((o) => o.strategy.includes('marginMs'));
  const auto = outcomes.filter((o) => o.strategy.includes('auto'));
  const worst = (list: Outcome[], key: keyof Outcome) => Math.max(...list.map((o) => o[key] as number));
  const overBudget = ours.filter((o) => o.apiCalls > o.checks + o.rechecks);
  const markdown = [
    table(
      [
        'DNS fixed after',
        'strategy',
        'API calls',
        "Cloudflare's checks",
        'rechecks',
        'DoH queries',
        'DNS change → passing check (s)',
        'lag after first passing check (s)',
        'lag after serving (s)',
        'DNS change → caller learns active (s)',
      ],
      outcomes.map((o) => [
        o.delay,
        o.strategy,
        o.apiCalls,
        o.checks,
        o.rechecks,
        o.dohQueries,
        fixed(o.dnsToPassS, 0),
        fixed(o.lagFirstPassS, 0),
        fixed(o.lagServingS, 0),
        fixed(o.lagDnsS, 0),
      ]),
    ),
    '',
    "Checks are every hostname and certificate check the simulator ran until the caller learned \"active\". A recheck is the documented no-change PATCH (plus the GET before it, unless the wait read the hostname moments before). 'DNS change → passing check' ends at the first check that passed (the one a recheck brings forward). The simulator issues and deploys a certificate in 30 s + 30 s after its check passes, so no caller can learn \"active\" sooner than 60 s after the first passing check; 'lag after serving' starts when a GET would first have answered active, and 'DNS change → caller learns active' is the sum of the passing-check delay and the lag after it.",
    '',
    `- Detection lag ≤ 2 s after the activating check (read as: after the hostname was serving), recheck: 'never', default margin: ${verdict(worst(never, 'lagServingS') <= 2)} (worst ${fixed(worst(never, 'lagServingS'), 0)} s; after the first passing check: worst ${fixed(worst(never, 'lagFirstPassS'), 0)} s). With \`marginMs: 12_000\` (looks 12 s after each check): worst ${fixed(worst(margin, 'lagServingS'), 0)} s.`,
    `- With auto-recheck, Cloudflare's passing check ≤ 60 s after the DNS change: ${verdict(worst(auto, 'dnsToPassS') <= 60)} (worst ${fixed(worst(auto, 'dnsToPassS'), 0)} s). End to end, DNS change → caller learns active, which adds the simulator's ${ISSUANCE_AND_DEPLOYMENT_MS / 1000} s of issuance and deployment after the passing check, ≤ ${60 + ISSUANCE_AND_DEPLOYMENT_MS / 1000} s: ${verdict(worst(auto, 'lagDnsS') <= 60 + ISSUANCE_AND_DEPLOYMENT_MS / 1000)} (worst ${fixed(worst(auto, 'lagDnsS'), 0)} s); "active" itself ≤ 60 s after the DNS change cannot be met while issuance and deployment alone take ${ISSUANCE_AND_DEPLOYMENT_MS / 1000} s.`,
    `- Never more API calls than Cloudflare's checks plus rechecks: ${verdict(overBudget.length === 0)}${overBudget.length ? ` (over in: ${overBudget.map((o) => `${o.delay}, ${o.strategy}`).join('; ')})` : ''}.`,
  ].join('\n');
  return { markdown, outcomes };
}
