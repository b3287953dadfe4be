import { defineCheck } from './define';
import { describeResponse } from './envelope';

/** ERR: 500 is a server fault, never an acceptable answer to any request. */
export const check = defineCheck({
  id: 'not-a-server-error',
  meaning: 'No input, valid or not, gets a 5xx.',
  order: 70,
  owedBy: { valid: 'always', invalid: 'all', probes: 'all' },
  appliesTo: () => true,
  run(exchange) {
    if (exchange.response.status < 500) return [];
    return [
      {
        title: `server error ${exchange.response.status}`,
        expected: 'a 2xx or 4xx answer',
        actual: describeResponse(exchange),
      },
    ];
  },
});
