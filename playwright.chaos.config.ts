/**
 * The self-test's chaos runs (`npm test`, tests/selftest/run.ts): tests/selftest/chaos.spec.ts, the
 * whole suite against a sandbox per transport-chaos mode, three runs in a row each, while run.ts
 * keeps two CPU burners going beside it. Not for users: a user run is playwright.config.ts.
 */
import { defineConfig } from '@playwright/test';
import path from 'node:path';

export default defineConfig({
  testDir: 'tests/selftest',
  testMatch: 'chaos.spec.ts',
  outputDir: path.join('test-results', 'selftest-chaos'),
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  // Four runs side by side: the slow modes wait on answers, not on the CPU.
  workers: 4,
  timeout: 120_000,
  // Bounded, so npm test cannot hang here whatever the chaos does.
  globalTimeout: 240_000,
  reporter: [['line']],
  use: { trace: 'off' },
});
