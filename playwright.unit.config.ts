// Unit tests of the suite's own parts (schemas, generators, sandbox, checks). Pure functions and a
// sandbox started in-process by the tests themselves: no webServer, no target configuration.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/unit',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  workers: 2,
  timeout: 60_000,
  // Bounded, so npm test cannot hang here (tests/selftest/run.ts also limits each step).
  globalTimeout: 300_000,
  reporter: [['list']],
  outputDir: 'test-results/unit',
});
