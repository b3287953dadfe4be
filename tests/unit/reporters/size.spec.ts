/**
 * Issue 6, size: a nightly run of 100,000 cases must leave a report that grows with the number of
 * failures, not of cases. The suite sends requests through a Playwright instance without report
 * steps (suite/http/quiet-request.ts) and attaches evidence for failures only, so forty times the
 * cases must leave the report within a few bytes (durations and counts have more digits).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { filesUnder, runSuite } from './support';

const bytes = (dir: string): number => filesUnder(dir).reduce((sum, file) => sum + fs.statSync(file).size, 0);
const cases = (reportDir: string): number => (JSON.parse(fs.readFileSync(path.join(reportDir, 'conformance.json'), 'utf8')) as { totals: { cases: number } }).totals.cases;

test('forty times the cases leave the report the same size', async () => {
  test.setTimeout(240_000);
  // Two properties of one method keep this quick; batching (500 cases a test) does not start below 500.
  const args = ['--grep', 'idnow (valid requests|invalid requests: enum)$'];
  const [small, large] = await Promise.all([
    runSuite({ name: 'report-size-small', port: 4550, runs: 10, args }),
    runSuite({ name: 'report-size-large', port: 4551, runs: 400, args }),
  ]);
  expect(small.code, small.console).toBe(0);
  expect(large.code, large.console).toBe(0);
  expect(cases(large.reportDir)).toBe(40 * cases(small.reportDir));

  const sizes = { small: bytes(small.reportDir), large: bytes(large.reportDir), smallResults: bytes(small.resultsDir), largeResults: bytes(large.resultsDir) };
  test.info().annotations.push({ type: 'sizes', description: JSON.stringify(sizes) });
  expect(Math.abs(sizes.large - sizes.small), JSON.stringify(sizes)).toBeLessThan(4_096);
  expect(Math.abs(sizes.largeResults - sizes.smallResults), JSON.stringify(sizes)).toBeLessThan(1_024);
  small.cleanup();
  large.cleanup();
});
