import { judgeOfRule } from '../../generators/catalogue';
import { defineCheck } from './define';
import { rejectionFindings } from './envelope';

const ID = 'negative-rejection';

/**
 * An invalid request body is rejected with 400 and a valid error envelope (ERR, RR). The check
 * judges the cases of every rule family whose rules name it (`judgedBy` in generators/invalid/):
 * the field-level rules; malformed bodies are judged by malformed-requests.
 */
export const check = defineCheck({
  id: ID,
  meaning:
    'A request that breaks a field rule (type, enum, date, IBAN, whitespace, required) gets 400 with a valid error envelope.',
  order: 50,
  owedBy: { invalid: 'own-families' },
  appliesTo: ({ probe, case: c }) => probe.kind === 'generated' && c.kind === 'invalid' && judgeOfRule(c.rule) === ID,
  run(exchange) {
    const c = exchange.case;
    if (c.kind !== 'invalid') return [];
    const what = `${c.rule} (${c.field ?? 'body'}: ${c.variant})`;
    return rejectionFindings(exchange, {
      accepts: (status) => status === 400,
      expected: `HTTP 400 for ${what}`,
      subject: c.rule,
      ...(c.field ? { field: c.field } : {}),
    });
  },
});
