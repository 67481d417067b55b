import { InputError } from '../core/errors.js';
import { definedEntries, fieldPath, kindOf, requirePlainObject } from './fields.js';

/**
 * `custom_metadata` checks. The OpenAPI document types it as a map of strings (one of
 * Cloudflare's doc pages once showed a boolean value; Terraform also takes strings only),
 * so any other value type is rejected with a reason saying so. Keys holding `undefined`
 * are dropped, as JSON would drop them.
 *
 * @example
 * ```ts
 * checkCustomMetadata({ plan: 'pro' }); // { plan: 'pro' }
 * ```
 * @module
 */

/** The most custom metadata Cloudflare stores for one hostname, in bytes of JSON (UTF-8). @example `CUSTOM_METADATA_MAX_BYTES // 4096` */
export const CUSTOM_METADATA_MAX_BYTES = 4096;

/**
 * Checks custom metadata and returns a copy: a plain object of string values whose JSON
 * is at most 4096 bytes.
 *
 * @param field - the field named in errors (default `custom_metadata`)
 * @throws InputError naming the field (`custom_metadata.plan` for a bad value)
 *
 * @example
 * ```ts
 * checkCustomMetadata({ customer_id: '42', plan: 'pro' }); // { customer_id: '42', plan: 'pro' }
 * checkCustomMetadata({ beta: true });
 * // InputError: custom_metadata.beta true: must be a string, not a boolean (the API takes string values only; …)
 * ```
 */
export function checkCustomMetadata(value: unknown, field = 'custom_metadata'): Record<string, string> {
  const input = requirePlainObject(value, field);
  const entries = definedEntries(input);
  for (const [key, entry] of entries) {
    if (typeof entry !== 'string') {
      throw new InputError(
        fieldPath(field, key),
        entry,
        `must be a string, not ${kindOf(entry)} (the API takes string values only; convert with String() or JSON.stringify())`,
      );
    }
  }
  const copy = Object.fromEntries(entries) as Record<string, string>;
  const bytes = new TextEncoder().encode(JSON.stringify(copy)).length;
  if (bytes > CUSTOM_METADATA_MAX_BYTES) {
    throw new InputError(
      field,
      copy,
      `is ${bytes} bytes as JSON; Cloudflare stores at most ${CUSTOM_METADATA_MAX_BYTES} bytes per hostname`,
    );
  }
  return copy;
}
