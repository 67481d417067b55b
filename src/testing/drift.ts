import type { EnvelopeFlavour } from './envelopes.js';

const ENUM_FIELDS: Record<string, string> = {
  status: 'some_future_status',
  method: 'some_future_method',
  type: 'some_future_type',
  certificate_authority: 'some_future_authority',
  bundle_method: 'some_future_bundle_method',
};

function driftValue(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => driftValue(item, undefined));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = driftValue(v, k);
    out.some_future_field = { added_in: 'a later API version', values: [1, 'two', null] };
    return out;
  }
  if (key !== undefined && typeof value === 'string' && key in ENUM_FIELDS) return ENUM_FIELDS[key];
  return value;
}

/**
 * What a later API version might send: every object gains an unknown field, every enum
 * (`status`, `method`, `type`, `certificate_authority`, `bundle_method`) an unknown value,
 * and the envelope a message in its flavour's shape (a string, or a `{ code, message }` object).
 *
 * @example
 * ```ts
 * drift({ success: true, errors: [], messages: [], result: { status: 'active' } }, 'hostname');
 * // result.status === 'some_future_status', messages[0] is a string
 * ```
 */
export function drift(body: unknown, flavour: EnvelopeFlavour): unknown {
  const out = driftValue(body, undefined);
  if (typeof out === 'object' && out !== null && Array.isArray((out as Record<string, unknown>).messages)) {
    const note = 'This response was produced by a newer API version.';
    (out as { messages: unknown[] }).messages.push(flavour === 'hostname' ? note : { code: 10999, message: note });
  }
  return out;
}
