import type { Clock } from '../../src/core/clock.js';
import type { CustomHostname } from '../../src/schemas/index.js';
import type { Diagnosis } from '../../src/validation/diagnose.js';
import { checkTimes } from '../../src/validation/schedule.js';
import type { PollDriver } from '../../src/validation/wait.js';
import { activeHost, makeHost, T0 } from './fixtures.js';

/**
 * Cloudflare as the poller sees it: hostname validation happens only at the checks of the
 * published schedule (restarted by each recheck), at the first one after the customer's
 * DNS is right (`readyAt`). Records every call at its virtual time.
 */
export class FakeCloudflare implements PollDriver {
  readonly gets: number[] = [];
  readonly rechecks: number[] = [];
  readonly diagnoses: number[] = [];
  /** Schedule starts: created_at, then each recheck. */
  readonly starts: number[] = [T0];
  validatedAt: number | null = null;
  /** Whether the PATCH answer already shows the check it triggered. */
  recheckShowsResult = true;
  /** What `diagnose` reports about the certificate. */
  certificateVia: Diagnosis['certificateVia'] = 'routing';
  /** Failures to throw from the next calls of `get`, in order. */
  readonly getFailures: unknown[] = [];
  /** The hostname while not validated. */
  pending: (now: number) => CustomHostname = () => makeHost();

  constructor(
    readonly clock: Clock,
    /** When the customer's DNS becomes right (epoch ms); Infinity: never. */
    public readyAt: number,
  ) {}

  get start(): number {
    return this.starts.at(-1) as number;
  }

  #settle(now: number): void {
    if (this.validatedAt !== null) return;
    const check = checkTimes(this.start).find((c) => c >= this.readyAt);
    if (check !== undefined && check <= now) this.validatedAt = check;
  }

  #snapshot(now: number): CustomHostname {
    return this.validatedAt !== null && this.validatedAt <= now ? activeHost() : this.pending(now);
  }

  async get(): Promise<CustomHostname> {
    const now = this.clock.now();
    this.gets.push(now);
    const failure = this.getFailures.shift();
    if (failure !== undefined) throw failure;
    this.#settle(now);
    return this.#snapshot(now);
  }

  async recheck(): Promise<CustomHostname> {
    const now = this.clock.now();
    this.rechecks.push(now);
    const before = this.#snapshot(now);
    this.#settle(now);
    if (this.validatedAt === null) {
      if (this.readyAt <= now) this.validatedAt = now;
      else this.starts.push(now);
    }
    return this.recheckShowsResult ? this.#snapshot(now) : before;
  }

  async diagnose(hostname: CustomHostname): Promise<Diagnosis> {
    const now = this.clock.now();
    this.diagnoses.push(now);
    const ready = now >= this.readyAt;
    return {
      hostname: hostname.hostname,
      checkedAt: now,
      checks: [],
      routingOk: ready,
      ownershipOk: ready,
      certificateOk: ready,
      certificateVia: ready ? this.certificateVia : null,
      caaBlocks: false,
      readyForCloudflare: ready,
    };
  }

  /** Seconds since creation of each GET. */
  getOffsets(): number[] {
    return this.gets.map((t) => (t - T0) / 1000);
  }
}

/** The same fake without `diagnose`. */
export function withoutDiagnose(cf: FakeCloudflare): PollDriver {
  return { get: () => cf.get(), recheck: () => cf.recheck(), clock: cf.clock };
}
