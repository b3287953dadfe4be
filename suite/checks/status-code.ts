import { DOCUMENTED_HTTP_STATUSES } from '../../schemas/contract';
import { defineCheck } from './define';

const documented: ReadonlySet<number> = new Set(DOCUMENTED_HTTP_STATUSES);

/** Only documented statuses: 200 for success (not 201), 400/401/403/404/409/500 for errors. */
export const check = defineCheck({
  id: 'status-code',
  meaning: `Every answer has a documented status (${DOCUMENTED_HTTP_STATUSES.join(', ')}); anything else, 201 included, is a violation.`,
  order: 30,
  owedBy: { valid: 'always', invalid: 'all', probes: 'all' },
  appliesTo: () => true,
  run({ response }) {
    if (documented.has(response.status)) return [];
    return [
      {
        title: `undocumented status ${response.status}`,
        expected: `one of ${DOCUMENTED_HTTP_STATUSES.join(', ')}`,
        actual: `HTTP ${response.status}`,
      },
    ];
  },
});
