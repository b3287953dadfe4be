/**
 * Issue 6, the HTML report in a real browser (Debian's chromium, not a Playwright download): the
 * coverage grid is on top, a red cell opens the failing test, and its evidence (one-field diff,
 * curl, replay) is on screen without further clicks. Saves the screenshots the README uses when
 * REPORT_SCREENSHOT_DIR is set (`REPORT_SCREENSHOT_DIR=docs npx playwright test -c
 * playwright.unit.config.ts report-browser`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, expect, test } from '@playwright/test';
import { runSuite } from './support';

const CHROMIUM = '/usr/bin/chromium';

test('the report shows the grid on top and a failure with its diff, curl and replay', async ({}, testInfo) => {
  test.skip(!fs.existsSync(CHROMIUM), `${CHROMIUM} is absent; install Debian's chromium (apt-get install -y chromium, as .ci/run does) to check the HTML report in a real browser`);
  test.setTimeout(240_000);
  const run = await runSuite({ name: 'report-browser', port: 4520, runs: 10, faults: 'accept-bad-enum', args: ['--grep', 'idnow '] });
  expect(run.code, run.console).toBe(1);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Nothing but the report itself may load: the report must work offline, from a CI artifact.
    await page.route(/^(?!file:)/, (route) => route.abort());
    await page.goto(`file://${path.join(run.reportDir, 'html', 'index.html')}`);

    const grid = page.locator('#conformance-summary');
    await expect(grid).toContainText('NONCONFORMANT');
    const cell = grid.locator('table').first().locator('tr', { hasText: 'negative-rejection' }).locator('td.cg-bad a');
    await expect(cell).toHaveText(/^✗\d+\/\d+$/);
    const gridShot = await grid.screenshot();
    await testInfo.attach('report-grid.png', { body: gridShot, contentType: 'image/png' });

    await cell.click();
    await expect(page).toHaveURL(/#\?testId=.*anchor=attachment-\d+/);
    await expect(page.getByText('invalid requests: enum', { exact: true }).first()).toBeVisible();
    const evidence = page.locator('details', { has: page.locator('summary', { hasText: 'violation: negative-rejection' }) });
    await expect(evidence).toHaveAttribute('open', '');
    await expect(evidence).toContainText('CHECK negative-rejection:');
    await expect(evidence).toContainText(/METHOD idnow · RULE enum · FIELD \S+ · VARIANT \S+/);
    await expect(evidence).toContainText(/MINIMAL REQUEST as a diff against a valid idnow request[\s\S]*\n- "[a-z_]+": [\s\S]*\n\+ "[a-z_]+": /);
    await expect(evidence).toContainText(/curl -sS -i -X POST '[^']+' \\/);
    await expect(evidence).toContainText('-H "Authorization: Bearer $SOLARIS_TOKEN"');
    await expect(evidence).toContainText(/REPLAY\s+CONFORMANCE_SEED=1 CONFORMANCE_RUNS=10 CONFORMANCE_REPLAY_PATH=[\d:]+ npm run conformance -- --grep 'idnow invalid requests: enum\$'/);
    // Visible means on screen, not merely in the DOM.
    const replay = evidence.getByText(/npm run conformance -- --grep/);
    await replay.scrollIntoViewIfNeeded();
    await expect(replay).toBeInViewport();

    const failureShot = await evidence.screenshot();
    await testInfo.attach('report-failure.png', { body: failureShot, contentType: 'image/png' });
    const out = process.env.REPORT_SCREENSHOT_DIR?.trim();
    if (out) {
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, 'report-failure.png'), failureShot);
      fs.writeFileSync(path.join(out, 'report-grid.png'), gridShot);
    }
  } finally {
    await browser.close();
  }
  run.cleanup();
});
