/** `empty-body` (raw): no body at all, with a JSON Content-Type. The base is kept for the report. */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { defineRule, rawCase } from '../_internals/rule';
import { validBody, validContentType } from '../valid-case';

export const emptyBodyRule = defineRule({
  rule: 'empty-body',
  family: 'malformed',
  judgedBy: 'malformed-requests',
  order: 110,
  level: 'raw',
  fields: [null],
  variants: ['empty'],
  methods: IDENTIFICATION_METHODS,
  description: 'an empty body sent as application/json',
  arbitrary: (method: IdentificationMethod) =>
    fc
      .tuple(validBody(method), validContentType)
      .map(([base, contentType]) =>
        rawCase({ method, rule: 'empty-body', variant: 'empty', contentType, raw: '', base }),
      ),
});
