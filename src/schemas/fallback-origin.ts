import * as z from 'zod/mini';
import { FALLBACK_ORIGIN_STATUSES } from './enums.js';
import { openEnum } from './open-enum.js';

/**
 * The zone's fallback origin: where custom-hostname traffic goes by default.
 *
 * @example
 * ```ts
 * FallbackOriginSchema.parse({ origin: 'proxy-fallback.saasprovider.com', status: 'pending_deployment' });
 * ```
 */
export const FallbackOriginSchema = z.looseObject({
  origin: z.nullish(z.string()),
  status: z.nullish(openEnum(FALLBACK_ORIGIN_STATUSES)),
  errors: z.nullish(z.array(z.string())),
  created_at: z.nullish(z.string()),
  updated_at: z.nullish(z.string()),
});

/** The zone's fallback origin. @example `const fo: FallbackOrigin = await saas.fallbackOrigin.get()` */
export type FallbackOrigin = z.infer<typeof FallbackOriginSchema>;
