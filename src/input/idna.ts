import { InputError } from '../core/errors.js';
import { bidiProblem } from './bidi.js';
import { JOINS_BACKWARD, JOINS_FORWARD } from './joining.js';
import { punycodeDecode, punycodeEncode } from './punycode.js';

/**
 * Internationalised domain names → ASCII (the IDNA "ToASCII" operation), in pure
 * TypeScript so it behaves the same on every runtime.
 *
 * Mapping (UTS #46, non-transitional, as browsers do): compatibility forms are folded
 * (NFKC: `ｆｕｌｌ` → `full`, `ﬁ` → `fi`), letters are lower-cased one by one (so `Σ` is
 * always `σ`; `ß` and `ς` are kept), the ideographic and full-width full stops `。．｡`
 * separate labels like `.`, and the result is NFC. The invisible marks UTS #46 ignores are
 * dropped, as browsers drop them: variation selectors U+FE00–FE0F and U+E0100–E01EF, the
 * Mongolian free variation selectors U+180B–180D and U+180F, the combining grapheme joiner
 * U+034F (`葛\u{E0100}飾` is `葛飾`, `café\uFE0E` is `café`).
 *
 * Validity (stricter than browsers, closer to IDNA 2008): a label may hold only letters,
 * marks and digits besides ASCII letters, digits and hyphens; symbols, spaces, controls and
 * invisible formatting characters are rejected rather than dropped, including the ones
 * UTS #46 ignores (the soft hyphen U+00AD, U+200B, U+2060, U+2064, U+FEFF, U+1BCA0–1BCA3).
 * As browsers do, it also rejects a character that compatibility folding turns into a dot
 * (`․` U+2024, `⒈`, `﹒`, `︒`, `㏂`: it would split the label). As IDNA 2008 and UTS #46 up
 * to Unicode 15.1 (URL on Node 20) do, it rejects the Georgian capitals U+10A0–10C5, `Ӏ`
 * U+04C0, `Ⅎ` U+2132, `Ↄ` U+2183, five CJK compatibility ideographs and the Khmer inherent
 * vowels U+17B4/17B5, which UTS #46 maps or drops from Unicode 16 on (Node 24, Bun).
 *
 * The characters IDNA 2008 allows only in context (RFC 5892) are allowed there and nowhere
 * else: ZERO WIDTH JOINER right after a virama (`ශ්\u200Dරී`); ZERO WIDTH NON-JOINER right
 * after a virama, or between a letter that joins the next one and a letter that joins the
 * previous one, with only transparent marks between (`نامه\u200Cای`, joining types of
 * Unicode 15.0); `·` between two l's (`col·legi`); `・` in a label with Hiragana, Katakana
 * or Han; `׳` `״` after a Hebrew character; `͵` before a Greek one. Browsers accept the
 * last four anywhere, and Node's URL parser checks a ZWNJ more loosely (any joining letter
 * anywhere before and after it) than Bun's and Deno's, which answer as this module does.
 *
 * An internationalised label may not start with a combining mark or start or end with a
 * hyphen; labels with right-to-left letters must keep the bidi rule; an `xn--` label must be
 * well-formed Punycode of an internationalised label in normalised form that passes the
 * same checks. Label lengths and the rules for ASCII labels belong to the hostname check.
 *
 * @example
 * ```ts
 * toASCII('Bücher.de'); // 'xn--bcher-kva.de'
 * ```
 * @module
 */

