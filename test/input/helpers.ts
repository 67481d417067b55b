import fc from 'fast-check';
import { expect } from 'vitest';
import { InputError } from '../../src/core/errors.js';

/** Runs `fn`, expects an InputError on `field`, and returns it for further checks. */
export function inputError(fn: () => unknown, field: string, reason?: string | RegExp): InputError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputError);
  const error = caught as InputError;
  expect(error.field).toBe(field);
  if (typeof reason === 'string') expect(error.reason).toBe(reason);
  else if (reason) expect(error.reason).toMatch(reason);
  return error;
}

/**
 * Property: `check(value)` either returns a result that checks to itself again, or throws
 * an InputError whose field satisfies `fieldOk`. Any other outcome fails the property.
 */
export function checkedOrInputError<T>(
  check: (value: unknown) => T,
  value: unknown,
  fieldOk: (field: string) => boolean,
): { ok: true; value: T } | { ok: false; error: InputError } {
  let result: T;
  try {
    result = check(value);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (!fieldOk(error.field)) throw new Error(`unexpected field ${error.field} (${error.message})`);
    return { ok: false, error };
  }
  expect(check(result)).toStrictEqual(result);
  return { ok: true, value: result };
}

/** Freezes an object graph so that any attempt to change it throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

function charsIn(...ranges: [number, number][]): string[] {
  const chars: string[] = [];
  for (const [from, to] of ranges) {
    for (let code = from; code <= to; code++) {
      const char = String.fromCodePoint(code);
      if (/^\p{L}$/u.test(char)) chars.push(char);
    }
  }
  return chars;
}

/** Left-to-right letters of many scripts, upper and lower case, full-width forms included. */
export const LTR_LETTERS = charsIn(
  [0x41, 0x5a],
  [0x61, 0x7a],
  [0xc0, 0x17e], // Latin-1, Latin Extended-A
  [0x391, 0x3c9], // Greek
  [0x400, 0x481], // Cyrillic
  [0x531, 0x556], // Armenian
  [0x905, 0x939], // Devanagari
  [0xe01, 0xe30], // Thai
  [0x10d0, 0x10fa], // Georgian
  [0x3041, 0x3096], // Hiragana
  [0x30a1, 0x30fa], // Katakana
  [0x4e00, 0x4fff], // CJK
  [0xac00, 0xad00], // Hangul
  [0xff21, 0xff3a], // full-width Latin
).filter((char) => char !== '\u013F' && char !== '\u0140' && char !== '\u04C0');

/** Right-to-left letters (Hebrew, Arabic). */
export const RTL_LETTERS = charsIn([0x5d0, 0x5ea], [0x620, 0x64a]);

const ASCII_LETTER_OR_DIGIT = [...'abcdefghijklmnopqrstuvwxyz0123456789'];

/** A label of Unicode letters from one direction (mixing directions is a bidi error). */
export const idnLabel = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...LTR_LETTERS),
      fc.array(fc.constantFrom(...LTR_LETTERS, ...ASCII_LETTER_OR_DIGIT), { maxLength: 9 }),
    )
    .map(([first, rest]) => first + rest.join('')),
  fc.array(fc.constantFrom(...RTL_LETTERS), { minLength: 1, maxLength: 10 }).map((chars) => chars.join('')),
);

/** A domain with one to three internationalised labels and an ASCII or IDN top-level domain. */
export const idnDomain = fc
  .tuple(
    fc.array(idnLabel, { minLength: 1, maxLength: 3 }),
    fc.oneof(fc.constantFrom('com', 'de', 'jp', 'org', 'COM', 'net'), idnLabel),
  )
  .map(([labels, tld]) => [...labels, tld].join('.'));

const RESERVED = /(^|\.)(test|example|invalid|localhost)$|(^|\.)example\.(com|net|org)$/i;

/** Valid ASCII hostnames (fc.domain()) outside the reserved names. */
export const asciiHostname = fc.domain().filter((domain) => !RESERVED.test(domain));
