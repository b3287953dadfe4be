/**
 * The shape most field rules share: for every (field × variant), a valid base of the method with
 * that one field set to a bad value, so each case reads as a one-field diff.
 */
import fc from 'fast-check';
import type { IdentificationMethod, InvalidBodyCase, InvalidRule } from '../case';
import { validBody, validContentType } from '../valid-case';
import { bodyCase, withField } from './rule';

export function oneFieldCases<V extends string>(
  method: IdentificationMethod,
  rule: InvalidRule,
  fields: readonly string[],
  variants: readonly V[],
  badValue: (field: string, variant: V) => fc.Arbitrary<unknown>,
): fc.Arbitrary<InvalidBodyCase> {
  return fc.oneof(
    ...fields.flatMap((field) =>
      variants.map((variant) =>
        fc
          .tuple(validBody(method), validContentType, badValue(field, variant))
          .map(([base, contentType, value]) =>
            bodyCase({ method, rule, field, variant, contentType, body: withField(base, field, value), base }),
          ),
      ),
    ),
  );
}
