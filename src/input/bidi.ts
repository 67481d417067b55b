/**
 * The bidi rule for internationalised labels (RFC 5893 §2), applied to every label that
 * holds a right-to-left character, as RFC 5891 §4.2.3.4 asks. Bidi classes are derived
 * from Unicode blocks and general categories, which is exact enough for the letters, marks
 * and digits a hostname label may contain.
 *
 * @example
 * ```ts
 * bidiProblem('مثال'); // undefined
 * bidiProblem('aمثال'); // 'label "aمثال" mixes left-to-right and right-to-left characters (RFC 5893 bidi rule)'
 * ```
 * @module
 */

/** The bidi classes a hostname label can hold (R stands for both R and AL). */
type BidiClass = 'L' | 'R' | 'AN' | 'EN' | 'ES' | 'NSM' | 'ON';

/**
 * The blocks Unicode reserves for right-to-left scripts (Hebrew, Arabic, Syriac, Thaana,
 * NKo…, the historic scripts of U+10800–U+10FFF, Mende Kikakui, Adlam…): every letter and
 * digit in them is R or AL, except the numbers matched first below.
 */
const RIGHT_TO_LEFT_BLOCK = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
const ARABIC_NUMBER = /[\u0660-\u0669\u066B\u066C\u{10D30}-\u{10D39}\u{10E60}-\u{10E7E}]/u;
const EUROPEAN_NUMBER = /[0-9\u06F0-\u06F9]/;
const NON_SPACING_MARK = /[\p{Mn}\p{Me}]/u;
const LEFT_TO_RIGHT = /[\p{L}\p{N}\p{Mc}]/u;

function bidiClass(char: string): BidiClass {
  if (char === '-') return 'ES';
  if (EUROPEAN_NUMBER.test(char)) return 'EN';
  if (ARABIC_NUMBER.test(char)) return 'AN';
  if (NON_SPACING_MARK.test(char)) return 'NSM';
  if (RIGHT_TO_LEFT_BLOCK.test(char)) return 'R';
  return LEFT_TO_RIGHT.test(char) ? 'L' : 'ON';
}

/**
 * Why a label breaks the bidi rule, or `undefined` when it keeps it (labels without any
 * right-to-left character always do).
 *
 * @example
 * ```ts
 * bidiProblem('שלום'); // undefined
 * bidiProblem('1שלום'); // 'label "1שלום" must start with a right-to-left letter (RFC 5893 bidi rule)'
 * ```
 */
export function bidiProblem(label: string): string | undefined {
  const classes = Array.from(label, bidiClass);
  if (!classes.some((c) => c === 'R' || c === 'AN')) return undefined;
  const rule = `label ${JSON.stringify(label)}`;
  if (classes.includes('L')) return `${rule} mixes left-to-right and right-to-left characters (RFC 5893 bidi rule)`;
  if (classes[0] !== 'R') return `${rule} must start with a right-to-left letter (RFC 5893 bidi rule)`;
  const last = classes.filter((c) => c !== 'NSM').at(-1);
  if (last !== 'R' && last !== 'EN' && last !== 'AN') {
    return `${rule} must end with a right-to-left letter or a digit (RFC 5893 bidi rule)`;
  }
  if (classes.includes('EN') && classes.includes('AN')) {
    return `${rule} mixes European and Arabic-Indic digits (RFC 5893 bidi rule)`;
  }
  return undefined;
}
