/**
 * The conformance run. With no SOLARIS_BASE_URL, Playwright's webServer starts the embedded
 * sandbox and the run targets it; otherwise the configured target is used as is.
 */
import { defineConfig, type ReporterDescription } from '@playwright/test';
import path from 'node:path';
import { ConfigError, loadDotenv, randomSeed, readConfig, reportDir } from './suite/config/env';
import { isSet, read } from './suite/model/variables';

// The config file is evaluated by the runner and again by every worker: settle the values that
// must agree across processes (seed, dotenv) once, in the environment the workers inherit.
let config;
let workers: number;
try {
  loadDotenv();
  if (!isSet('CONFORMANCE_SEED')) process.env.CONFORMANCE_SEED = String(randomSeed());
  config = readConfig();
  // Validated by readConfig too; an unchecked Number() made "zero" NaN workers and a run that hung.
  workers = read('CONFORMANCE_WORKERS');
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`[conformance] configuration error — ${error.message}`);
    process.exit(2);
  }
  throw error;
}

const sharded = process.argv.some((arg) => arg.startsWith('--shard'));
const reports = reportDir();
const reporters: ReporterDescription[] = [
  ['./reporters/conformance-reporter.ts'],
  [process.env.CI ? 'line' : 'list'],
  ['junit', { outputFile: path.join(reports, 'junit.xml') }],
  sharded
    ? ['blob', { outputDir: path.join(reports, 'blob') }]
    : ['html', { outputFolder: path.join(reports, 'html'), open: 'never' }],
];

export default defineConfig({
  testDir: 'tests/conformance',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/conformance/global-setup.ts',
  outputDir: path.join('test-results', reports === 'reports' ? 'conformance' : path.basename(reports)),
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers,
  timeout: 10 * 60_000,
  reporter: reporters,
  use: { trace: 'off' },
  projects: [{ name: 'conformance' }],
  webServer: config.embeddedSandbox
    ? {
        // One process (no npx/tsx wrapper), so the sandbox starts faster and stops with the run.
        // --exit-on-stdin-close: a run killed from outside must not leave the sandbox holding its port.
        command: 'node --import tsx sandbox/cli.ts --exit-on-stdin-close',
        url: `${config.baseUrl}/__sandbox/faults`,
        env: { SANDBOX_PORT: String(config.sandboxPort) },
        reuseExistingServer: false,
        timeout: 20_000,
        stdout: 'ignore',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 2_000 },
      }
    : undefined,
});
