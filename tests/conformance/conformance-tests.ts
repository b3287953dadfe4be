/**
 * The conformance tests as data: per identification method, valid requests, every family of
 * invalid requests, auth and unknown resources, each with the body its Playwright test runs.
 * identifications.spec.ts registers them as Playwright tests; the self-test's fault matrix
 * (tests/selftest/matrix.spec.ts) runs the very same list, with the same titles and so the same
 * property seeds, against one sandbox per fault.
 */
import type { TestInfo } from '@playwright/test';
import type { IdentificationMethod } from '../../generators/case';
import type { TargetContext } from '../../suite/checks/types';
import type { SuiteConfig } from '../../suite/config/env';
import type { TargetState } from '../../suite/config/target-state';
import type { ApiClient } from '../../suite/http/client';
import { runProperty, type Attach, type PropertyInput } from '../../suite/engine/property';
import { authProbes, runProbes, unknownResourceProbes } from '../../suite/engine/probes';
import { arbitraryFor, batches, familiesFor, owedByValidCases, VALID_FAMILY } from '../../suite/engine/plan';

/** Which checks a property owes, given the cases it generated. */
type PropertyExpects = PropertyInput['expects'];

/** What a test body needs: the worker fixtures of fixtures.ts, and its TestInfo. */
export interface ConformanceTestContext {
  testInfo: TestInfo;
  api: ApiClient;
  target: TargetContext;
  targetState: TargetState;
  config: SuiteConfig;
}

export interface ConformanceTest {
  /** The describe block (the method) and the test title: the test's title path, hence its seed. */
  method: IdentificationMethod;
  title: string;
  run: (context: ConformanceTestContext) => Promise<void>;
}

/**
 * Attaches from here, so that the report's attachment steps point at the spec's files, never into
 * the suite's engine (a step shows the first caller outside Playwright).
 */
const attachFrom =
  (testInfo: TestInfo): Attach =>
  async (name, body, contentType) => {
    await testInfo.attach(name, { body, contentType });
  };

/** The tests of one method, in the order the spec declares them. `runs` sets the batches. */
export function conformanceTests(method: IdentificationMethod, runs: number): ConformanceTest[] {
  // One property per family: valid requests, then each family of invalid ones; batches split large runs.
  const properties: Array<{ family: string; title: string; expects: (target: TargetContext) => PropertyExpects }> = [
    {
      family: VALID_FAMILY,
      title: 'valid requests',
      // Checks that judge 200s only are owed when a case must get one (`owedBy` in suite/checks/).
      expects: (target) => (cases) => owedByValidCases(cases, target.sessionMethods),
    },
    ...familiesFor(method).map((plan) => ({
      family: plan.family,
      title: `invalid requests: ${plan.family}`,
      expects: () => () => plan.owes,
    })),
  ];
  // What the engine needs of a test: the fixtures, its family and its cases.
  const testContext = ({ api, target, config, testInfo }: ConformanceTestContext, family: string, runs: number) => ({
    testInfo,
    attach: attachFrom(testInfo),
    client: api,
    target,
    config,
    method,
    family,
    runs,
  });
  const tests: ConformanceTest[] = [];
  for (const property of properties) {
    for (const batch of batches(runs)) {
      tests.push({
        method,
        title: `${property.title}${batch.suffix}`,
        run: async (context) => {
          await runProperty({
            ...testContext(context, property.family, batch.runs),
            arbitrary: arbitraryFor(method, property.family),
            expects: property.expects(context.target),
          });
        },
      });
    }
  }

  // The probe tests: a few fixed requests each, judged like the properties' cases.
  tests.push({
    method,
    title: 'auth',
    run: async (context) => {
      const probing = testContext(context, 'auth', 1);
      await runProbes(probing, authProbes(probing));
    },
  });
  tests.push({
    method,
    title: 'unknown resources',
    run: async (context) => {
      const probing = testContext(context, 'unknown-resources', 1);
      await runProbes(probing, unknownResourceProbes(probing, context.targetState.otherPersonId));
    },
  });
  return tests;
}
