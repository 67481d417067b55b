/**
 * Deterministic ids and tokens: the same seed and the same requests give the same ids, so
 * tests can compare whole responses. A small PRNG (mulberry32), never `Math.random`.
 *
 * @example
 * ```ts
 * const ids = new IdSource(1);
 * ids.uuid(); // always the same first uuid for seed 1
 * ```
 */
export class IdSource {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A 32-bit unsigned random integer. @example `ids.next()` */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** `length` lower-case hex digits. @example `ids.hex(32)` */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.next().toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  /** A version-4 style UUID. @example `ids.uuid() // '5cc07c04-ea62-4a5a-95f0-419334a875a4'` */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Three decimal digits, for the microseconds Cloudflare prints in timestamps. @example `ids.micros()` */
  micros(): string {
    return String(this.next() % 1000).padStart(3, '0');
  }
}

/**
 * An ISO timestamp with microseconds, as Cloudflare prints `created_at`.
 *
 * @example
 * ```ts
 * isoMicros(Date.parse('2026-01-05T09:00:00Z'), '123'); // '2026-01-05T09:00:00.000123Z'
 * ```
 */
export function isoMicros(ms: number, micros = '000'): string {
  return `${new Date(ms).toISOString().slice(0, -1)}${micros}Z`;
}
