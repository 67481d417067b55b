import type { LiteralUnion } from 'type-fest';
import * as z from 'zod/mini';

/**
 * A server enum that stays open: the known values give autocomplete, any other string
 * (a status Cloudflare adds later) is accepted as it is, never rejected.
 *
 * @example
 * ```ts
 * const status = openEnum(['active', 'pending'] as const);
 * status.parse('brand_new_state'); // 'brand_new_state' (typed LiteralUnion<'active' | 'pending', string>)
 * ```
 */
export function openEnum<const T extends readonly string[]>(_known: T): z.ZodMiniType<LiteralUnion<T[number], string>> {
  return z.string() as unknown as z.ZodMiniType<LiteralUnion<T[number], string>>;
}
