/**
 * `content-type` (raw): the base, a valid request, serialised as JSON but sent with a Content-Type
 * other than application/json: the header is the only thing wrong.
 */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { defineRule, rawCase } from '../_internals/rule';
import { validBody } from '../valid-case';

/** Variant name → the Content-Type values sent for it. */
const CONTENT_TYPES = {
  'text-plain': ['text/plain', 'text/plain; charset=utf-8'],
  'form-urlencoded': ['application/x-www-form-urlencoded'],
  xml: ['application/xml', 'text/xml'],
  html: ['text/html'],
} as const satisfies Record<string, readonly [string, ...string[]]>;
type Variant = keyof typeof CONTENT_TYPES;
const VARIANTS = Object.keys(CONTENT_TYPES) as Variant[];

export const contentTypeRule = defineRule({
  rule: 'content-type',
  family: 'malformed',
  judgedBy: 'malformed-requests',
  order: 120,
  level: 'raw',
  fields: [null],
  variants: VARIANTS,
  methods: IDENTIFICATION_METHODS,
  description: 'a valid JSON request sent with Content-Type text/plain, form-urlencoded, XML or HTML',
  arbitrary: (method: IdentificationMethod) =>
    fc.oneof(
      ...VARIANTS.map((variant) =>
        fc
          .tuple(validBody(method), fc.constantFrom(...CONTENT_TYPES[variant]))
          .map(([base, contentType]) =>
            rawCase({ method, rule: 'content-type', variant, contentType, raw: JSON.stringify(base), base }),
          ),
      ),
    ),
});
