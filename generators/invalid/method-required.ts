/** `method-required`: the one field every request needs is absent, or null. */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { bodyCase, defineRule, withField, withoutField } from '../_internals/rule';
import { REQUEST_SCHEMA } from '../_internals/json-schema';
import { validBody, validContentType } from '../valid-case';

const VARIANTS = ['absent', 'null'] as const;

if (!(REQUEST_SCHEMA.required ?? []).includes('method'))
  throw new Error('method-required: the request schema no longer requires method');

export const methodRequired = defineRule({
  rule: 'method-required',
  family: 'required',
  judgedBy: 'negative-rejection',
  order: 10,
  level: 'body',
  fields: ['method'],
  variants: VARIANTS,
  methods: IDENTIFICATION_METHODS,
  description: '`method` absent, or null',
  arbitrary: (method: IdentificationMethod) =>
    fc.tuple(validBody(method), validContentType, fc.constantFrom(...VARIANTS)).map(([base, contentType, variant]) =>
      bodyCase({
        method,
        rule: 'method-required',
        field: 'method',
        variant,
        contentType,
        body: variant === 'absent' ? withoutField(base, 'method') : withField(base, 'method', null),
        base,
      }),
    ),
});
