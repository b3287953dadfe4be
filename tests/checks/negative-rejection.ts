import { RAW_RULES } from '../../generators/case';
import { describeResponse, envelopeProblems } from './envelope';
import type { Check } from './types';

/** Malformed bodies are judged by malformed-requests; this check owns every field-level rule. */
const BODY_SHAPE_RULES: ReadonlySet<string> = new Set([...RAW_RULES, 'not-an-object']);

/** An invalid request body is rejected with 400 and a valid error envelope (ERR, RR). */
export const negativeRejection: Check = {
  id: 'negative-rejection',
  description: 'A request that breaks a field rule (type, enum, date, IBAN, whitespace, required) gets 400 with a valid error envelope.',
  appliesTo: ({ probe, case: c }) => probe.kind === 'generated' && c.kind === 'invalid' && !BODY_SHAPE_RULES.has(c.rule),
  run(exchange) {
    const c = exchange.case;
    if (c.kind !== 'invalid') return [];
    const what = `${c.rule} (${c.field ?? 'body'}: ${c.variant})`;
    if (exchange.response.status !== 400) {
      return [{ check: 'negative-rejection', title: `invalid request not rejected with 400: ${c.rule}`, expected: `HTTP 400 for ${what}`, actual: describeResponse(exchange) }];
    }
    const problems = envelopeProblems(exchange);
    if (problems.length === 0) return [];
    return [{ check: 'negative-rejection', title: `rejection without a valid error envelope: ${c.rule}`, expected: 'a body {"errors": [ … ]} per error.schema.json', actual: problems.join('; ') }];
  },
};
