import { applyEvent, type LifecycleContext, nextEvent } from './lifecycle.js';
import { MinHeap } from './min-heap.js';
import type { HostnameState } from './state.js';
import type { CheckLogEntry } from './types.js';

interface Due {
  at: number;
  seq: number;
  id: string;
  version: number;
}

/**
 * The hostnames and their clock: every pending lifecycle event sits in one time-ordered
 * queue, and {@link HostnameEngine.advanceTo} runs what is due in global time order. Only
 * hostnames with something pending cost anything.
 *
 * @example
 * ```ts
 * engine.add(host);
 * engine.advanceTo(clock.now());
 * engine.checks.length; // checks performed so far
 * ```
 */
export class HostnameEngine {
  readonly records = new Map<string, HostnameState>();
  readonly checks: CheckLogEntry[] = [];
  #byName = new Map<string, string>();
  #queue = new MinHeap<Due>((a, b) => a.at - b.at || a.seq - b.seq);
  #ctx: LifecycleContext;

  constructor(ctx: Omit<LifecycleContext, 'logCheck'>) {
    this.#ctx = { ...ctx, logCheck: (entry) => this.checks.push(entry) };
  }

  /** The hostname with this id, or this name (case-insensitive). @example `engine.find('app.customer-one.com')` */
  find(idOrName: string): HostnameState | undefined {
    return this.records.get(idOrName) ?? this.records.get(this.#byName.get(idOrName.toLowerCase()) ?? '');
  }

  /** Adds a hostname and schedules its events. @example `engine.add(host)` */
  add(host: HostnameState): void {
    this.records.set(host.id, host);
    this.#byName.set(host.hostname, host.id);
    this.#schedule(host);
  }

  /** Removes a hostname; its queued events are dropped. @example `engine.remove(id)` */
  remove(id: string): void {
    const host = this.records.get(id);
    if (!host) return;
    this.records.delete(id);
    this.#byName.delete(host.hostname);
  }

  /** Re-plans a hostname after a request changed it. @example `engine.changed(host)` */
  changed(host: HostnameState): void {
    host.version += 1;
    this.#schedule(host);
  }

  /** Runs every event due at or before `now`, oldest first. @example `engine.advanceTo(clock.now())` */
  advanceTo(now: number): void {
    for (let due = this.#queue.peek(); due !== undefined && due.at <= now; due = this.#queue.peek()) {
      this.#queue.pop();
      const host = this.records.get(due.id);
      if (!host || host.version !== due.version) continue;
      const event = nextEvent(host);
      if (!event) continue;
      applyEvent(host, event, this.#ctx);
      this.#schedule(host);
    }
  }

  /** Forgets every hostname, event and check. @example `engine.clear()` */
  clear(): void {
    this.records.clear();
    this.#byName.clear();
    this.#queue.clear();
    this.checks.length = 0;
  }

  #schedule(host: HostnameState): void {
    const event = nextEvent(host);
    if (event) this.#queue.push({ at: event.at, seq: host.seq, id: host.id, version: host.version });
  }
}
