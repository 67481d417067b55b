import { InputError } from '../core/errors.js';
import { kindOf } from './fields.js';

/**
 * Identifier checks. Ids go into request paths, so anything that could change the path
 * (`/`, `?`, `#`, `%`, `..`, whitespace) is rejected before it gets there.
 *
 * @example
 * ```ts
 * checkHostnameId('0D89C70D-AD9F-4843-B99F-6CC0252067E9'); // '0d89c70d-ad9f-4843-b99f-6cc0252067e9'
 * zoneIdProblem('023e105f4ecef8ad9ca31a8372d0c353'); // undefined
 * ```
 * @module
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_32 = /^[0-9a-f]{32}$/i;
const PATH_CHANGING = ['/', '\\', '?', '#', '%', '..'];

/**
 * Checks a custom hostname id (a UUID, `8-4-4-4-12` hexadecimal, or 32 hexadecimal
 * characters) and returns it lower-cased.
 *
 * @param field - the field named in the error (default `id`)
 * @throws InputError when it is not a string, is empty, holds a character that would
 * change the request path, or has another shape
 *
 * @example
 * ```ts
 * checkHostnameId('0d89c70d-ad9f-4843-b99f-6cc0252067e9'); // '0d89c70d-ad9f-4843-b99f-6cc0252067e9'
 * checkHostnameId('../quota');
 * // InputError: id "../quota": must not contain "/" (it would change the request path)
 * ```
 */
export function checkHostnameId(value: unknown, field = 'id'): string {
  if (typeof value !== 'string') throw new InputError(field, value, `must be a string (got ${kindOf(value)})`);
  if (UUID.test(value)) return value.toLowerCase(); // the common case, decided by one test
  if (value === '') throw new InputError(field, value, 'must not be empty');
  const unsafe = PATH_CHANGING.find((part) => value.includes(part));
  if (unsafe) throw new InputError(field, value, `must not contain "${unsafe}" (it would change the request path)`);
  if (/\s/.test(value)) throw new InputError(field, value, 'must not contain whitespace');
  if (UUID.test(value) || HEX_32.test(value)) return value.toLowerCase();
  const hint = value.includes('.')
    ? '; this looks like a hostname: pass the id that create() returned (findByHostname() looks it up)'
    : '';
  throw new InputError(
    field,
    value,
    `must be a custom hostname id: a UUID (8-4-4-4-12 hexadecimal digits) or 32 hexadecimal digits${hint}`,
  );
}

/**
 * Why a zone id is unusable, or `undefined` when it is exactly 32 hexadecimal characters
 * (the "Zone ID" on the zone's Overview page). The reason never repeats the value, in case
 * a credential was passed by mistake.
 *
 * @example
 * ```ts
 * zoneIdProblem('023e105f4ecef8ad9ca31a8372d0c353'); // undefined
 * zoneIdProblem('customer-one.com'); // 'must be the 32-character hexadecimal Zone ID (got 16 characters), not the domain name'
 * ```
 */
export function zoneIdProblem(value: unknown): string | undefined {
  const where = "the 32-character hexadecimal Zone ID from the zone's Overview page";
  if (value === undefined || value === null || value === '') return `is required: ${where}`;
  if (typeof value !== 'string') return `must be a string: ${where} (got ${kindOf(value)})`;
  if (value.trim() !== value) return 'must not have surrounding whitespace';
  if (HEX_32.test(value)) return undefined;
  if (value.length !== 32) {
    const hint = value.includes('.') ? ', not the domain name' : '';
    return `must be the 32-character hexadecimal Zone ID (got ${value.length} characters)${hint}`;
  }
  return 'must contain only hexadecimal characters (0-9, a-f)';
}
