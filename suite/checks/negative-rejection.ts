import { RAW_RULES } from '../../generators/case';
import { rejectionViolations } from './envelope';
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
    return rejectionViolations('negative-rejection', exchange, { accepts: (status) => status === 400, expected: `HTTP 400 for ${what}`, subject: c.rule });
  },
};
