import { InputError } from '../core/errors.js';
import type { SslSettingsInput } from '../custom-hostnames/params.js';
import { MIN_TLS_VERSIONS } from '../schemas/enums.js';
import { definedEntries, fieldPath, kindOf, rejectUnknownKeys, requireOneOf, requirePlainObject } from './fields.js';

/**
 * `ssl.settings` checks (schema `sslsettings`).
 *
 * @example
 * ```ts
 * checkSslSettings({ min_tls_version: '1.2', http2: 'on' }, 'ssl.settings');
 * ```
 * @module
 */

const SETTINGS_FIELDS = ['min_tls_version', 'tls_1_3', 'http2', 'early_hints', 'ciphers'] as const;
const SWITCHES = ['tls_1_3', 'http2', 'early_hints'] as const;
const ON_OFF = ['on', 'off'] as const;

function checkSwitch(value: unknown, field: string): 'on' | 'off' {
  if (typeof value === 'boolean') {
    throw new InputError(
      field,
      value,
      `must be "on" or "off" (a string, not a boolean: use "${value ? 'on' : 'off'}")`,
    );
  }
  return requireOneOf(value, ON_OFF, field);
}

function checkCiphers(value: unknown, field: string): string[] {
  if (!Array.isArray(value))
    throw new InputError(field, value, `must be an array of cipher names (got ${kindOf(value)})`);
  const seen = new Set<string>();
  // Array.from visits the holes of a sparse array too, which map would send as null.
  return Array.from(value, (cipher: unknown, index) => {
    const path = `${field}[${index}]`;
    if (typeof cipher !== 'string' || cipher === '' || /\s/.test(cipher)) {
      throw new InputError(path, cipher, 'must be a cipher name in BoringSSL form, like "ECDHE-RSA-AES128-GCM-SHA256"');
    }
    if (seen.has(cipher)) throw new InputError(path, cipher, 'is listed twice (ciphers must be unique)');
    seen.add(cipher);
    return cipher;
  });
}

/**
 * Checks `ssl.settings` and returns a copy: unknown keys rejected, each value from its
 * known list, ciphers unique and not combined with `min_tls_version: '1.3'` (code 1443).
 *
 * @param field - the path of the settings object, e.g. `ssl.settings`
 * @throws InputError naming the setting, e.g. `ssl.settings.http2`
 *
 * @example
 * ```ts
 * checkSslSettings({ min_tls_version: '1.2', tls_1_3: 'on' }, 'ssl.settings'); // same values, copied
 * checkSslSettings({ http2: true }, 'ssl.settings');
 * // InputError: ssl.settings.http2 true: must be "on" or "off" (a string, not a boolean: use "on")
 * ```
 */
export function checkSslSettings(value: unknown, field: string): SslSettingsInput {
  const input = requirePlainObject(value, field);
  rejectUnknownKeys(input, SETTINGS_FIELDS, field);
  const out: SslSettingsInput = {};
  for (const [key, entry] of definedEntries(input)) {
    const path = fieldPath(field, key);
    if (key === 'min_tls_version') out.min_tls_version = requireOneOf(entry, MIN_TLS_VERSIONS, path);
    else if (key === 'ciphers') out.ciphers = checkCiphers(entry, path);
    else out[key as (typeof SWITCHES)[number]] = checkSwitch(entry, path);
  }
  if (out.ciphers?.length && out.min_tls_version === '1.3') {
    throw new InputError(
      fieldPath(field, 'ciphers'),
      out.ciphers,
      'cannot be set with min_tls_version "1.3": TLS 1.3 cipher suites are fixed (Cloudflare code 1443)',
    );
  }
  return out;
}
