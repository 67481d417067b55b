import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { punycodeDecode, punycodeEncode } from '../../src/input/punycode.js';

const cp = (...codes: number[]) => String.fromCodePoint(...codes);

/** RFC 3492 §7.1 sample strings (code points as listed in the RFC). */
const RFC_3492_SAMPLES: [string, string, string][] = [
  [
    '(A) Arabic (Egyptian)',
    cp(
      0x644,
      0x64a,
      0x647,
      0x645,
      0x627,
      0x628,
      0x62a,
      0x643,
      0x644,
      0x645,
      0x648,
      0x634,
      0x639,
      0x631,
      0x628,
      0x64a,
      0x61f,
    ),
    'egbpdaj6bu4bxfgehfvwxn',
  ],
  [
    '(B) Chinese (simplified)',
    cp(0x4ed6, 0x4eec, 0x4e3a, 0x4ec0, 0x4e48, 0x4e0d, 0x8bf4, 0x4e2d, 0x6587),
    'ihqwcrb4cv8a8dqg056pqjye',
  ],
  [
    '(C) Chinese (traditional)',
    cp(0x4ed6, 0x5011, 0x7232, 0x4ec0, 0x9ebd, 0x4e0d, 0x8aaa, 0x4e2d, 0x6587),
    'ihqwctvzc91f659drss3x8bo0yb',
  ],
  ['(D) Czech', 'Pro\u010Dprost\u011Bnemluv\u00ED\u010Desky', 'Proprostnemluvesky-uyb24dma41a'],
  [
    '(E) Hebrew',
    cp(
      0x5dc,
      0x5de,
      0x5d4,
      0x5d4,
      0x5dd,
      0x5e4,
      0x5e9,
      0x5d5,
      0x5d8,
      0x5dc,
      0x5d0,
      0x5de,
      0x5d3,
      0x5d1,
      0x5e8,
      0x5d9,
      0x5dd,
      0x5e2,
      0x5d1,
      0x5e8,
      0x5d9,
      0x5ea,
    ),
    '4dbcagdahymbxekheh6e0a7fei0b',
  ],
  [
    '(F) Hindi (Devanagari)',
    cp(
      0x92f,
      0x939,
      0x932,
      0x94b,
      0x917,
      0x939,
      0x93f,
      0x928,
      0x94d,
      0x926,
      0x940,
      0x915,
      0x94d,
      0x92f,
      0x94b,
      0x902,
      0x928,
      0x939,
      0x940,
      0x902,
      0x92c,
      0x94b,
      0x932,
      0x938,
      0x915,
      0x924,
      0x947,
      0x939,
      0x948,
      0x902,
    ),
    'i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd',
  ],
  [
    '(G) Japanese (kanji and hiragana)',
    cp(
      0x306a,
      0x305c,
      0x307f,
      0x3093,
      0x306a,
      0x65e5,
      0x672c,
      0x8a9e,
      0x3092,
      0x8a71,
      0x3057,
      0x3066,
      0x304f,
      0x308c,
      0x306a,
      0x3044,
      0x306e,
      0x304b,
    ),
    'n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa',
  ],
  [
    '(H) Korean (Hangul syllables)',
    cp(
      0xc138,
      0xacc4,
      0xc758,
      0xbaa8,
      0xb4e0,
      0xc0ac,
      0xb78c,
      0xb4e4,
      0xc774,
      0xd55c,
      0xad6d,
      0xc5b4,
      0xb97c,
      0xc774,
      0xd574,
      0xd55c,
      0xb2e4,
      0xba74,
      0xc5bc,
      0xb9c8,
      0xb098,
      0xc88b,
      0xc744,
      0xae4c,
    ),
    '989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c',
  ],
  [
    '(I) Russian (Cyrillic)',
    cp(
      0x43f,
      0x43e,
      0x447,
      0x435,
      0x43c,
      0x443,
      0x436,
      0x435,
      0x43e,
      0x43d,
      0x438,
      0x43d,
      0x435,
      0x433,
      0x43e,
      0x432,
      0x43e,
      0x440,
      0x44f,
      0x442,
      0x43f,
      0x43e,
      0x440,
      0x443,
      0x441,
      0x441,
      0x43a,
      0x438,
    ),
    'b1abfaaepdrnnbgefbadotcwatmq2g4l',
  ],
  [
    '(J) Spanish',
    'Porqu\u00E9nopuedensimplementehablarenEspa\u00F1ol',
    'PorqunopuedensimplementehablarenEspaol-fmd56a',
  ],
  [
    '(K) Vietnamese',
    'T\u1EA1isaoh\u1ECDkh\u00F4ngth\u1EC3ch\u1EC9n\u00F3iti\u1EBFngVi\u1EC7t',
    'TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g',
  ],
  [
    '(L) 3<nen>B<gumi><kinpachi><sensei>',
    cp(0x33, 0x5e74, 0x42, 0x7d44, 0x91d1, 0x516b, 0x5148, 0x751f),
    '3B-ww4c5e180e575a65lsy2b',
  ],
  [
    '(M) <amuro><namie>-with-SUPER-MONKEYS',
    `${cp(0x5b89, 0x5ba4, 0x5948, 0x7f8e, 0x6075)}-with-SUPER-MONKEYS`,
    '-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n',
  ],
  [
    '(N) Hello-Another-Way-<sorezore><no><basho>',
    `Hello-Another-Way-${cp(0x305d, 0x308c, 0x305e, 0x308c, 0x306e, 0x5834, 0x6240)}`,
    'Hello-Another-Way--fc4qua05auwb3674vfr0b',
  ],
  [
    '(O) <hitotsu><yane><no><shita>2',
    `${cp(0x3072, 0x3068, 0x3064, 0x5c4b, 0x6839, 0x306e, 0x4e0b)}2`,
    '2-u9tlzr9756bt3uc0v',
  ],
  [
    '(P) Maji<de>Koi<suru>5<byou><mae>',
    `Maji${cp(0x3067)}Koi${cp(0x3059, 0x308b)}5${cp(0x79d2, 0x524d)}`,
    'MajiKoi5-783gue6qz075azm5e',
  ],
  ['(Q) <pafii>de<runba>', `${cp(0x30d1, 0x30d5, 0x30a3, 0x30fc)}de${cp(0x30eb, 0x30f3, 0x30d0)}`, 'de-jg4avhby1noc0d'],
  ['(R) <sono><supiido><de>', cp(0x305d, 0x306e, 0x30b9, 0x30d4, 0x30fc, 0x30c9, 0x3067), 'd9juau41awczczp'],
  ['(S) -> $1.00 <-', '-> $1.00 <-', '-> $1.00 <--'],
];

