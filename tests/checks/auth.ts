import { describeResponse, envelopeProblems } from './envelope';
import type { Check } from './types';

/** AUTH/ERR: no token → 401 token_required; a malformed or unknown token → 401 invalid_token. */
export const auth: Check = {
  id: 'auth',
  description: 'No token, a malformed token and a well-formed unknown token each get 401 with a valid error envelope, never 2xx.',
  appliesTo: ({ probe }) => probe.kind === 'auth',
  run(exchange) {
    if (exchange.probe.kind !== 'auth') return [];
    const { variant } = exchange.probe;
    if (exchange.response.status !== 401) {
      return [{ check: 'auth', title: `${variant}: not answered with 401`, expected: `HTTP 401 for a request with ${variant.replace('-', ' ')}`, actual: describeResponse(exchange) }];
    }
    const problems = envelopeProblems(exchange);
    if (problems.length === 0) return [];
    return [{ check: 'auth', title: `${variant}: 401 without a valid error envelope`, expected: 'a body {"errors": [ … ]} per error.schema.json', actual: problems.join('; ') }];
  },
};
