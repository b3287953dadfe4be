import { RAW_RULES } from '../../generators/case';
import { is4xx, rejectionViolations } from './envelope';
import type { Check } from './types';

const MALFORMED_RULES: ReadonlySet<string> = new Set([...RAW_RULES, 'not-an-object']);

/**
 * A body the API cannot read (malformed JSON, empty, not an object, not application/json) gets a
 * 4xx with the error envelope. The contract infers 400 for these; the check asserts the documented
 * floor (a 4xx) so a target answering 415 for a content type is not a false alarm.
 */
export const malformedRequests: Check = {
  id: 'malformed-requests',
  description: 'Malformed JSON, a non-object JSON body, an empty body or a wrong Content-Type get a 4xx with a valid error envelope.',
  appliesTo: ({ probe, case: c }) => probe.kind === 'generated' && c.kind === 'invalid' && MALFORMED_RULES.has(c.rule),
  run(exchange) {
    const c = exchange.case;
    if (c.kind !== 'invalid') return [];
    return rejectionViolations('malformed-requests', exchange, { accepts: is4xx, expected: `a 4xx for ${c.rule} (${c.variant})`, subject: c.rule });
  },
};
