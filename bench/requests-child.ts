/**
 * One request run in a fresh process: `total` GETs of one hostname with one client,
 * `inFlight` at a time, after a warm-up of 500; prints { cpuUs, wallMs } as JSON, where
 * cpuUs is this process's user + system CPU time over the measured part.
 *
 *   node --expose-gc --import tsx bench/requests-child.ts <ours|official|raw|raw-timeout|raw-timeout-zod> <total> <inFlight> '<server json>'
 */
import Cloudflare from 'cloudflare';

import { CloudflareSaaS, CustomHostnameSchema } from './lib/ours.js';

const [variant, totalArg, inFlightArg, json] = process.argv.slice(2);
const server = JSON.parse(json as string) as { baseUrl: string; zoneId: string; apiToken: string; id: string };
const total = Number(totalArg);
const inFlight = Number(inFlightArg);

function client(): () => Promise<unknown> {
  if (variant === 'ours') {
    const saas = new CloudflareSaaS({
      apiToken: server.apiToken,
      zoneId: server.zoneId,
      baseUrl: server.baseUrl,
      rateLimit: false,
    });
    return () => saas.customHostnames.get(server.id);
  }
  if (variant === 'official') {
    const cf = new Cloudflare({ apiToken: server.apiToken, baseURL: server.baseUrl });
    return () => cf.customHostnames.get(server.id, { zone_id: server.zoneId });
  }
  const url = `${server.baseUrl}/zones/${server.zoneId}/custom_hostnames/${server.id}`;
  const headers = { authorization: `Bearer ${server.apiToken}` };
  if (variant === 'raw-timeout' || variant === 'raw-timeout-zod') {
    // The second is the first plus this package's zod check of the hostname: what the
    // validation alone costs in a request, apart from the rest of the call.
    const check =
      variant === 'raw-timeout-zod'
        ? (result: unknown) => CustomHostnameSchema.parse(result)
        : (result: unknown) => result;
    return async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      try {
        return check(JSON.parse(await (await fetch(url, { headers, signal: controller.signal })).text()).result);
      } finally {
        clearTimeout(timer);
      }
    };
  }
  return async () => JSON.parse(await (await fetch(url, { headers })).text()).result;
}

async function run(get: () => Promise<unknown>, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await get();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

const get = client();
await run(get, 500);
(globalThis as { gc?: () => void }).gc?.();
const cpu = process.cpuUsage();
const started = performance.now();
await run(get, total);
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ cpuUs: used.user + used.system, wallMs })}\n`);
