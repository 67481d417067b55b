/**
 * The fleet's Durable Object: one per zone. Each watched hostname's PollState lives in its
 * storage under `host:<id>`, and once the hostname is settled its outcome under `done:<id>`
 * (only /status and enrolment read those); one alarm is kept at the earliest `wakeAt`, so a
 * wait of up to a week is short wake-ups instead of a process that sleeps. For a hostname
 * that never validates (measured against the simulator): 77 over its week with
 * POLL_RECHECK=never, a GET after each of Cloudflare's checks; 2,152 with the default
 * `auto`, which also looks at the customer's DNS every 5 minutes (2,082 looks: 10,410 DoH
 * queries and 4,164 token URL fetches, no API call). Cron (see index.ts) only discovers
 * hostnames created elsewhere and re-arms the alarm.
 *
 *   POST /enrol     { id, hostname, created_at? }  start watching (idempotent)
 *   POST /discover                                 re-arm the alarm, enrol every pending hostname of the zone
 *   GET  /status?limit=&offset=                    { watching, active, failed, timeout, hostnames, next? }
 */
import { CloudflareSaaS, type CustomHostname, initialPollState } from 'cloudflare-custom-hostnames';
import { drive, type Settled, type Watching } from './drive.js';
import type { Env } from './env.js';
import type { DurableObjectState } from './runtime.js';

/** What `host:` keys hold: a watched hostname, or a settled one stored there by an earlier version. */
type Entry = Watching | Settled;

/** The key of a hostname being watched. */
const watchKey = (id: string) => `host:${id}`;
/** The key of a settled hostname's record. */
const doneKey = (id: string) => `done:${id}`;

/** Hostnames driven per alarm at most (each takes one to three API calls); the rest wait for the next alarm, re-armed at once. */
const PER_ALARM = 50;

/** How often a waiting hostname's DNS is diagnosed unless `POLL_DIAGNOSE_INTERVAL_MS` says otherwise. */
const DIAGNOSE_INTERVAL_MS = 300_000;

/** Hostnames one `GET /status` lists at most (`?limit=`, default 100). */
const MAX_LISTED = 1000;

