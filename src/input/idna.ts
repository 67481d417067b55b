import { InputError } from '../core/errors.js';
import { bidiProblem } from './bidi.js';
import { punycodeDecode, punycodeEncode } from './punycode.js';

/**
 * Internationalised domain names → ASCII (the IDNA "ToASCII" operation), in pure
 * TypeScript so it behaves the same on every runtime.
 *
 * Mapping (UTS #46, non-transitional, as browsers do): compatibility forms are folded
 * (NFKC: `ｆｕｌｌ` → `full`, `ﬁ` → `fi`), letters are lower-cased one by one (so `Σ` is
 * always `σ`; `ß` and `ς` are kept), the ideographic and full-width full stops `。．｡`
 * separate labels like `.`, and the result is NFC.
 *
 * Validity (stricter than browsers, closer to IDNA 2008): a label may hold only letters,
 * marks and digits besides ASCII letters, digits and hyphens; symbols, spaces, controls and
 * invisible formatting characters are rejected rather than dropped; an internationalised
 * label may not start with a combining mark or start or end with a hyphen; labels with
 * right-to-left letters must keep the bidi rule; an `xn--` label must be well-formed
 * Punycode of an internationalised label in normalised form. Label lengths and the rules
 * for ASCII labels belong to the hostname check.
 *
 * @example
 * ```ts
 * toASCII('Bücher.de'); // 'xn--bcher-kva.de'
 * ```
 * @module
 */

const FULL_STOPS = /[\u3002\uFF0E\uFF61]/g;
const ASCII_ONLY = /^\p{ASCII}*$/u;
const HOSTNAME_ASCII = /^[a-z0-9-]$/;
const LETTER_MARK_DIGIT = /^[\p{L}\p{M}\p{N}]$/u;
const COMBINING_MARK = /^\p{M}/u;
const ACE_PREFIX = 'xn--';
/** Case foldings that differ from lower-casing, applied before compatibility folding. */
const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  '\u1E9E': 'ss',
  '\u03F2': '\u03C3',
  // Mathematical final sigmas fold to σ (a typed ς is kept, as browsers do).
  '\u{1D6D3}': '\u03C3',
  '\u{1D70D}': '\u03C3',
  '\u{1D747}': '\u03C3',
  '\u{1D781}': '\u03C3',
  '\u{1D7BB}': '\u03C3',
  // Old Cyrillic letter variants fold to the letters they vary.
  '\u1C80': '\u0432',
  '\u1C81': '\u0434',
  '\u1C82': '\u043E',
  '\u1C83': '\u0441',
  '\u1C84': '\u0442',
  '\u1C85': '\u0442',
  '\u1C86': '\u044A',
  '\u1C87': '\u0463',
  '\u1C88': '\uA64B',
};
/** Hangul fillers are letters that show nothing: never allowed. */
const INVISIBLE_LETTER = /^[\u115F\u1160\u3164\uFFA0]$/;
/** The Catalan middle dot, allowed only between two l's (`col·legi`, RFC 5892 CONTEXTO). */
const MIDDLE_DOT = '\u00B7';

/** Cherokee folds to its upper-case letters (they came first in Unicode). */
function isCherokee(code: number): boolean {
  return (code >= 0x13a0 && code <= 0x13fd) || (code >= 0xab70 && code <= 0xabbf);
}

function foldCase(char: string): string {
  return isCherokee(char.codePointAt(0) as number) ? char.toUpperCase() : char.toLowerCase();
}

/**
 * Applies the IDNA mapping to a whole domain: compatibility folding, case folding, the
 * full-stop variants turned into `.`, NFC.
 *
 * @example
 * ```ts
 * mapDomain('ＡＰＰ。Bücher.DE'); // 'app.bücher.de'
 * ```
 */
export function mapDomain(domain: string): string {
  const special = Array.from(domain, (char) => SPECIAL_FOLDS[char] ?? char).join('');
  const folded = Array.from(special.normalize('NFKC'), foldCase).join('');
  // The Greek iota subscript folds to a full iota (ᾳ → αι).
  return folded
    .normalize('NFD')
    .replace(/\u0345/g, '\u03B9')
    .normalize('NFKC')
    .replace(FULL_STOPS, '.');
}

/**
 * Names a character for an error message: quoted when visible, by code point otherwise.
 *
 * @example
 * ```ts
 * describeChar('_'); // '"_"'
 * describeChar('\t'); // 'U+0009 (a control character)'
 * ```
 */
export function describeChar(char: string): string {
  const code = char.codePointAt(0) as number;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0x20) return '" " (a space)';
  if (/^\p{Cc}$/u.test(char)) return `${hex} (a control character)`;
  if (/^\p{Z}$/u.test(char)) return `${hex} (a space)`;
  if (/^\p{Cf}$/u.test(char)) return `${hex} (an invisible formatting character)`;
  if (/^\p{C}$/u.test(char)) return `${hex} (an unassigned, private-use or surrogate code point)`;
  if (INVISIBLE_LETTER.test(char)) return `${hex} (an invisible Hangul filler)`;
  return code < 0x80 ? JSON.stringify(char) : `${JSON.stringify(char)} (${hex})`;
}

