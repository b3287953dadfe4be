import { expectedOutcome } from '../../schemas/rules';
import { defineCheck } from './define';
import { describeResponse, envelopeProblems, is4xx, isCreation } from './envelope';

/**
 * A valid request is accepted with 200. Where the contract names no exact answer (a method the
 * session was not created for, `language` with a non-IDnow method, Bankident's allowed-bank list),
 * 200 or any 4xx with a valid error body is accepted; see expectedOutcome in schemas/rules.ts.
 */
export const check = defineCheck({
  id: 'positive-acceptance',
  meaning:
    "A valid request gets 200 (a 201 counts as accepted here and is status-code's finding; where the contract names no exact answer, 200 or a 4xx with a valid error body).",
  order: 10,
  owedBy: { valid: 'always' },
  appliesTo: (exchange) => exchange.probe.kind === 'generated' && exchange.case.kind === 'valid',
  run(exchange) {
    if (exchange.case.kind !== 'valid') return [];
    const outcome = expectedOutcome(exchange.case.body, exchange.target.sessionMethods);
    const { status } = exchange.response;
    // 201 is status-code's to judge (undocumented); here it is an acceptance like 200.
    if (isCreation(status)) return [];
    if (outcome.expect === 'accept') {
      return [
        {
          title: 'valid request not accepted',
          key: `valid request answered HTTP ${status}`,
          expected: 'HTTP 200',
          actual: describeResponse(exchange),
        },
      ];
    }
    if (is4xx(status)) {
      const problems = envelopeProblems(exchange);
      if (problems.length === 0) return [];
      return [
        {
          title: 'rejection of a tolerated request without a valid error body',
          key: `tolerated request answered HTTP ${status} without a valid error body`,
          expected: `HTTP 200, or a 4xx with a valid error body (${outcome.reason})`,
          actual: `HTTP ${status}: ${problems.join('; ')}`,
        },
      ];
    }
    return [
      {
        title: 'valid request neither accepted nor rejected with a 4xx',
        key: `valid request answered HTTP ${status}`,
        expected: `HTTP 200, or a 4xx with a valid error body (${outcome.reason})`,
        actual: describeResponse(exchange),
      },
    ];
  },
});
