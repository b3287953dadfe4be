import { defineCheck } from './define';
import { errorCodes, rejectionFindings } from './envelope';

/** ERR: the code of the 401 for each kind of broken credentials. */
const DOCUMENTED_CODE = {
  'no-token': 'token_required',
  'malformed-token': 'invalid_token',
  'unknown-token': 'invalid_token',
} as const;

/** AUTH/ERR: no token → 401 token_required; a malformed or unknown token → 401 invalid_token. */
export const check = defineCheck({
  id: 'auth',
  meaning:
    'No token, a malformed token and a well-formed unknown token each get 401 with a valid error envelope and the documented code (token_required, invalid_token), never 2xx.',
  order: 90,
  owedBy: { probes: ['auth'] },
  appliesTo: ({ probe }) => probe.kind === 'auth',
  run(exchange) {
    if (exchange.probe.kind !== 'auth') return [];
    const { variant } = exchange.probe;
    const rejection = rejectionFindings(exchange, {
      accepts: (status) => status === 401,
      expected: `HTTP 401 for a request with ${variant.replace('-', ' ')}`,
      subject: variant,
    });
    if (rejection.length > 0) return rejection;
    const codes = errorCodes(exchange.response.json);
    const code = DOCUMENTED_CODE[variant];
    if (codes.includes(code)) return [];
    return [
      {
        rule: 'auth-error-code',
        title: `${variant}: 401 without the documented error code`,
        expected: `errors[].code "${code}"`,
        actual: `errors[].code ${codes.map((c) => JSON.stringify(c)).join(', ') || 'absent'}`,
        path: '/errors/0/code',
      },
    ];
  },
});
