import { RAW_RULES } from '../../generators/case';
import { errorCodes, is4xx, rejectionViolations } from './envelope';
import type { Check } from './types';

const MALFORMED_RULES: ReadonlySet<string> = new Set([...RAW_RULES, 'not-an-object']);
/** Bodies that do not parse as JSON; ERR names their 400's code: invalid_json. */
const UNPARSEABLE_RULES: ReadonlySet<string> = new Set(['malformed-json', 'empty-body']);

/**
 * A body the API cannot read (malformed JSON, empty, not an object, not application/json) gets a
 * 4xx with the error envelope. The contract infers 400 for these; the check asserts the documented
 * floor (a 4xx) so a target answering 415 for a content type is not a false alarm.
 */
export const malformedRequests: Check = {
  id: 'malformed-requests',
  description: 'Malformed JSON, a non-object JSON body, an empty body or a wrong Content-Type get a 4xx with a valid error envelope; a 400 for a body that does not parse has the code invalid_json.',
  appliesTo: ({ probe, case: c }) => probe.kind === 'generated' && c.kind === 'invalid' && MALFORMED_RULES.has(c.rule),
  run(exchange) {
    const c = exchange.case;
    if (c.kind !== 'invalid') return [];
    const rejection = rejectionViolations('malformed-requests', exchange, { accepts: is4xx, expected: `a 4xx for ${c.rule} (${c.variant})`, subject: c.rule });
    if (rejection.length > 0 || !UNPARSEABLE_RULES.has(c.rule) || exchange.response.status !== 400) return rejection;
    // Only the 400 has a documented code; another 4xx is the floor's business, not this rule's.
    const codes = errorCodes(exchange.response.json);
    if (codes.includes('invalid_json')) return [];
    return [{ check: 'malformed-requests', rule: 'invalid-json-code', title: `${c.rule}: 400 without the code invalid_json`, expected: 'errors[].code "invalid_json" (the JSON does not parse)', actual: `errors[].code ${codes.map((x) => JSON.stringify(x)).join(', ') || 'absent'}`, path: '/errors/0/code' }];
  },
};
