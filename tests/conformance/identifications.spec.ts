/**
 * The conformance suite for POST /v1/persons/{person_id}/identification_sessions/{id}/identifications:
 * per identification method, valid requests, every family of invalid requests, auth and unknown
 * resources. Each test runs one property (or probe set); the checks in suite/checks judge every answer.
 */
import { expectedOutcome } from '../../schemas/rules';
import { invalidCase, validCase } from '../../generators';
import type { CheckId } from '../../suite/checks/types';
import { readConfig } from '../../suite/config/env';
import { readTargetState } from '../../suite/config/target-state';
import { runProperty } from '../../suite/engine/property';
import { authProbes, runProbes, unknownResourceProbes } from '../../suite/engine/probes';
import { test } from './fixtures';
import { batches, ERROR_ANSWER_CHECKS, familiesFor, METHODS, VALID_ANSWER_CHECKS } from '../../suite/engine/plan';

// Read at collection time: the number of tests depends on CONFORMANCE_RUNS (batches).
const { runs } = readConfig();

for (const method of METHODS) {
  test.describe(method, () => {
    for (const batch of batches(runs)) {
      test(`valid requests${batch.suffix}`, async ({ api, target, config }, testInfo) => {
        await runProperty({
          testInfo, client: api, target, config, method, family: 'valid', runs: batch.runs,
          arbitrary: validCase(method),
          // semantic-consistency and read-after-create judge 200s only: they are owed wherever the contract demands one.
          expects: (cases) => {
            const strict = cases.some((c) => c.kind === 'valid' && expectedOutcome(c.body, target.sessionMethods).expect === 'accept');
            return strict ? [...VALID_ANSWER_CHECKS, 'semantic-consistency', 'read-after-create'] : [...VALID_ANSWER_CHECKS];
          },
        });
      });
    }

    for (const plan of familiesFor(method)) {
      for (const batch of batches(runs)) {
        test(`invalid requests: ${plan.family}${batch.suffix}`, async ({ api, target, config }, testInfo) => {
          await runProperty({
            testInfo, client: api, target, config, method, family: plan.family, runs: batch.runs,
            arbitrary: invalidCase(method, plan.rules),
            expects: () => [plan.mainCheck, ...ERROR_ANSWER_CHECKS],
          });
        });
      }
    }

    test('auth', async ({ api, target, config }, testInfo) => {
      const context = { testInfo, client: api, target, config, method, family: 'auth', runs: 1 };
      await runProbes(context, authProbes(context), 'auth' satisfies CheckId);
    });

    test('unknown resources', async ({ api, target, config }, testInfo) => {
      const context = { testInfo, client: api, target, config, method, family: 'unknown-resources', runs: 1 };
      await runProbes(context, unknownResourceProbes(context, readTargetState().otherPersonId), 'unknown-resources');
    });
  });
}
