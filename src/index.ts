/**
 * `cloudflare-custom-hostnames`: a typed client for Cloudflare for SaaS custom hostnames.
 *
 * @example
 * ```ts
 * import { CloudflareSaaS } from 'cloudflare-custom-hostnames';
 * const saas = new CloudflareSaaS({ apiToken: env.CLOUDFLARE_API_TOKEN, zoneId: env.CLOUDFLARE_ZONE_ID });
 * ```
 * @module
 */
export { CloudflareSaaS } from './client.js';
export {
  CloudflareSaaSCore,
  type CloudflareSaaSEnv,
  type CloudflareSaaSOptions,
  type CloudflareSaaSSettings,
  DEFAULT_BASE_URL,
} from './core/client-core.js';
export { type Clock, systemClock } from './core/clock.js';
export * from './core/errors.js';
export type { Hooks, RequestEvent, RequestOptions, ResponseEvent, RetryEvent } from './core/http.js';
export { Page, PagePromise } from './core/pagination.js';
export { RateGovernor, type RateGovernorAcquireInput, type RateGovernorOptions } from './core/rate-governor.js';
export type { CertificateRef, ReplaceCertificateParams } from './custom-hostnames/certificates.js';
export type {
  CreateManyFailure,
  CreateManyOptions,
  CreateManyProgress,
  CreateManyResult,
  CreateManySuccess,
} from './custom-hostnames/create-many.js';
export type { CreateOrGetResult } from './custom-hostnames/create-or-get.js';
export { CustomHostnames } from './custom-hostnames/custom-hostnames.js';
export type * from './custom-hostnames/params.js';
export { FallbackOriginResource } from './fallback-origin/fallback-origin.js';
export type { WaitForFallbackOriginOptions } from './fallback-origin/wait.js';
export { isValidHostname, type NormalizeHostnameOptions, normalizeHostname, toASCII } from './input/index.js';
export * from './schemas/index.js';
export * from './validation/index.js';
export {
  type DiagnoseCallOptions,
  type InstructionsCallOptions,
  type RecheckBody,
  recheckBody,
  Validation,
  type WaitUntilActiveOptions,
} from './validation/validation.js';
export {
  Watch,
  type WatchDeps,
  type WatchEvent,
  type WatchFilter,
  type WatchOptions,
  type WatchStats,
  type WatchStatus,
  type WatchTarget,
} from './validation/watch.js';
