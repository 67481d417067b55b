/**
 * Type-checked by `npm run typecheck` with `exactOptionalPropertyTypes` (as in
 * `@tsconfig/strictest`): forwarding a value that may be undefined into any option or
 * parameter of the public API compiles, as the runtime accepts it.
 */
import type {
  CloudflareSaaS,
  CreateCustomHostnameParams,
  CreateManyOptions,
  DiagnoseOptions,
  EditCustomHostnameParams,
  ListCustomHostnamesParams,
  RateGovernorOptions,
  RequestOptions,
  WaitUntilActiveOptions,
  WatchOptions,
} from '../../src/index.js';
import { createSimulator, type FaultSpec, type SimulatorOptions, VirtualClock } from '../../src/testing/index.js';
import { listen } from '../../src/testing-node.js';

export async function forwarded(
  saas: CloudflareSaaS,
  id: string,
  signal?: AbortSignal,
  timeout?: number,
  page?: number,
) {
  const request: RequestOptions = { signal, timeout, maxRetries: undefined, headers: undefined };
  await saas.customHostnames.get(id, { signal, timeout });
  const list: ListCustomHostnamesParams = { page, per_page: undefined, hostname: undefined };
  const create: CreateCustomHostnameParams = {
    hostname: 'app.customer-one.com',
    ssl: {
      method: 'txt',
      type: 'dv',
      settings: { min_tls_version: undefined, tls_1_3: undefined, http2: undefined, early_hints: undefined },
    },
    custom_metadata: undefined,
  };
  const edit: EditCustomHostnameParams = { ssl: undefined, custom_origin_server: undefined };
  const wait: WaitUntilActiveOptions = { signal, deadline: undefined, onProgress: undefined, recheck: undefined };
  await saas.validation.waitUntilActive(id, { signal, deadline: undefined });
  const many: CreateManyOptions = { signal, concurrency: undefined, onProgress: undefined };
  const watch: WatchOptions = { signal, deadline: undefined, requestsPerMinute: undefined };
  const diagnose: Partial<DiagnoseOptions> = { signal, timeoutMs: timeout, resolver: undefined };
  const governor: RateGovernorOptions = { requests: undefined, windowMs: undefined };
  const migration = saas.validation.migrate(
    { hostname: 'www.customer-one.com' },
    { signal, deadline: undefined, cnameTarget: undefined, resolver: undefined },
  );
  return [request, list, create, edit, wait, many, watch, diagnose, governor, migration];
}

/** The same for the simulator's options: a test forwarding its own optional settings compiles. */
export async function forwardedToTheSimulator(seed?: number, at?: number, port?: number) {
  const options: SimulatorOptions = {
    seed,
    clock: undefined,
    zoneName: undefined,
    rateLimit: { requests: 10, windowMs: 1000, blockMs: undefined, perSecond: undefined },
    quota: { allocated: undefined, hardCap: undefined },
    entitlements: { customMetadata: undefined, customOriginServer: undefined },
    issuanceMs: undefined,
  };
  const sim = createSimulator(options);
  sim.world.setRecord('CNAME', 'app.customer-one.com', sim.cnameTarget, { at });
  sim.world.removeRecord('CNAME', 'app.customer-one.com', { at, value: undefined });
  sim.world.serveHttp('http://app.customer-one.com/', 'ok', { at, status: undefined });
  sim.setFallbackOrigin('fallback.saasprovider.com', { active: undefined });
  sim.seedHostnames(1, { prefix: undefined, status: undefined });
  const fault: FaultSpec = { kind: 'status', status: 503, nth: undefined, times: undefined, code: undefined };
  sim.faults.inject(fault);
  const clock = new VirtualClock({ start: at, autoAdvance: undefined });
  const server = await listen(sim, { port, host: undefined });
  return [clock, server];
}
