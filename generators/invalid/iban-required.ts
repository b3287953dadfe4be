/**
 * `iban-required`: with `bank` and `bank_id` the IBAN is mandatory (the schema's if/then); the
 * case drops it, nulls it or empties it. Applies to exactly the methods whose compiled schema
 * requires `iban`, so a schema change moves the rule with it.
 */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { bodyCase, defineRule, withField, withoutField } from '../_internals/rule';
import { compiledFor, validBody, validContentType } from '../valid-case';

const VARIANTS = ['absent', 'null', 'empty'] as const;

export const ibanRequired = defineRule({
  rule: 'iban-required',
  family: 'required',
  judgedBy: 'negative-rejection',
  order: 20,
  level: 'body',
  fields: ['iban'],
  variants: VARIANTS,
  methods: IDENTIFICATION_METHODS.filter((m) => (compiledFor(m).effective.required ?? []).includes('iban')),
  description: '`iban` absent, null or empty where the method requires it (bank, bank_id)',
  arbitrary: (method: IdentificationMethod) => {
    if (!ibanRequired.methods.includes(method)) throw new Error(`iban-required: does not apply to method "${method}"`);
    return fc
      .tuple(validBody(method), validContentType, fc.constantFrom(...VARIANTS))
      .map(([base, contentType, variant]) =>
        bodyCase({
          method,
          rule: 'iban-required',
          field: 'iban',
          variant,
          contentType,
          body:
            variant === 'absent' ? withoutField(base, 'iban') : withField(base, 'iban', variant === 'null' ? null : ''),
          base,
        }),
      );
  },
});
