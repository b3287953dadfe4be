/**
 * The self-test's fault matrix (`npm test`, tests/selftest/run.ts): tests/selftest/matrix.spec.ts,
 * one test per sandbox fault, spread over the workers; reporters/selftest-matrix.ts prints progress
 * and writes the results run.ts reads. Not for users: a user run is playwright.config.ts.
 * Run.ts sets the seed, cases per property and shrinking through the environment (CONFORMANCE_*),
 * and picks faults with --grep and the parallelism with --workers.
 */
import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { MATRIX_RESULTS } from './tests/selftest/matrix';

export default defineConfig({
  testDir: 'tests/selftest',
  testMatch: 'matrix.spec.ts',
  outputDir: path.join('test-results', 'selftest-matrix'),
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  // A fault stops at its catch; one that is never caught runs all 66 tests (a few seconds).
  timeout: 120_000,
  // Bounded, so npm test cannot hang here (tests/selftest/run.ts also limits each step).
  globalTimeout: 300_000,
  reporter: [['./reporters/selftest-matrix.ts', { outputFile: MATRIX_RESULTS }]],
  use: { trace: 'off' },
});
