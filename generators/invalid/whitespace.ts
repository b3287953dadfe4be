/**
 * `whitespace`: a valid value of a string field with leading, trailing or both-sided whitespace
 * (space, tab, newline). Values with edge whitespace are rejected (RR), enum values included, so
 * a padded `method` (`" bank"`) is here. The value padded is the base's own where it has one,
 * else a fresh valid value of that field: the padding is the only thing wrong.
 */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { SCHEMA_FIELDS } from '../_internals/json-schema';
import { bodyCase, defineRule, withField } from '../_internals/rule';
import { fieldValue, validBody, validContentType } from '../valid-case';

const POSITIONS = ['leading', 'trailing', 'both'] as const;
const CHARACTERS = { space: ' ', tab: '\t', newline: '\n' } as const;
type CharacterName = keyof typeof CHARACTERS;
const CHARACTER_NAMES = Object.keys(CHARACTERS) as CharacterName[];

const VARIANTS = POSITIONS.flatMap((p) => CHARACTER_NAMES.map((c) => `${p}-${c}`));

const pad = (value: string, position: (typeof POSITIONS)[number], ch: string): string =>
  position === 'leading' ? ch + value : position === 'trailing' ? value + ch : ch + value + ch;

export const whitespaceRule = defineRule({
  rule: 'whitespace',
  family: 'whitespace',
  judgedBy: 'negative-rejection',
  order: 50,
  level: 'body',
  fields: SCHEMA_FIELDS,
  variants: VARIANTS,
  methods: IDENTIFICATION_METHODS,
  description: 'a string value with a leading, trailing or both-sided space, tab or newline',
  arbitrary: (method: IdentificationMethod) =>
    fc.oneof(
      ...SCHEMA_FIELDS.map((field) =>
        fc
          .tuple(
            validBody(method),
            validContentType,
            fieldValue(method, field),
            fc.constantFrom(...POSITIONS),
            fc.constantFrom(...CHARACTER_NAMES),
          )
          .map(([base, contentType, fresh, position, charName]) => {
            const own = base[field];
            const value = typeof own === 'string' ? own : fresh;
            return bodyCase({
              method,
              rule: 'whitespace',
              field,
              variant: `${position}-${charName}`,
              contentType,
              body: withField(base, field, pad(value, position, CHARACTERS[charName])),
              base,
            });
          }),
      ),
    ),
});
