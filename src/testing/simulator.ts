import type { CustomHostname, FallbackOrigin } from '../schemas/index.js';
import { API_PREFIX, handleApi, type Outcome } from './api.js';
import { authenticate } from './auth.js';
import { VirtualClock } from './clock.js';
import type { SimContext } from './context.js';
import { answerCustomerHttp, answerDoh } from './doh.js';
import { newFallback, renderFallback } from './fallback-state.js';
import type { RawAnswer } from './fault-answers.js';
import { FaultRegistry } from './faults.js';
import { newHostname } from './hostname-factory.js';
import { isoMicros } from './ids.js';
import { registerHandler } from './internal-handle.js';
import { resolveOptions } from './options.js';
import { renderHostname } from './render.js';
import { createState } from './sim-state.js';
import type { RequestLogEntry, Simulator, SimulatorOptions } from './types.js';
import { SimulatedWorld } from './world.js';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function toResponse(raw: RawAnswer): Response {
  const body = NULL_BODY_STATUSES.has(raw.status) ? null : raw.body;
  return new Response(body, { status: raw.status, headers: raw.headers });
}

/** Query parameters as a record; like `URLSearchParams.get`, the first value of a repeated name wins. */
function firstValues(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of params) if (!(name in out)) out[name] = value;
  return out;
}

function signalOf(input: string | URL | Request, init: RequestInit | undefined): AbortSignal | undefined {
  return init?.signal ?? (input instanceof Request ? input.signal : undefined);
}

