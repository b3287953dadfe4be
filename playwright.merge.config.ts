/**
 * Config for `npx playwright merge-reports --config playwright.merge.config.ts <blob-dir>`: turns the
 * blob reports of a sharded run (`npm run conformance -- --shard=i/n` writes reports/blob) into one
 * HTML report, one JUnit file and one reports/conformance.json with the merged verdict.
 *
 * merge-reports only reads `reporter` and `testDir` from here (testDir becomes the root the
 * shards' file paths are resolved against, so it must match playwright.config.ts). Nothing here
 * reads the target configuration, so merging needs no credentials.
 *
 * merge-reports exits 0 even when tests failed (it exits 1 only when a reporter itself errors):
 * read `verdict` from reports/conformance.json to decide the outcome.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/conformance',
  reporter: [
    ['./reporters/conformance-reporter.ts'],
    ['html', { outputFolder: 'reports/html', open: 'never' }],
    ['junit', { outputFile: 'reports/junit.xml' }],
  ],
});
