/**
 * Issue 6, redaction: a whole run with sentinel credentials against sandbox faults (so there is
 * evidence to write), then every byte it produced is searched: the report folder, Playwright's
 * test-results folder (zips unpacked, the HTML report's embedded data inflated) and the console.
 */
import { expect, test } from '@playwright/test';
import { filesUnder, layersOf, runSuite } from './support';

const CLIENT_ID = 'SENTINEL-ID-4d2e1b';
const CLIENT_SECRET = 'SENTINEL-SECRET-7f3a9c';
const BASIC = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
/**
 * The sandbox issues access tokens as 64 hex characters (sandbox/ids.ts), and no id has that shape
 * (ids are 32 hex plus a suffix), so any 64-hex run is a token or a token-shaped value that a reader
 * could not tell from one; the unknown-token probe's made-up token is shown as a description.
 */
const TOKEN_SHAPE = /[0-9a-f]{64}/i;

test('no secret, Basic credential or token in any file or console line of a failing run', async () => {
  test.setTimeout(240_000);
  const run = await runSuite({
    name: 'report-redaction',
    port: 4510,
    runs: 5,
    faults: 'status-201-created,auth-any-bearer',
    env: { SANDBOX_CLIENT_ID: CLIENT_ID, SANDBOX_CLIENT_SECRET: CLIENT_SECRET },
  });
  // 1 = the faults were caught, so the run authenticated with the sentinels and wrote evidence.
  expect(run.code, run.console).toBe(1);

  const files = [...filesUnder(run.reportDir), ...filesUnder(run.resultsDir)];
  const layers = files.flatMap(layersOf);
  expect(files.some((f) => f.endsWith('junit.xml')) && files.some((f) => f.endsWith('index.html')) && files.some((f) => f.endsWith('error-context.md'))).toBe(true);
  // The search must see into the HTML report's compressed data, or it proves nothing there.
  expect(layers.some((l) => l.where.includes('embedded report data') && l.data.includes('Bearer $SOLARIS_TOKEN'))).toBe(true);

  const found: string[] = [];
  for (const { where, data } of [...layers, { where: 'console', data: Buffer.from(run.console) }]) {
    const text = data.toString('utf8');
    for (const needle of [CLIENT_SECRET, BASIC]) if (text.includes(needle)) found.push(`${where}: ${needle}`);
    const token = TOKEN_SHAPE.exec(text);
    if (token) found.push(`${where}: token-shaped ${token[0]}`);
  }
  expect(found, `credentials leaked into:\n${found.join('\n')}`).toEqual([]);
  run.cleanup();
});