/**
 * An in-memory Cloudflare for SaaS API, faithful to the reference: the custom hostname,
 * fallback origin, quota, certificate and DCV-uuid endpoints with their envelopes and error
 * codes, the published validation schedules run on a virtual clock against a simulated
 * customer world (DNS with history, a web server, DNS-over-HTTPS), rate limits and fault
 * injection. Imports no client code.
 *
 * @example
 * ```ts
 * import { createSimulator } from 'cloudflare-custom-hostnames/testing';
 * const sim = createSimulator();
 * sim.setFallbackOrigin(`fallback.${sim.zoneName}`);
 * const saas = new CloudflareSaaS({ apiToken: sim.apiToken, zoneId: sim.zoneId, fetch: sim.fetch, clock: sim.clock });
 * ```
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const config = resolveOptions(options);
  const clock = options.clock ?? new VirtualClock({ autoAdvance: true, start: Date.parse('2026-01-05T09:00:00Z') });
  const world = new SimulatedWorld(() => clock.now());
  const faults = new FaultRegistry();
  const requests: RequestLogEntry[] = [];
  let rays = 0;
  const ctx = {
    config,
    clock,
    delegationTarget: (hostname: string) => `${hostname}.${ctx.state.dcvUuid}.dcv.cloudflare.com`,
    render: (host) => renderHostname(host, ctx.delegationTarget(host.hostname)),
  } as SimContext;
  ctx.state = createState(ctx, world);

  const now = () => {
    const at = clock.now();
    ctx.state.engine.advanceTo(at);
    return at;
  };

  async function handle(request: Request, signal?: AbortSignal): Promise<Outcome> {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const kind = isApi ? 'api' : url.pathname === '/dns-query' ? 'doh' : 'http';
    const entry: RequestLogEntry = {
      method,
      path: isApi ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname,
      query: firstValues(url.searchParams),
      status: 0,
      at: clock.now(),
      auth: isApi ? authenticate(request.headers, config).auth : 'none',
      kind,
    };
    requests.push(entry);
    let outcome: Outcome;
    if (isApi) {
      const body = method === 'GET' || method === 'HEAD' ? '' : await request.text();
      const incoming = { method, path: entry.path, query: url.searchParams, headers: request.headers, body, signal };
      outcome = await handleApi(ctx, faults, incoming, entry);
    } else {
      const at = now();
      const answer =
        kind === 'doh' ? answerDoh(ctx.state.world, url, at) : answerCustomerHttp(ctx.state.world, url.href, at);
      if (answer === 'drop') {
        outcome = { kind: 'drop' }; // a host that does not resolve: no connection
      } else {
        entry.status = answer.status;
        outcome = { kind: 'answer', answer };
      }
    }
    if (outcome.kind === 'answer') {
      rays += 1;
      outcome.answer.headers['cf-ray'] = `${rays.toString(16).padStart(16, '0')}-SIM`;
    }
    return outcome;
  }

  const simulator: Simulator = {
    async fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
      const signal = signalOf(input, init);
      if (signal?.aborted) throw signal.reason;
      const outcome = await handle(new Request(input, init), signal);
      if (signal?.aborted) throw signal.reason;
      if (outcome.kind === 'drop') throw new TypeError('fetch failed');
      return toResponse(outcome.answer);
    },
    apiToken: config.apiToken,
    apiKey: config.apiKey,
    email: config.email,
    zoneId: config.zoneId,
    zoneName: config.zoneName,
    cnameTarget: config.cnameTarget,
    baseUrl: `https://api.cloudflare.com${API_PREFIX}`,
    dohUrl: 'https://dns.simulator.invalid/dns-query',
    clock,
    world,
    faults,
    requests,
    clientOptions() {
      return {
        apiToken: simulator.apiToken,
        zoneId: simulator.zoneId,
        fetch: simulator.fetch,
        clock: simulator.clock,
        cnameTarget: simulator.cnameTarget,
        dohResolver: simulator.dohUrl,
      };
    },
    get checks() {
      now();
      return ctx.state.engine.checks;
    },
    hostnames(): CustomHostname[] {
      now();
      return Array.from(ctx.state.engine.records.values(), (host) => ctx.render(host));
    },
    hostname(idOrName: string): CustomHostname | undefined {
      now();
      const host = ctx.state.engine.find(idOrName);
      return host ? ctx.render(host) : undefined;
    },
    fallbackOrigin(): FallbackOrigin | undefined {
      return renderFallback(ctx.state.fallback, now(), config.fallbackOriginDeployMs);
    },
    setFallbackOrigin(origin: string, setOptions: { active?: boolean } = {}): void {
      const at = now();
      const active = setOptions.active ?? true;
      const start = active ? at - config.fallbackOriginDeployMs : at;
      const iso = isoMicros(at, ctx.state.ids.micros());
      const state = newFallback(origin.toLowerCase(), config.zoneName, start, iso, ctx.state.fallback);
      ctx.state.fallback = active ? { ...state, valid: true } : state;
    },
    seedHostnames(count: number, seedOptions: { prefix?: string; status?: 'pending' | 'active' } = {}): void {
      if (!(Number.isInteger(count) && count >= 0))
        throw new RangeError(`count must be a whole number ≥ 0, got ${count}`);
      const at = now();
      const prefix = seedOptions.prefix ?? 'tenant-';
      const live = (seedOptions.status ?? 'active') === 'active';
      for (let i = 0; i < count; i++) {
        ctx.state.seeded += 1;
        const hostname = `${prefix}${ctx.state.seeded}.fleet-customer.com`.toLowerCase();
        if (ctx.state.engine.find(hostname)) continue;
        ctx.state.engine.add(newHostname(ctx, { hostname, ssl: { method: 'http', type: 'dv' } }, at, live));
        // A live hostname is one whose customer already points it at the SaaS zone.
        if (live) world.setRecord('CNAME', hostname, config.cnameTarget, { at });
      }
      ctx.state.engine.advanceTo(at);
    },
    certificateIds(idOrName: string): string[] {
      now();
      return ctx.state.engine.find(idOrName)?.ssl.custom?.map((c) => c.id) ?? [];
    },
    reset(): void {
      ctx.state = createState(ctx, world);
      requests.length = 0;
      faults.clear();
      rays = 0;
    },
  };
  registerHandler(simulator, handle);
  return simulator;
}
