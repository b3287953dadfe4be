import { checkIdentificationRules } from '../../schemas/rules';
import { defineCheck } from './define';
import { isCreation } from './envelope';
import type { Finding } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The identification says what was asked for (echoes, method-scoped fields) and its id is new. */
export const check = defineCheck({
  id: 'semantic-consistency',
  meaning:
    'A created identification (200, or 201) echoes what was sent (method, person_id, iban, language, proof of address), carries method-scoped fields only for their method, and has a new id.',
  order: 80,
  // It judges 200s only: owed wherever the contract demands one.
  owedBy: { valid: 'when-accepted' },
  appliesTo: ({ probe, case: c, response }) =>
    probe.kind === 'generated' &&
    isCreation(response.status) &&
    isObject(response.json) &&
    isObject((c as { body?: unknown }).body),
  run(exchange) {
    const identification = exchange.response.json;
    const sentBody = (exchange.case as { body?: unknown }).body;
    if (!isObject(identification) || !isObject(sentBody)) return [];
    return checkIdentificationRules({
      sentBody,
      pathPersonId: exchange.target.personId,
      identification,
      earlierIds: exchange.earlierIds,
    }).map((v): Finding => ({ rule: v.rule, title: v.rule, expected: v.expected, actual: v.actual, path: v.path }));
  },
});
