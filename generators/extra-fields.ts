/**
 * Unknown extra fields, which the API must ignore (RR: unknown fields are ignored). Names start
 * with `x_` so they can never collide with a documented field; values are any JSON type. String
 * values keep the no-edge-whitespace rule so that a strict server cannot reject a valid case for
 * a reason the contract leaves open.
 */
import fc from 'fast-check';
import { freeText } from './text';

const extraName: fc.Arbitrary<string> = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_'),
    minLength: 1,
    maxLength: 16,
    size: 'max',
  })
  .map((s) => `x_${s}`);

const extraScalar: fc.Arbitrary<unknown> = fc.oneof(
  freeText({ maxUnits: 40 }),
  fc.integer(),
  // Finite doubles only: NaN and Infinity are not JSON. -0 serialises as 0, which is still a number.
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

const extraValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: extraScalar, weight: 4 },
  { arbitrary: fc.array(extraScalar, { maxLength: 4, size: 'max' }), weight: 1 },
  { arbitrary: fc.dictionary(extraName, extraScalar, { maxKeys: 3, size: 'max', noNullPrototype: true }), weight: 1 },
);

/**
 * Zero to three unknown fields (none most often, so the documented fields dominate). withCrossShrink
 * lets a counterexample drop its extras entirely instead of keeping one minimal `x_a: 0`.
 */
export const extraFields: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.constant({}), weight: 2 },
  {
    arbitrary: fc.dictionary(extraName, extraValue, { minKeys: 1, maxKeys: 3, size: 'max', noNullPrototype: true }),
    weight: 1,
  },
);
