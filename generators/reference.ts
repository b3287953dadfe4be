/**
 * `reference`: "a reference supplied by the identification provider". Provider references look like
 * the page's `TST-ELCCJ` or a UUID; partners also pass their own free text, so both are generated.
 */
import fc from 'fast-check';
import { freeText } from './text';

const upper = (length: number): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    minLength: length,
    maxLength: length,
    size: 'max',
  });

/** `TST-ELCCJ`-like: three letters, a dash, five letters. */
export const providerReference: fc.Arbitrary<string> = fc.tuple(upper(3), upper(5)).map(([a, b]) => `${a}-${b}`);

export const referenceText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: providerReference, weight: 2 },
  { arbitrary: fc.uuid(), weight: 1 },
  { arbitrary: freeText(), weight: 3 },
);
