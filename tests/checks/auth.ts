import { rejectionViolations } from './envelope';
import type { Check } from './types';

/** AUTH/ERR: no token → 401 token_required; a malformed or unknown token → 401 invalid_token. */
export const auth: Check = {
  id: 'auth',
  description: 'No token, a malformed token and a well-formed unknown token each get 401 with a valid error envelope, never 2xx.',
  appliesTo: ({ probe }) => probe.kind === 'auth',
  run(exchange) {
    if (exchange.probe.kind !== 'auth') return [];
    const { variant } = exchange.probe;
    return rejectionViolations('auth', exchange, { accepts: (status) => status === 401, expected: `HTTP 401 for a request with ${variant.replace('-', ' ')}`, subject: variant });
  },
};
