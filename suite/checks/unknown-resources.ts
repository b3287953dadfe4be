import { is4xx, rejectionViolations } from './envelope';
import type { Check } from './types';

/**
 * ERR documents 404 model_not_found for these; the check asserts the floor the issue settles on
 * (a 4xx with the envelope, never 2xx) so a target answering 403 for a foreign session is not flagged.
 */
export const unknownResources: Check = {
  id: 'unknown-resources',
  description: 'An unknown person, an unknown session, or a session under another person get a 4xx with a valid error envelope, never 2xx.',
  appliesTo: ({ probe }) => probe.kind === 'unknown-resource',
  run(exchange) {
    if (exchange.probe.kind !== 'unknown-resource') return [];
    const { variant } = exchange.probe;
    return rejectionViolations('unknown-resources', exchange, { accepts: is4xx, expected: `a 4xx (documented: 404 model_not_found) for ${variant.replace('-', ' ')}`, subject: variant });
  },
};
