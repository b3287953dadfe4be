/**
 * `enum`: a value outside an enum: a realistic wrong value (`video_ident`, `FR`, `UTILITY_BILL`),
 * a case variant of a valid value (enums are case-sensitive: `IDNOW`, `de`), or the empty string.
 * For `method` the wrong-case value is a variant of the base's own method, and the body keeps it:
 * the case's top-level `method` still names the method the base came from.
 */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { fieldsWhere, REQUEST_SCHEMA } from '../_internals/json-schema';
import { defineRule, nonEmpty } from '../_internals/rule';
import { oneFieldCases } from '../_internals/one-field';

const VARIANTS = ['outside', 'wrong-case', 'empty'] as const;

const FIELDS = fieldsWhere((s) => Array.isArray(s.enum));

const enumOf = (field: string): readonly string[] =>
  (REQUEST_SCHEMA.properties?.[field]?.enum ?? []).filter((v): v is string => typeof v === 'string');

/** Wrong values clients really send; checked against the enum at load time. */
const OUTSIDE: Readonly<Record<string, readonly string[]>> = {
  method: [
    'video_ident',
    'videoident',
    'bankident',
    'bank-id',
    'id_now',
    'post_ident',
    'eid',
    'fourthline_kyc',
    'manual_review',
    'unknown',
  ],
  language: ['FR', 'IT', 'ES', 'GER', 'ENG', 'DEU', 'de-DE', 'en_US', 'german', 'english'],
  proof_of_address_type: [
    'UTILITY_BILL',
    'PASSPORT',
    'BANK_STATEMENT',
    'ID_CARD',
    'TAX_RETURN',
    'RENTAL_AGREEMENT',
    'MOBILE_PHONE_BILL',
    'OTHER',
  ],
};

const titleCase = (s: string): string =>
  s.toLowerCase().replace(/(^|[_-])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
const CASE_CHANGES: readonly ((s: string) => string)[] = [
  (s) => s.toLowerCase(),
  (s) => s.toUpperCase(),
  (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  titleCase,
  (s) => [...s].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join(''),
  (s) => (s === 'idnow' ? 'IDnow' : s), // the brand's own spelling
];

/** Case variants of one valid value that are not themselves valid, computed once (no filtering at run time). */
const caseVariants = (value: string, allowed: readonly string[]): readonly string[] =>
  [...new Set(CASE_CHANGES.map((change) => change(value)))].filter((v) => !allowed.includes(v));

for (const field of FIELDS) {
  const allowed = enumOf(field);
  const outside = OUTSIDE[field] ?? [];
  if (outside.length === 0) throw new Error(`enum: no outside values for enum field "${field}"`);
  for (const v of outside) if (allowed.includes(v)) throw new Error(`enum: "${v}" is in the enum of ${field}`);
  for (const v of allowed)
    if (caseVariants(v, allowed).length === 0) throw new Error(`enum: no case variant for ${field}=${v}`);
}

/** The bad value for one (field, variant); `method` case variants come from the base's own method. */
const badValue = (
  method: IdentificationMethod,
  field: string,
  variant: (typeof VARIANTS)[number],
): fc.Arbitrary<string> => {
  const allowed = enumOf(field);
  switch (variant) {
    case 'outside':
      return fc.constantFrom(...nonEmpty(OUTSIDE[field] ?? [], 'enum outside'));
    case 'wrong-case':
      return field === 'method'
        ? fc.constantFrom(...nonEmpty(caseVariants(method, allowed), 'enum wrong-case'))
        : fc.constantFrom(
            ...nonEmpty([...new Set(allowed.flatMap((v) => caseVariants(v, allowed)))], 'enum wrong-case'),
          );
    case 'empty':
      return fc.constant('');
  }
};

export const enumRule = defineRule({
  rule: 'enum',
  family: 'enum',
  judgedBy: 'negative-rejection',
  order: 30,
  level: 'body',
  fields: FIELDS,
  variants: VARIANTS,
  methods: IDENTIFICATION_METHODS,
  description: 'a value outside an enum (method, language, proof_of_address_type): unknown value, wrong case, empty',
  arbitrary: (method: IdentificationMethod) =>
    oneFieldCases(method, 'enum', FIELDS, VARIANTS, (field, variant) => badValue(method, field, variant)),
});