export class FleetPoller {
  readonly #ctx: DurableObjectState;
  readonly #env: Env;
  readonly #saas: CloudflareSaaS;
  /** The entries a running alarm works from (one storage read per alarm). */
  #alarmEntries: Map<string, Entry> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    this.#ctx = ctx;
    this.#env = env;
    this.#saas = CloudflareSaaS.fromEnv(env, env.DOH_RESOLVER ? { dohResolver: env.DOH_RESOLVER } : {});
  }

  async fetch(request: Request): Promise<Response> {
    const { pathname, searchParams } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/enrol') {
      const host = (await request.json()) as Pick<CustomHostname, 'id' | 'hostname' | 'created_at'>;
      const enrolled = await this.#enrol([host]);
      return Response.json({ enrolled });
    }
    if (request.method === 'POST' && pathname === '/discover') {
      // Re-arm over every watched hostname first: the cron revives an alarm that was lost.
      await this.#arm((await this.#ctx.storage.list<Entry>({ prefix: 'host:' })).values());
      const pending: CustomHostname[] = [];
      for await (const host of this.#saas.customHostnames.list({ hostname_status: 'pending', per_page: 1000 })) {
        pending.push(host);
      }
      return Response.json({ enrolled: await this.#enrol(pending) });
    }
    if (request.method === 'GET' && pathname === '/status') {
      const limit = wholeParam(searchParams, 'limit', 100, 1, MAX_LISTED);
      const offset = wholeParam(searchParams, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      return Response.json(await this.#status(limit, offset));
    }
    return new Response('not found', { status: 404 });
  }

  /** Drives every watched hostname that is due, then re-arms for the next one. */
  async alarm(): Promise<void> {
    const entries = await this.#ctx.storage.list<Entry>({ prefix: 'host:' });
    // Hostnames enrolled while this alarm waits on the network join `entries` (see #enrol),
    // so the alarm is re-armed for them too without reading storage a second time.
    this.#alarmEntries = entries;
    try {
      // Outcomes an earlier version of this example kept under `host:`: moved out once.
      for (const [key, entry] of entries) if (entry.kind === 'settled') await this.#settle(key, entry, entries);
      const due = [...entries].filter(([, e]) => e.kind === 'watching' && e.wakeAt <= Date.now()).slice(0, PER_ALARM);
      for (const [key, entry] of due) {
        const watching = entry as Watching;
        const first = watching.state.attempt === 0 ? 'start' : 'woke';
        const next = await drive(this.#saas, watching, first, Date.now, (e) => this.#ctx.storage.put(key, e));
        if (next.kind === 'settled') {
          await this.#settle(key, next, entries);
        } else {
          await this.#ctx.storage.put(key, next);
          entries.set(key, next);
        }
      }
      await this.#arm(entries.values());
    } finally {
      this.#alarmEntries = undefined;
    }
  }

  /**
   * Moves a settled hostname out of the `host:` keys that every alarm reads. Its record is
   * written first: a crash before the `host:` key is gone leaves the hostname watched, and the
   * next alarm drives it again (a GET) and writes its record again; it is never lost.
   */
  async #settle(key: string, record: Settled, entries: Map<string, Entry>): Promise<void> {
    await this.#ctx.storage.put(doneKey(record.id), record);
    await this.#ctx.storage.delete(key);
    entries.delete(key);
  }

  async #enrol(hosts: Pick<CustomHostname, 'id' | 'hostname' | 'created_at'>[]): Promise<number> {
    const deadlineMs = Number(this.#env.POLL_DEADLINE_MS);
    const recheck = this.#env.POLL_RECHECK === 'never' ? 'never' : 'auto';
    const diagnoseIntervalMs = diagnoseInterval(this.#env.POLL_DIAGNOSE_INTERVAL_MS);
    const fresh: Record<string, Watching> = {};
    for (const host of hosts) {
      const key = watchKey(host.id);
      // Watched, or settled: a hostname still pending at Cloudflare after its watch ended
      // (given up, or failed) is found by every cron, and is not watched again.
      if ((await this.#ctx.storage.get(key)) || (await this.#ctx.storage.get(doneKey(host.id)))) continue;
      const now = Date.now();
      const state = initialPollState({
        id: host.id,
        createdAt: host.created_at ?? null,
        now,
        recheck,
        diagnoseIntervalMs,
        ...(deadlineMs > 0 ? { deadline: now + deadlineMs } : {}),
      });
      fresh[key] = { kind: 'watching', hostname: host.hostname, state, wakeAt: now };
    }
    if (Object.keys(fresh).length > 0) {
      await this.#ctx.storage.put(fresh);
      for (const [key, entry] of Object.entries(fresh)) this.#alarmEntries?.set(key, entry);
      await this.#arm(Object.values(fresh));
    }
    return Object.keys(fresh).length;
  }

  /** Sets the alarm to the earliest wake-up, unless one is already set sooner. */
  async #arm(entries: Iterable<Entry>): Promise<void> {
    let next = Number.POSITIVE_INFINITY;
    for (const e of entries) if (e.kind === 'watching' && e.wakeAt < next) next = e.wakeAt;
    if (next === Number.POSITIVE_INFINITY) return;
    const current = await this.#ctx.storage.getAlarm();
    if (current === null || next < current || current <= Date.now()) await this.#ctx.storage.setAlarm(next);
  }

  /**
   * Counts over every hostname, watched and settled; `limit` of them listed from `offset`
   * (the watched ones first), and the next offset if there are more.
   */
  async #status(limit: number, offset: number) {
    const settled = [...(await this.#ctx.storage.list<Settled>({ prefix: 'done:' })).values()];
    // A hostname both watched and settled (a crash in #settle) is counted once, as settled.
    const ids = new Set(settled.map((e) => e.id));
    const watched = [...(await this.#ctx.storage.list<Entry>({ prefix: 'host:' })).values()].filter(
      (e) => !ids.has(e.kind === 'watching' ? e.state.id : e.id),
    );
    const entries: Entry[] = [...watched, ...settled];
    const count = (test: (e: Entry) => boolean) => entries.filter(test).length;
    return {
      watching: count((e) => e.kind === 'watching'),
      active: count((e) => e.kind === 'settled' && e.end === 'active'),
      failed: count((e) => e.kind === 'settled' && e.end === 'failed'),
      timeout: count((e) => e.kind === 'settled' && e.end === 'timeout'),
      hostnames: entries
        .slice(offset, offset + limit)
        .map((e) =>
          e.kind === 'watching'
            ? { hostname: e.hostname, status: 'watching', wakeAt: new Date(e.wakeAt).toISOString() }
            : { hostname: e.hostname, status: e.end, reason: e.reason, apiCalls: e.apiCalls },
        ),
      next: offset + limit < entries.length ? offset + limit : undefined,
    };
  }
}

/**
 * How often a waiting hostname's DNS is diagnosed: `POLL_DIAGNOSE_INTERVAL_MS`, or every
 * 5 minutes when it is unset or not a number of at least 1,000 ("300s", "", "500"). A fleet
 * diagnoses less often than the step's own default (every 30 s): DoH queries and alarms for
 * thousands of waiting hostnames, against a recheck up to 5 minutes later.
 */
function diagnoseInterval(setting: string | undefined): number {
  const ms = Number(setting);
  return Number.isFinite(ms) && ms >= 1_000 ? ms : DIAGNOSE_INTERVAL_MS;
}

/** A whole-number query parameter within [min, max]; `fallback` when absent or not a number. */
function wholeParam(params: URLSearchParams, key: string, fallback: number, min: number, max: number): number {
  const value = Math.floor(Number(params.get(key) ?? fallback));
  return Number.isNaN(value) ? fallback : Math.min(Math.max(value, min), max);
}
