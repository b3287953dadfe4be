import { defineCheck } from './define';
import { is4xx, rejectionFindings } from './envelope';

/**
 * ERR documents 404 model_not_found for these; the check asserts the floor the issue settles on
 * (a 4xx with the envelope, never 2xx) so a target answering 403 for a foreign session is not flagged.
 */
export const check = defineCheck({
  id: 'unknown-resources',
  meaning:
    'An unknown person, an unknown session, or a session under another person get a 4xx with a valid error envelope, never 2xx.',
  order: 100,
  owedBy: { probes: ['unknown-resource'] },
  appliesTo: ({ probe }) => probe.kind === 'unknown-resource',
  run(exchange) {
    if (exchange.probe.kind !== 'unknown-resource') return [];
    const { variant } = exchange.probe;
    return rejectionFindings(exchange, {
      accepts: is4xx,
      expected: `a 4xx (documented: 404 model_not_found) for ${variant.replace('-', ' ')}`,
      subject: variant,
    });
  },
});