function isAllowedChar(chars: readonly string[], index: number): boolean {
  const char = chars[index] as string;
  if ((char.codePointAt(0) as number) < 0x80) return HOSTNAME_ASCII.test(char);
  if (char === MIDDLE_DOT) return chars[index - 1] === 'l' && chars[index + 1] === 'l';
  return LETTER_MARK_DIGIT.test(char) && !INVISIBLE_LETTER.test(char);
}

function characterProblem(label: string): string | undefined {
  const chars = Array.from(label);
  const index = chars.findIndex((_, i) => !isAllowedChar(chars, i));
  if (index < 0) return undefined;
  const where = chars[index] === MIDDLE_DOT ? ' outside "l·l"' : '';
  return `${describeChar(chars[index] as string)} is not allowed in a hostname${where} (letters, digits and hyphens only)`;
}

/** The checks every internationalised (non-ASCII) label must pass, typed or decoded. */
function unicodeLabelProblem(label: string): string | undefined {
  const chars = characterProblem(label);
  if (chars) return chars;
  const quoted = JSON.stringify(label);
  if (COMBINING_MARK.test(label)) return `label ${quoted} starts with a combining mark`;
  if (label.startsWith('-') || label.endsWith('-')) return `label ${quoted} starts or ends with a hyphen`;
  return bidiProblem(label);
}

function aceLabelProblem(label: string): string | undefined {
  const quoted = JSON.stringify(label);
  const decoded = punycodeDecode(label.slice(ACE_PREFIX.length));
  if (decoded === undefined || punycodeEncode(decoded) !== label.slice(ACE_PREFIX.length)) {
    return `label ${quoted} starts with "xn--" but is not valid Punycode`;
  }
  if (ASCII_ONLY.test(decoded)) return `label ${quoted} starts with "xn--" but encodes no international character`;
  if (mapDomain(decoded) !== decoded) {
    return `label ${quoted} decodes to ${JSON.stringify(decoded)}, which is not in normalised form (lower case, NFC)`;
  }
  const problem = unicodeLabelProblem(decoded);
  return problem ? `label ${quoted} is not a valid international label: ${problem}` : undefined;
}

/** One mapped label → its ASCII form, or why it cannot be converted. */
function labelToASCII(label: string): IdnaResult {
  if (ASCII_ONLY.test(label)) {
    const problem = characterProblem(label) ?? (label.startsWith(ACE_PREFIX) ? aceLabelProblem(label) : undefined);
    return problem ? { ok: false, reason: problem } : { ok: true, value: label };
  }
  const problem = unicodeLabelProblem(label);
  if (problem) return { ok: false, reason: problem };
  const encoded = punycodeEncode(label);
  if (encoded === undefined) return { ok: false, reason: `label ${JSON.stringify(label)} is too long to encode` };
  return { ok: true, value: ACE_PREFIX + encoded };
}

/** The outcome of a conversion: the ASCII form, or the reason it failed. @example `{ ok: true, value: 'xn--bcher-kva.de' }` */
export type IdnaResult = { ok: true; value: string } | { ok: false; reason: string };

/**
 * Converts a domain to ASCII without throwing: `{ ok: true, value }` or `{ ok: false, reason }`.
 * Empty labels are kept (`'a..b'` stays as it is): whether they are allowed is the
 * caller's rule.
 *
 * @example
 * ```ts
 * domainToASCII('münchen.de'); // { ok: true, value: 'xn--mnchen-3ya.de' }
 * domainToASCII('bad_host.com'); // { ok: false, reason: '"_" is not allowed in a hostname (letters, digits and hyphens only)' }
 * ```
 */
export function domainToASCII(domain: string): IdnaResult {
  const labels: string[] = [];
  for (const label of mapDomain(domain).split('.')) {
    const result = labelToASCII(label);
    if (!result.ok) return result;
    labels.push(result.value);
  }
  return { ok: true, value: labels.join('.') };
}

/**
 * Converts an internationalised domain name to its ASCII (Punycode) form: NFC/NFKC
 * normalised, lower-cased, full-stop variants `。．｡` read as `.`, each non-ASCII label
 * encoded as `xn--…` (RFC 3492). ASCII input is only lower-cased.
 *
 * @throws InputError (field `domain`) when a label holds a character a hostname cannot
 * have, breaks the bidi rule, or starts with `xn--` without being valid Punycode.
 *
 * @example
 * ```ts
 * toASCII('bücher.de'); // 'xn--bcher-kva.de'
 * toASCII('例え.jp'); // 'xn--r8jz45g.jp'
 * toASCII('ÄÖÜ.com'); // 'xn--4ca0bs.com'
 * ```
 */
export function toASCII(domain: string): string {
  if (typeof domain !== 'string') throw new InputError('domain', domain, 'must be a string');
  const result = domainToASCII(domain);
  if (!result.ok) throw new InputError('domain', domain, result.reason);
  return result.value;
}
