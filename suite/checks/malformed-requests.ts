import { judgeOfRule } from '../../generators/catalogue';
import { isRawCase, type RequestCase } from '../../generators/case';
import { defineCheck } from './define';
import { errorCodes, is4xx, rejectionFindings } from './envelope';

const ID = 'malformed-requests';

/** A body sent as text that does not parse as JSON (malformed, empty); ERR names its 400's code: invalid_json. */
function unparseable(c: RequestCase): boolean {
  if (!isRawCase(c)) return false;
  try {
    JSON.parse(c.raw);
    return false;
  } catch {
    return true;
  }
}

/**
 * A body the API cannot read (malformed JSON, empty, not an object, not application/json) gets a
 * 4xx with the error envelope. The contract infers 400 for these; the check asserts the documented
 * floor (a 4xx) so a target answering 415 for a content type is not a false alarm. It judges the
 * cases of every rule family whose rules name it (`judgedBy` in generators/invalid/).
 */
export const check = defineCheck({
  id: ID,
  meaning:
    'Malformed JSON, a non-object JSON body, an empty body or a wrong Content-Type get a 4xx with a valid error envelope; a 400 for a body that does not parse has the code invalid_json.',
  order: 110,
  owedBy: { invalid: 'own-families' },
  appliesTo: ({ probe, case: c }) => probe.kind === 'generated' && c.kind === 'invalid' && judgeOfRule(c.rule) === ID,
  run(exchange) {
    const c = exchange.case;
    if (c.kind !== 'invalid') return [];
    const rejection = rejectionFindings(exchange, {
      accepts: is4xx,
      expected: `a 4xx for ${c.rule} (${c.variant})`,
      subject: c.rule,
    });
    if (rejection.length > 0 || !unparseable(c) || exchange.response.status !== 400) return rejection;
    // Only the 400 has a documented code; another 4xx is the floor's business, not this rule's.
    const codes = errorCodes(exchange.response.json);
    if (codes.includes('invalid_json')) return [];
    return [
      {
        rule: 'invalid-json-code',
        title: `${c.rule}: 400 without the code invalid_json`,
        expected: 'errors[].code "invalid_json" (the JSON does not parse)',
        actual: `errors[].code ${codes.map((x) => JSON.stringify(x)).join(', ') || 'absent'}`,
        path: '/errors/0/code',
      },
    ];
  },
});
