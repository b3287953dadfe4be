/** `empty-body` (raw): no body at all, with a JSON Content-Type. The base is kept for the report. */
import fc from 'fast-check';
import { IDENTIFICATION_METHODS, type IdentificationMethod } from '../case';
import { rawCase, type RuleDefinition } from '../_internals/rule';
import { validBody, validContentType } from '../valid-case';

export const emptyBodyRule: RuleDefinition = {
  rule: 'empty-body',
  level: 'raw',
  fields: [null],
  variants: ['empty'],
  methods: IDENTIFICATION_METHODS,
  description: 'an empty body sent as application/json',
  arbitrary: (method: IdentificationMethod) =>
    fc
      .tuple(validBody(method), validContentType)
      .map(([base, contentType]) => rawCase({ method, rule: 'empty-body', variant: 'empty', contentType, raw: '', base })),
};
