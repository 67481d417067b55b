/**
 * Punycode (RFC 3492): the Bootstring encoding that turns a label of Unicode code points
 * into letters, digits and hyphens. Pure functions; the IDNA rules that decide which
 * labels may be encoded live in `idna.ts`.
 *
 * @example
 * ```ts
 * punycodeEncode('bücher'); // 'bcher-kva'
 * punycodeDecode('bcher-kva'); // 'bücher'
 * ```
 * @module
 */

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 0x80;
const DELIMITER = '-';
/** Largest value the arithmetic may reach (2^31 - 1, as in the RFC's sample code). */
const MAX_INT = 0x7fffffff;

function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function threshold(k: number, bias: number): number {
  if (k <= bias) return T_MIN;
  if (k >= bias + T_MAX) return T_MAX;
  return k - bias;
}

/** 0–25 → 'a'–'z', 26–35 → '0'–'9'. */
function digitToChar(digit: number): string {
  return String.fromCharCode(digit < 26 ? digit + 97 : digit + 22);
}

/** The digit value of a basic code point, or `undefined` when it is not a base-36 digit. */
function charToDigit(code: number): number | undefined {
  if (code >= 0x30 && code <= 0x39) return code - 22;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41;
  if (code >= 0x61 && code <= 0x7a) return code - 0x61;
  return undefined;
}

/**
 * Encodes one label with Punycode (RFC 3492 §6.3), without the `xn--` prefix. Basic code
 * points keep their case. Returns `undefined` when the arithmetic would overflow (a label
 * far longer than DNS allows).
 *
 * @example
 * ```ts
 * punycodeEncode('münchen'); // 'mnchen-3ya'
 * punycodeEncode('例え'); // 'r8jz45g'
 * ```
 */
export function punycodeEncode(label: string): string | undefined {
  const input = Array.from(label, (char) => char.codePointAt(0) as number);
  let output = input
    .filter((code) => code < INITIAL_N)
    .map((code) => String.fromCharCode(code))
    .join('');
  const basicCount = output.length;
  let handled = basicCount;
  if (basicCount > 0) output += DELIMITER;

  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < input.length) {
    let next = Number.MAX_SAFE_INTEGER;
    for (const code of input) if (code >= n && code < next) next = code;
    if (next - n > Math.floor((MAX_INT - delta) / (handled + 1))) return undefined;
    delta += (next - n) * (handled + 1);
    n = next;
    for (const code of input) {
      if (code < n && ++delta > MAX_INT) return undefined;
      if (code !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = threshold(k, bias);
        if (q < t) break;
        output += digitToChar(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      output += digitToChar(q);
      bias = adapt(delta, handled + 1, handled === basicCount);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return output;
}

/**
 * Decodes one Punycode label (RFC 3492 §6.2), without the `xn--` prefix. Returns
 * `undefined` when the text is not valid Punycode (a non-basic character before the last
 * hyphen, a character that is not a base-36 digit, a truncated number, an overflow, or a
 * code point beyond U+10FFFF or in the surrogate range).
 *
 * @example
 * ```ts
 * punycodeDecode('mnchen-3ya'); // 'münchen'
 * punycodeDecode('99999999999'); // undefined
 * ```
 */
export function punycodeDecode(encoded: string): string | undefined {
  const cut = encoded.lastIndexOf(DELIMITER);
  const basic = cut > 0 ? encoded.slice(0, cut) : '';
  const output: number[] = [];
  for (let i = 0; i < basic.length; i++) {
    const code = basic.charCodeAt(i);
    if (code >= INITIAL_N) return undefined;
    output.push(code);
  }

  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  let position = cut > 0 ? cut + 1 : 0;
  while (position < encoded.length) {
    const oldI = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (position >= encoded.length) return undefined;
      const digit = charToDigit(encoded.charCodeAt(position++));
      if (digit === undefined || digit > Math.floor((MAX_INT - i) / w)) return undefined;
      i += digit * w;
      const t = threshold(k, bias);
      if (digit < t) break;
      if (w > Math.floor(MAX_INT / (BASE - t))) return undefined;
      w *= BASE - t;
    }
    const length = output.length + 1;
    bias = adapt(i - oldI, length, oldI === 0);
    if (Math.floor(i / length) > MAX_INT - n) return undefined;
    n += Math.floor(i / length);
    i %= length;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return undefined;
    output.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...output);
}
