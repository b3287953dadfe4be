/**
 * `type`: a documented field (all are strings) sent as a number, a boolean, an object or an
 * array. Objects and arrays sometimes wrap a valid value (`{"value": "DE"}`, `["DE"]`), the way a
 * client with a serialisation bug sends them. `null` is not here: it is valid for every optional
 * field, and for `method` it is the method-required rule.
 */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { SCHEMA_FIELDS } from '../_internals/json-schema';
import { defineRule } from '../_internals/rule';
import { oneFieldCases } from '../_internals/one-field';
import { fieldValue } from '../valid-case';

const VARIANTS = ['number', 'boolean', 'object', 'array'] as const;

const wrongValue = (
  method: IdentificationMethod,
  field: string,
  variant: (typeof VARIANTS)[number],
): fc.Arbitrary<unknown> => {
  const valid = fieldValue(method, field);
  switch (variant) {
    case 'number':
      return fc.oneof(
        fc.integer({ min: -1_000_000, max: 99_999_999 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    case 'boolean':
      return fc.boolean();
    case 'object':
      return fc.oneof(
        fc.constant({}),
        valid.map((value) => ({ value })),
      );
    case 'array':
      return fc.oneof(
        fc.constant([]),
        valid.map((value) => [value]),
      );
  }
};

export const typeRule = defineRule({
  rule: 'type',
  family: 'type',
  judgedBy: 'negative-rejection',
  order: 40,
  level: 'body',
  fields: SCHEMA_FIELDS,
  variants: VARIANTS,
  methods: IDENTIFICATION_METHODS,
  description: 'a string field sent as a number, boolean, object or array',
  arbitrary: (method: IdentificationMethod) =>
    oneFieldCases(method, 'type', SCHEMA_FIELDS, VARIANTS, (field, variant) => wrongValue(method, field, variant)),
});