describe('punycodeEncode / punycodeDecode (RFC 3492)', () => {
  it.each(RFC_3492_SAMPLES)('%s', (_name, unicode, encoded) => {
    expect(punycodeEncode(unicode)).toBe(encoded);
    expect(punycodeDecode(encoded)).toBe(unicode);
  });

  it('encodes the IDN vectors used in the docs', () => {
    expect(punycodeEncode('bücher')).toBe('bcher-kva');
    expect(punycodeEncode('münchen')).toBe('mnchen-3ya');
    expect(punycodeEncode('例え')).toBe('r8jz45g');
    expect(punycodeEncode('äöü')).toBe('4ca0bs');
    expect(punycodeEncode('')).toBe('');
    expect(punycodeEncode('abc')).toBe('abc-');
  });

  it('rejects text that is not Punycode', () => {
    expect(punycodeDecode('-abc')).toBeUndefined(); // '-' is not a base-36 digit
    expect(punycodeDecode('a\u00FC-kva')).toBeUndefined(); // non-basic before the delimiter
    expect(punycodeDecode('bcher-kv')).toBeUndefined(); // truncated number
    expect(punycodeDecode('99999999999')).toBeUndefined(); // overflow
    expect(punycodeDecode('bcher-kva!')).toBeUndefined();
  });

  it('round-trips any string of code points (5,000 cases)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const encoded = punycodeEncode(text);
        expect(encoded).toBeDefined();
        expect(encoded).toMatch(/^\p{ASCII}*$/u);
        expect(punycodeDecode(encoded as string)).toBe(text);
      }),
      { numRuns: 5000 },
    );
  });

  it('decodes arbitrary base-36 text without throwing; what it decodes survives a round trip (5,000 cases)', () => {
    const base36 = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-');
    fc.assert(
      fc.property(fc.string({ unit: base36, maxLength: 30 }), (text) => {
        const decoded = punycodeDecode(text);
        if (decoded === undefined) return;
        expect(punycodeDecode(punycodeEncode(decoded) as string)).toBe(decoded);
      }),
      { numRuns: 5000 },
    );
  });
});