const FULL_STOP_CHARS = '\u3002\uFF0E\uFF61';
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
/** Marks UTS #46 maps to nothing (status "ignored"): variation selectors and the CGJ. */
const IGNORED_MARKS = /[\u034F\u180B-\u180D\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
/**
 * Letters and marks UTS #46 disallows: lower-casing or NFKC would turn the first ones into
 * allowed letters, so they are refused before mapping.
 */
const DISALLOWED = /[\u04C0\u10A0-\u10C5\u17B4\u17B5\u2132\u2183\u{2F868}\u{2F874}\u{2F91F}\u{2F95F}\u{2F9BF}]/u;
/** Transparent characters (Joining_Type T) that may stand between a ZWNJ and the letters it separates. */
const TRANSPARENT = /[\p{Mn}\p{Me}\u{1E94B}]/u;

/** Whether NFD leaves `first` and `second` in that order (it sorts marks by combining class). */
function keepsOrder(first: string, second: string): boolean {
  return `${first}${second}`.normalize('NFD') === `${first}${second}`;
}

/**
 * A virama (Canonical_Combining_Class 9), found without a table: NFD moves it before U+05B0
 * (class 10) but not before U+094D (class 9); a character NFD decomposes fails the second test.
 */
function isVirama(char = ''): boolean {
  return !keepsOrder('\u05B0', char) && keepsOrder('\u094D', char);
}

/** RFC 5892 A.1: (Joining_Type L|D)(T)* ZWNJ (T)*(Joining_Type R|D). */
function isJoiningContext(chars: readonly string[], index: number): boolean {
  let before = index - 1;
  while (TRANSPARENT.test(chars[before] ?? '')) before--;
  let after = index + 1;
  while (TRANSPARENT.test(chars[after] ?? '')) after++;
  return JOINS_FORWARD.test(chars[before] ?? '') && JOINS_BACKWARD.test(chars[after] ?? '');
}

type ContextRule = readonly [where: string, allowed: (chars: readonly string[], index: number) => boolean];

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
const HEBREW = /\p{Script=Hebrew}/u;
const GREEK = /\p{Script=Greek}/u;
const AFTER_HEBREW: ContextRule = [' except after a Hebrew character', (chars, i) => HEBREW.test(chars[i - 1] ?? '')];

/**
 * The characters IDNA 2008 allows only in context (RFC 5892 CONTEXTJ and CONTEXTO): what
 * the error says of where they are refused, and the test of their context. The keys are
 * literals, none computed, so that a bundle that checks no hostname can leave the table out.
 */
const CONTEXTUAL: Readonly<Record<string, ContextRule>> = {
  // ZERO WIDTH JOINER
  '\u200D': [' except after a virama', (chars, i) => isVirama(chars[i - 1])],
  // ZERO WIDTH NON-JOINER
  '\u200C': [
    ' except after a virama or between joining letters',
    (chars, i) => isVirama(chars[i - 1]) || isJoiningContext(chars, i),
  ],
  '\u00B7': [' outside "l·l"', (chars, i) => chars[i - 1] === 'l' && chars[i + 1] === 'l'],
  '\u30FB': [' in a label without Hiragana, Katakana or Han', (chars) => chars.some((char) => JAPANESE.test(char))],
  '\u05F3': AFTER_HEBREW,
  '\u05F4': AFTER_HEBREW,
  '\u0375': [' except before a Greek character', (chars, i) => GREEK.test(chars[i + 1] ?? '')],
};

/** Cherokee folds to its upper-case letters (they came first in Unicode). */
function isCherokee(code: number): boolean {
  return (code >= 0x13a0 && code <= 0x13fd) || (code >= 0xab70 && code <= 0xabbf);
}

function foldCase(char: string): string {
  return isCherokee(char.codePointAt(0) as number) ? char.toUpperCase() : char.toLowerCase();
}

/**
 * Applies the IDNA mapping to a whole domain: ignored marks dropped, compatibility
 * folding, case folding, the full-stop variants turned into `.`, NFC.
 *
 * @example
 * ```ts
 * mapDomain('ＡＰＰ。Bücher.DE'); // 'app.bücher.de'
 * ```
 */
export function mapDomain(domain: string): string {
  const special = Array.from(domain.replace(IGNORED_MARKS, ''), (char) => SPECIAL_FOLDS[char] ?? char).join('');
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

const ONLY_LDH = ' (letters, digits and hyphens only)';
const DISALLOWED_WHY = ' (IDNA disallows it)';

/** Why the character at `index` cannot be in the label (how the error ends), or `undefined` when it can. */
function charProblem(chars: readonly string[], index: number): string | undefined {
  const char = chars[index] as string;
  const rule = CONTEXTUAL[char];
  if (rule) return rule[1](chars, index) ? undefined : rule[0] + ONLY_LDH;
  if (DISALLOWED.test(char)) return DISALLOWED_WHY;
  const allowed =
    (char.codePointAt(0) as number) < 0x80
      ? HOSTNAME_ASCII.test(char)
      : LETTER_MARK_DIGIT.test(char) && !INVISIBLE_LETTER.test(char);
  return allowed ? undefined : ONLY_LDH;
}

function notAllowed(char: string, why: string): string {
  return `${describeChar(char)} is not allowed in a hostname${why}`;
}

function characterProblem(label: string): string | undefined {
  const chars = Array.from(label);
  for (let index = 0; index < chars.length; index++) {
    const why = charProblem(chars, index);
    if (why !== undefined) return notAllowed(chars[index] as string, why);
  }
  return undefined;
}

/**
 * The characters refused before mapping: those UTS #46 disallows although mapping would
 * make them allowed letters, and those compatibility folding turns into a dot (`⒈` → `1.`),
 * which would split the label.
 */
function inputProblem(domain: string): string | undefined {
  for (const char of domain) {
    if (char < '\u0080' || FULL_STOP_CHARS.includes(char)) continue;
    if (DISALLOWED.test(char)) return notAllowed(char, DISALLOWED_WHY);
    const folded = char.normalize('NFKC').replace(FULL_STOPS, '.');
    if (folded.includes('.')) {
      return notAllowed(char, ` (it reads as ${JSON.stringify(folded)}, which would split the label)`);
    }
  }
  return undefined;
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
  const problem = inputProblem(domain);
  if (problem) return { ok: false, reason: problem };
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
