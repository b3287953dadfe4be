/**
 * The conformance suite for POST /v1/persons/{person_id}/identification_sessions/{id}/identifications:
 * per identification method, valid requests, every family of invalid requests, auth and unknown
 * resources. Each test runs one property (or probe set); the checks in suite/checks judge every answer.
 * The tests themselves are listed in conformance-tests.ts, which the self-test's fault matrix runs too.
 */
import { readConfig } from '../../suite/config/env';
import { METHODS } from '../../suite/engine/plan';
import { conformanceTests } from './conformance-tests';
import { test } from './fixtures';

// Read at collection time: the number of tests depends on CONFORMANCE_RUNS (batches).
const { runs } = readConfig();

for (const method of METHODS) {
  test.describe(method, () => {
    for (const planned of conformanceTests(method, runs)) {
      test(planned.title, async ({ api, target, targetState, config }, testInfo) => {
        await planned.run({ testInfo, api, target, targetState, config });
      });
    }
  });
}
