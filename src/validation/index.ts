/**
 * The pure validation building blocks, importable without the client
 * (`cloudflare-custom-hostnames/validation`): the backoff schedule, verdicts, customer
 * instructions, DNS diagnosis and the resumable poll step.
 *
 * @example
 * ```ts
 * import { classify, instructions, nextCheckAt, step } from 'cloudflare-custom-hostnames/validation';
 * ```
 * @module
 */
export * from './diagnose.js';
export * from './instructions.js';
export * from './migration.js';
export * from './poll.js';
export * from './schedule.js';
export * from './verdict.js';
export * from './wait.js';
