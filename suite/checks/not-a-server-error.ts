import { describeResponse } from './envelope';
import type { Check } from './types';

/** ERR: 500 is a server fault, never an acceptable answer to any request. */
export const notAServerError: Check = {
  id: 'not-a-server-error',
  description: 'No input, valid or not, gets a 5xx.',
  appliesTo: () => true,
  run(exchange) {
    if (exchange.response.status < 500) return [];
    return [{ check: 'not-a-server-error', title: `server error ${exchange.response.status}`, expected: 'a 2xx or 4xx answer', actual: describeResponse(exchange) }];
  },
};
