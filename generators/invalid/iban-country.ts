/**
 * `iban-country`: Bankident (`bank`) accepts German IBANs only, so a perfectly valid IBAN of
 * another country breaks the rule for that method alone. The IBAN is valid (ISO 13616, mod-97):
 * the one defect is its country.
 */
import fc from 'fast-check';
import type { IdentificationMethod } from '../case';
import { nonGermanIban } from '../iban';
import { bodyCase, defineRule, withField } from '../_internals/rule';
import { validBody, validContentType } from '../valid-case';

const METHODS: readonly IdentificationMethod[] = ['bank'];

export const ibanCountryRule = defineRule({
  rule: 'iban-country',
  family: 'iban',
  judgedBy: 'negative-rejection',
  order: 80,
  level: 'body',
  fields: ['iban'],
  variants: ['foreign'],
  methods: METHODS,
  description: 'a valid IBAN of another country than Germany with bank (Bankident accepts German IBANs only)',
  arbitrary: (method: IdentificationMethod) => {
    if (!METHODS.includes(method)) throw new Error(`iban-country: does not apply to method "${method}"`);
    return fc.tuple(validBody(method), validContentType, nonGermanIban).map(([base, contentType, iban]) =>
      bodyCase({
        method,
        rule: 'iban-country',
        field: 'iban',
        variant: 'foreign',
        contentType,
        body: withField(base, 'iban', iban),
        base,
      }),
    );
  },
});
