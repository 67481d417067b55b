import type { FaultSpec, Faults } from './types.js';

interface Armed {
  spec: FaultSpec;
  seen: number;
  applied: number;
}

const MAX_TIMER_MS = 2_147_483_647;

const KINDS = new Set([
  'status',
  'malformed-json',
  'truncated-json',
  'empty-body',
  'success-false',
  'non-json',
  'delay',
  'drop',
  'lose-response',
  'drift',
]);

function check(spec: FaultSpec): void {
  if (!KINDS.has(spec.kind)) throw new RangeError(`unknown fault kind "${spec.kind}"`);
  const nth = spec.nth ?? 1;
  const times = spec.times ?? 1;
  if (!Number.isInteger(nth) || nth < 1) throw new RangeError(`fault nth must be a whole number ≥ 1, got ${nth}`);
  if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times >= 1))) {
    throw new RangeError(`fault times must be a whole number ≥ 1 or Infinity, got ${times}`);
  }
  if (spec.kind === 'status' && !(Number.isInteger(spec.status) && spec.status >= 200 && spec.status <= 599)) {
    throw new RangeError(`fault status must be an HTTP status from 200 to 599, got ${spec.status}`);
  }
  if (spec.kind === 'delay' && !(Number.isFinite(spec.ms) && spec.ms >= 0 && spec.ms <= MAX_TIMER_MS)) {
    throw new RangeError(`fault delay must be from 0 to ${MAX_TIMER_MS} ms, got ${spec.ms}`);
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method) return false;
  if (spec.path === undefined) return true;
  if (typeof spec.path === 'string') return spec.path === path;
  spec.path.lastIndex = 0;
  return spec.path.test(path);
}

/**
 * Armed faults, matched against API requests in arrival order. Each fault counts its own
 * matching requests from the moment it is injected; it applies from the `nth` on, `times`
 * times, then disarms. When several apply to one request, the first injected wins.
 *
 * @example
 * ```ts
 * const faults = new FaultRegistry();
 * faults.inject({ kind: 'status', status: 503, nth: 2 });
 * faults.take('GET', '/zones/z/custom_hostnames'); // undefined (1st match)
 * faults.take('GET', '/zones/z/custom_hostnames')?.kind; // 'status'
 * ```
 */
export class FaultRegistry implements Faults {
  #armed: Armed[] = [];

  inject(fault: FaultSpec): void {
    check(fault);
    this.#armed.push({ spec: fault, seen: 0, applied: 0 });
  }

  clear(): void {
    this.#armed = [];
  }

  get pending(): number {
    return this.#armed.length;
  }

  /** The fault to apply to this request, if any (counted as used). @example `faults.take('POST', path)` */
  take(method: string, path: string): FaultSpec | undefined {
    let chosen: Armed | undefined;
    for (const armed of this.#armed) {
      if (!matches(armed.spec, method, path)) continue;
      armed.seen += 1;
      if (!chosen && armed.seen >= (armed.spec.nth ?? 1)) chosen = armed;
    }
    if (!chosen) return undefined;
    chosen.applied += 1;
    if (chosen.applied >= (chosen.spec.times ?? 1)) this.#armed = this.#armed.filter((a) => a !== chosen);
    return chosen.spec;
  }
}
