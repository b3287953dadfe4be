/**
 * Free text as real clients send it: mostly ASCII, with umlauts, accents, emoji, CJK and other
 * scripts mixed in, 1 to several hundred characters, never starting or ending with whitespace
 * (JS `\s`, the definition the schema's pattern uses). Valid by construction: the first and last
 * units are drawn from a pool without whitespace, whitespace only appears inside.
 */
import fc from 'fast-check';

/** JS `\s`, one code point: the whitespace definition of the schema pattern and the whitespace rule. */
export const isJsWhitespace = (ch: string): boolean => /^\s$/u.test(ch);

// Letters and digits first: fc.constantFrom shrinks toward its first value, so text shrinks to "a".
const ASCII_VISIBLE =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:#()+,;@!?&%*\'"=<>[]{}|~^$`\\';
const LATIN_EXTENDED = 'äöüÄÖÜßéèêëàáâçñøåæœłśžčříóúÿÉÈŁŠŽÇ';
// Multi-code-point graphemes on purpose: a skin-tone modifier, a ZWJ family, a flag, a
// variation selector and a combining accent must survive the trip intact.
const EMOJI = ['😀', '🎉', '👍🏽', '👨‍👩‍👧', '🇩🇪', '❤️', '✅', '🚀', '🏦', 'e\u0301'];

const codePointIn = (min: number, max: number): fc.Arbitrary<string> =>
  fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));

/** One visible unit (a code point or a grapheme cluster), never whitespace. */
export const visibleUnit: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...ASCII_VISIBLE), weight: 12 },
  { arbitrary: fc.constantFrom(...LATIN_EXTENDED), weight: 3 },
  { arbitrary: fc.constantFrom(...EMOJI), weight: 1 },
  { arbitrary: codePointIn(0x4e00, 0x9fff), weight: 1 }, // CJK unified ideographs
  { arbitrary: codePointIn(0x3041, 0x3096), weight: 1 }, // Hiragana
  { arbitrary: codePointIn(0x0410, 0x044f), weight: 1 }, // Cyrillic
  { arbitrary: fc.constantFrom(...'αβγδεζηθικλμνξοπρστυφχψωΓΔΘΛΞΠΣΦΨΩ'), weight: 1 }, // Greek
);

/** A unit allowed inside text: visible units, and whitespace (mostly plain spaces). */
export const innerUnit: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: visibleUnit, weight: 12 },
  { arbitrary: fc.constant(' '), weight: 3 },
  { arbitrary: fc.constantFrom('\t', '\n', '\u00a0', '\u3000'), weight: 1 },
);

export interface FreeTextConstraints {
  /** Upper bound, in units (a unit is a code point or a grapheme cluster). Default 600. */
  maxUnits?: number;
}

/**
 * Free text with no edge whitespace. Length buckets instead of one wide range so that both short
 * references and texts of several hundred characters come up often; shrinking goes to one unit.
 */
export const freeText = (constraints: FreeTextConstraints = {}): fc.Arbitrary<string> => {
  const maxUnits = constraints.maxUnits ?? 600;
  if (maxUnits < 1) throw new Error('freeText: maxUnits must be at least 1');
  if (maxUnits === 1) return visibleUnit;
  // `size: 'max'` everywhere: the generated lengths must not depend on fc.configureGlobal's
  // baseSize, or the same seed would give different cases under different runners.
  const innerMax = Math.max(0, maxUnits - 2);
  const shortInner = fc.string({ unit: innerUnit, maxLength: Math.min(innerMax, 30), size: 'max' });
  const longInner =
    innerMax > 30 ? fc.string({ unit: innerUnit, minLength: 31, maxLength: innerMax, size: 'max' }) : shortInner;
  const inner = fc.oneof(
    { withCrossShrink: true },
    { arbitrary: shortInner, weight: 3 },
    { arbitrary: longInner, weight: 1 },
  );
  return fc
    .tuple(visibleUnit, fc.option(fc.tuple(inner, visibleUnit), { nil: undefined }))
    .map(([first, rest]) => (rest === undefined ? first : first + rest[0] + rest[1]));
};
