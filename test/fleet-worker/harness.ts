/**
 * examples/fleet-worker's Durable Object in Node: the real FleetPoller over a fake storage
 * (values structured-cloned in and out, keys listed in order, one alarm slot), the simulator's
 * virtual clock as `Date.now`, and `CloudflareSaaS.fromEnv` answered by the simulator.
 */
import { vi } from 'vitest';
import { FleetPoller } from '../../examples/fleet-worker/src/fleet-poller.js';
import type { DurableObjectState, DurableObjectStorage } from '../../examples/fleet-worker/src/runtime.js';
import { CloudflareSaaS, type CloudflareSaaSOptions, type CustomHostname } from '../../src/index.js';
import { createSimulator, type Simulator, VirtualClock } from '../../src/testing/index.js';

/** A Durable Object's storage in memory, with hooks to crash a write and to count what is read. */
export class FakeStorage implements DurableObjectStorage {
  readonly data = new Map<string, unknown>();
  alarm: number | null = null;
  /** Entries returned by `list`, summed over its calls. */
  listed = 0;
  /** Called before each write (a `put` of one key or several, a `delete`): throw from it to crash that write. */
  beforeWrite: ((op: 'put' | 'delete', keys: string[]) => void) | undefined;

  async get<T>(key: string): Promise<T | undefined> {
    const value = this.data.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  async put<T>(key: string, value: T): Promise<void>;
  async put<T>(entries: Record<string, T>): Promise<void>;
  async put<T>(keyOrEntries: string | Record<string, T>, value?: T): Promise<void> {
    const entries = typeof keyOrEntries === 'string' ? { [keyOrEntries]: value } : keyOrEntries;
    this.beforeWrite?.('put', Object.keys(entries));
    for (const [key, entry] of Object.entries(entries)) this.data.set(key, structuredClone(entry));
  }

  async delete(key: string): Promise<boolean> {
    this.beforeWrite?.('delete', [key]);
    return this.data.delete(key);
  }

  async list<T>(options: { prefix?: string; limit?: number } = {}): Promise<Map<string, T>> {
    const keys = [...this.data.keys()].filter((key) => key.startsWith(options.prefix ?? '')).sort();
    const listed = new Map<string, T>();
    for (const key of keys.slice(0, options.limit)) listed.set(key, structuredClone(this.data.get(key)) as T);
    this.listed += listed.size;
    return listed;
  }

  /** The stored values whose key starts with `prefix`, without counting them as read. */
  values<T>(prefix: string): T[] {
    return [...this.data].filter(([key]) => key.startsWith(prefix)).map(([, value]) => value as T);
  }

  async getAlarm(): Promise<number | null> {
    return this.alarm;
  }

  async setAlarm(scheduledTime: number): Promise<void> {
    this.alarm = scheduledTime;
  }

  async deleteAlarm(): Promise<void> {
    this.alarm = null;
  }
}

/** What `GET /status` answers. */
export interface FleetStatus {
  watching: number;
  active: number;
  failed: number;
  timeout: number;
  hostnames: { hostname: string; status: string; reason?: string; apiCalls?: number }[];
  next?: number;
}

/**
 * A fleet over the simulator: the poller, its storage, and helpers to create hostnames, call
 * its routes, and run its alarm as workerd would (cleared as it starts, retried 2 s later if
 * it throws). Restore the mocks after each test (`vi.restoreAllMocks()`).
 */
export function fleet(env: Record<string, string> = {}) {
  const clock = new VirtualClock({ start: Date.parse('2026-03-01T00:00:00Z'), autoAdvance: true });
  const sim: Simulator = createSimulator({ clock });
  sim.setFallbackOrigin(`fallback.${sim.zoneName}`, { active: true });
  vi.spyOn(Date, 'now').mockImplementation(() => clock.now());
  vi.spyOn(CloudflareSaaS, 'fromEnv').mockImplementation(
    (_env, overrides: Partial<CloudflareSaaSOptions> = {}) =>
      new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false, ...overrides, dohResolver: sim.dohUrl }),
  );
  const storage = new FakeStorage();
  const fullEnv = {
    ADMIN_TOKEN: 'admin',
    CLOUDFLARE_API_TOKEN: sim.apiToken,
    CLOUDFLARE_ZONE_ID: sim.zoneId,
    CLOUDFLARE_CNAME_TARGET: sim.cnameTarget,
    ...env,
  } as unknown as ConstructorParameters<typeof FleetPoller>[1];
  /** A fresh instance over the same storage, as after an eviction. */
  const instance = () => {
    const ctx: DurableObjectState = { storage, blockConcurrencyWhile: (callback) => callback() };
    return new FleetPoller(ctx, fullEnv);
  };
  let poller = instance();
  const saas = new CloudflareSaaS({ ...sim.clientOptions(), rateLimit: false });
  const errors: unknown[] = [];

  return {
    clock,
    sim,
    storage,
    saas,
    /** Alarms that threw, in order. */
    errors,
    get poller() {
      return poller;
    },
    /** Replaces the object's instance (its memory lost, its storage kept). */
    evict() {
      poller = instance();
    },
    async create(hostname: string): Promise<CustomHostname> {
      return saas.customHostnames.create({ hostname, ssl: { method: 'http', type: 'dv' } });
    },
    async enrol(host: CustomHostname): Promise<number> {
      const body = JSON.stringify({ id: host.id, hostname: host.hostname, created_at: host.created_at });
      const res = await poller.fetch(new Request('https://fleet/enrol', { method: 'POST', body }));
      return ((await res.json()) as { enrolled: number }).enrolled;
    },
    async discover(): Promise<number> {
      const res = await poller.fetch(new Request('https://fleet/discover', { method: 'POST' }));
      return ((await res.json()) as { enrolled: number }).enrolled;
    },
    async status(query = ''): Promise<FleetStatus> {
      return (await (await poller.fetch(new Request(`https://fleet/status${query}`))).json()) as FleetStatus;
    },
    /** Runs the alarm each time it is due, up to `until` (epoch ms); how many ran. */
    async runAlarms(until: number, max = 100_000): Promise<number> {
      let ran = 0;
      while (storage.alarm !== null && storage.alarm <= until && ran < max) {
        if (storage.alarm > clock.now()) await clock.advance(storage.alarm - clock.now());
        storage.alarm = null;
        ran++;
        try {
          await poller.alarm();
        } catch (error) {
          errors.push(error);
          if (storage.alarm === null) storage.alarm = clock.now() + 2_000;
        }
      }
      return ran;
    },
    /** The API requests made for one hostname (by id). */
    apiRequests(id: string) {
      return sim.requests.filter((r) => r.kind === 'api' && r.path.endsWith(id));
    },
  };
}
