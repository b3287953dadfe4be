/**
 * `not-an-object`: a JSON body that is valid JSON but not an object, made from the base the way
 * broken clients make it: the request wrapped in an array, the request double-encoded into a
 * string, or a bare method name, number, boolean or null.
 */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { bodyCase, defineRule } from '../_internals/rule';
import { validBody, validContentType } from '../valid-case';

const VARIANTS = ['array', 'string', 'number', 'boolean', 'null'] as const;
type Variant = (typeof VARIANTS)[number];

/** The non-object body as a function of the base, drawn independently of it (no chain: the base shrinks on its own). */
const nonObject = (variant: Variant): fc.Arbitrary<(base: Record<string, unknown>) => unknown> => {
  switch (variant) {
    case 'array':
      return fc.boolean().map((wrap) => (base) => (wrap ? [base] : []));
    case 'string':
      return fc.boolean().map((encode) => (base) => (encode ? JSON.stringify(base) : base['method']));
    case 'number':
      return fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((n) => () => n);
    case 'boolean':
      return fc.boolean().map((b) => () => b);
    case 'null':
      return fc.constant(() => null);
  }
};

export const notAnObjectRule = defineRule({
  rule: 'not-an-object',
  family: 'body-shape',
  judgedBy: 'malformed-requests',
  order: 90,
  level: 'body',
  fields: [null],
  variants: VARIANTS,
  methods: IDENTIFICATION_METHODS,
  description: 'a JSON body that is not an object: array, string, number, boolean, null',
  arbitrary: (method: IdentificationMethod) =>
    fc.oneof(
      ...VARIANTS.map((variant) =>
        fc
          .tuple(validBody(method), validContentType, nonObject(variant))
          .map(([base, contentType, make]) =>
            bodyCase({ method, rule: 'not-an-object', field: null, variant, contentType, body: make(base), base }),
          ),
      ),
    ),
});
