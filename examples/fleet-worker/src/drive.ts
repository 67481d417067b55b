/**
 * Moves one hostname's saved PollState forward: does what `step` asks (GET, diagnose,
 * recheck) until it asks to wait, or the hostname is settled. Nothing here sleeps: a wait is
 * returned, saved, and the Durable Object's alarm wakes it at `wakeAt`.
 */
import {
  type CloudflareSaaS,
  type CustomHostname,
  type Diagnosis,
  isCloudflareSaaSError,
  NotFoundError,
  type PollEvent,
  type PollState,
  step,
} from 'cloudflare-custom-hostnames';

/** A hostname still being watched, as stored. */
export interface Watching {
  kind: 'watching';
  hostname: string;
  state: PollState;
  /** When the alarm should next look at it (epoch ms). */
  wakeAt: number;
  /** The last snapshot, kept for the diagnosis. */
  last?: CustomHostname;
  /** Consecutive transient failures, for the retry backoff. */
  failures?: number;
  /**
   * When a recheck PATCH was about to be sent: saved before it goes out, gone once what it
   * returned is saved. A drive that finds it (the object crashed or was evicted in between)
   * sends no other PATCH: it reads the hostname and counts the recheck as made.
   */
  recheckSentAt?: number;
}

/** A hostname the watch is done with, as stored. */
export interface Settled {
  kind: 'settled';
  hostname: string;
  id: string;
  end: 'active' | 'failed' | 'timeout';
  reason: string;
  at: number;
  /** API calls the poll state counted (GETs and rechecks). */
  apiCalls: number;
}

/** Actions per hostname per alarm at most: a wait always comes within a few. */
const MAX_ACTIONS = 8;

/**
 * Runs the poll step for one hostname from its saved state. `save` stores a watching entry
 * in the entry's place: drive calls it before each recheck PATCH, with `recheckSentAt` set.
 *
 * @example
 * ```ts
 * const next = await drive(saas, saved, 'woke', Date.now, (entry) => storage.put(key, entry));
 * ```
 */
export async function drive(
  saas: CloudflareSaaS,
  entry: Watching,
  first: 'start' | 'woke',
  now: () => number,
  save: (entry: Watching) => Promise<void>,
): Promise<Watching | Settled> {
  let state = entry.state;
  let last = entry.last;
  let event: PollEvent = { kind: first };
  // A recheck sent by an earlier drive that never saved what came back.
  let unsaved = entry.recheckSentAt;
  const watching = (wakeAt: number, more: Pick<Watching, 'failures' | 'recheckSentAt'> = {}): Watching => ({
    kind: 'watching',
    hostname: entry.hostname,
    state,
    wakeAt,
    ...(last ? { last } : {}),
    ...more,
  });
  const settle = (end: Settled['end'], reason: string): Settled => ({
    kind: 'settled',
    hostname: entry.hostname,
    id: state.id,
    end,
    reason,
    at: now(),
    apiCalls: state.apiCalls,
  });
  try {
    if (unsaved !== undefined) {
      // Cloudflare's schedule restarted at that PATCH; the step counts it from now, a little
      // later, so its looks come after Cloudflare's checks, never before them.
      last = await saas.customHostnames.get(state.id);
      event = { kind: 'rechecked', hostname: last, calls: 1 };
      unsaved = undefined;
    }
    for (let i = 0; i < MAX_ACTIONS; i++) {
      const { state: next, action } = step(state, event, now());
      state = next;
      switch (action.type) {
        case 'wait':
          return watching(action.until);
        case 'done':
          return settle('active', 'hostname and certificate are active');
        case 'failed':
          return settle('failed', action.verdict.reason);
        case 'timeout':
          return settle('timeout', 'the deadline passed');
        case 'fetch':
          last = await saas.customHostnames.get(state.id);
          event = { kind: 'snapshot', hostname: last };
          break;
        case 'recheck':
          // Each PATCH restarts Cloudflare's schedule and may rotate the DCV tokens, and the
          // step allows 6 per wait: a crash after this one, before its outcome is saved, must
          // not lead to another. (A PATCH that fails is no recheck: the entry returned below
          // comes without the mark.)
          await save(watching(now(), { recheckSentAt: now() }));
          last = await saas.validation.recheck(state.id);
          // Two calls: the recheck reads the hostname, then sends it back unchanged.
          event = { kind: 'rechecked', hostname: last, calls: 2 };
          break;
        case 'diagnose':
          event = { kind: 'diagnosis', diagnosis: last ? await diagnoseQuietly(saas, last) : null };
          break;
      }
    }
    return watching(now());
  } catch (error) {
    if (error instanceof NotFoundError) return settle('failed', 'the custom hostname was deleted');
    if (!isCloudflareSaaSError(error)) throw error;
    // Any other API failure (the client has already retried the transient failures of its
    // reads): look again later, 1 min doubling up to 1 h, so a revoked token or an outage
    // never loses the state.
    const failures = (entry.failures ?? 0) + 1;
    const wakeAt = now() + Math.min(60_000 * 2 ** (failures - 1), 3_600_000);
    return watching(wakeAt, { failures, ...(unsaved === undefined ? {} : { recheckSentAt: unsaved }) });
  }
}

async function diagnoseQuietly(saas: CloudflareSaaS, host: CustomHostname): Promise<Diagnosis | null> {
  try {
    return await saas.validation.diagnose(host);
  } catch {
    return null;
  }
}
