/**
 * `malformed-json` (raw): the base's JSON text with one syntax error: cut short, a trailing comma,
 * single quotes, an unquoted key, or a NaN value. Sent as application/json, so the only problem is
 * the syntax (the API answers `invalid_json`).
 */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { defineRule, rawCase } from '../_internals/rule';
import { validBody, validContentType } from '../valid-case';

const VARIANTS = ['truncated', 'trailing-comma', 'single-quotes', 'unquoted-key', 'nan'] as const;
type Variant = (typeof VARIANTS)[number];

/** Breaks the JSON text of an object (always `{…}` with at least the `method` key). */
const breaker = (variant: Variant): fc.Arbitrary<(json: string, base: Record<string, unknown>) => string> => {
  switch (variant) {
    case 'truncated':
      // Any proper prefix of an object's text lacks its closing brace, so it never parses.
      return fc.nat().map((at) => (json) => json.slice(0, 1 + (at % (json.length - 1))));
    case 'trailing-comma':
      return fc.constant((json) => `${json.slice(0, -1)},}`);
    case 'single-quotes':
      return fc.constant((json) => json.replaceAll('"', "'"));
    case 'unquoted-key':
      return fc.constant((json, base) => {
        const key = JSON.stringify(Object.keys(base)[0]);
        return `{${key.slice(1, -1)}${json.slice(1 + key.length)}`;
      });
    case 'nan':
      // An extra field (ignored if it parsed) whose value is NaN, which JSON does not have.
      return fc.constant((json) => `${json.slice(0, -1)},"x_score":NaN}`);
  }
};

export const malformedJsonRule = defineRule({
  rule: 'malformed-json',
  family: 'malformed',
  judgedBy: 'malformed-requests',
  order: 100,
  level: 'raw',
  fields: [null],
  variants: VARIANTS,
  methods: IDENTIFICATION_METHODS,
  description: 'text that is not JSON: truncated, trailing comma, single quotes, unquoted key, NaN',
  arbitrary: (method: IdentificationMethod) =>
    fc.oneof(
      ...VARIANTS.map((variant) =>
        fc.tuple(validBody(method), validContentType, breaker(variant)).map(([base, contentType, breakJson]) =>
          rawCase({
            method,
            rule: 'malformed-json',
            variant,
            contentType,
            raw: breakJson(JSON.stringify(base), base),
            base,
          }),
        ),
      ),
    ),
});
