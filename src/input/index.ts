/**
 * Input checks: every argument of the SDK is checked here before any request is sent,
 * and a rejection is an `InputError(field, value, reason)`.
 *
 * @example
 * ```ts
 * import { checkCreateParams, normalizeHostname } from './input/index.js';
 * const body = checkCreateParams({ hostname: 'App.Customer-One.com' });
 * ```
 * @module
 */
export { checkCreateParams, checkEditParams } from './custom-hostname-params.js';
export { checkFallbackOriginParams } from './fallback-origin-params.js';
export { isPlainObject, kindOf, requireInteger, requireOneOf, requirePlainObject } from './fields.js';
export { isValidHostname, type NormalizeHostnameOptions, normalizeHostname } from './hostname.js';
export { toASCII } from './idna.js';
export { checkHostnameId, zoneIdProblem } from './ids.js';
export { checkListParams, LIST_FILTERS } from './list-params.js';
export { CUSTOM_METADATA_MAX_BYTES, checkCustomMetadata } from './metadata.js';
export { checkSslInput } from './ssl.js';
export {
  checkAtLeast,
  checkMigrationArgs,
  checkPollOptions,
  checkResolver,
  checkWaitOptions,
  MIN_INTERVAL_MS,
} from './wait-options.js';
