/**
 * `iban-format`: an IBAN that fails ISO 13616, one defect at a time, starting from a valid IBAN of
 * the method (the base's own where it has one):
 * - `checksum`: other check digits (ibantools compares them exactly, so any change fails);
 * - `country-code`: a code with no IBAN format (`XX`), check digits recomputed so only the country is wrong;
 * - `length`: one character short or long for the country, check digits recomputed;
 * - `characters`: one BBAN character replaced by a character no IBAN contains.
 */
import fc from 'fast-check';
import { countrySpecs } from 'ibantools';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { withCheckDigits } from '../iban';
import { fieldsWhere } from '../_internals/json-schema';
import { bodyCase, defineRule, withField } from '../_internals/rule';
import { fieldValue, validBody, validContentType } from '../valid-case';

const VARIANTS = ['checksum', 'country-code', 'length', 'characters'] as const;
type Variant = (typeof VARIANTS)[number];
const FIELDS = fieldsWhere((s) => s.format === 'iban');

/** Codes with no IBAN format in ibantools' table (checked at load). */
const UNKNOWN_COUNTRIES = ['XX', 'ZZ', 'QQ', 'AA'] as const;
for (const code of UNKNOWN_COUNTRIES)
  if (countrySpecs[code]?.chars) throw new Error(`iban-format: ${code} has an IBAN format`);

const ILLEGAL_CHARACTERS = ['!', '-', '?', '*', '#', '.', '/', '_', 'Ä', '€'] as const;

/** How to break an IBAN: the parameters are drawn independently of the IBAN, then applied to it. */
const breaker = (variant: Variant): fc.Arbitrary<(iban: string) => string> => {
  switch (variant) {
    case 'checksum':
      return fc.integer({ min: 1, max: 99 }).map((delta) => (iban) => {
        const digits = String((Number(iban.slice(2, 4)) + delta) % 100).padStart(2, '0');
        return iban.slice(0, 2) + digits + iban.slice(4);
      });
    case 'country-code':
      return fc.constantFrom(...UNKNOWN_COUNTRIES).map((code) => (iban) => withCheckDigits(code, iban.slice(4)));
    case 'length':
      return fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 })).map(([longer, digit]) => (iban) => {
        const bban = iban.slice(4);
        return withCheckDigits(iban.slice(0, 2), longer ? bban + String(digit) : bban.slice(0, -1));
      });
    case 'characters':
      return fc.tuple(fc.nat(), fc.constantFrom(...ILLEGAL_CHARACTERS)).map(([at, ch]) => (iban) => {
        const i = 4 + (at % (iban.length - 4));
        return iban.slice(0, i) + ch + iban.slice(i + 1);
      });
  }
};

export const ibanFormatRule = defineRule({
  rule: 'iban-format',
  family: 'iban',
  judgedBy: 'negative-rejection',
  order: 70,
  level: 'body',
  fields: FIELDS,
  variants: VARIANTS,
  methods: IDENTIFICATION_METHODS,
  description:
    'an invalid IBAN: wrong check digits, unknown country code, wrong length for the country, illegal characters',
  arbitrary: (method: IdentificationMethod) =>
    fc.oneof(
      ...FIELDS.flatMap((field) =>
        VARIANTS.map((variant) =>
          fc
            .tuple(validBody(method), validContentType, fieldValue(method, field), breaker(variant))
            .map(([base, contentType, fresh, breakIban]) => {
              const own = base[field];
              const valid = typeof own === 'string' ? own : fresh;
              return bodyCase({
                method,
                rule: 'iban-format',
                field,
                variant,
                contentType,
                body: withField(base, field, breakIban(valid)),
                base,
              });
            }),
        ),
      ),
    ),
});
