/**
 * Issue 14, item 3: the same seed and runs count send the same cases to any target. For any seed,
 * runs count, method and sandbox fault, two runs of `npm run conformance` (the real entry point)
 * against two targets (two sandboxes, each with its own port and its own provisioned person and
 * session, one of them answering with a fault) write exchange logs with the same cases: the same
 * ids, and for each the same request (path with the provisioned ids as placeholders, content
 * type, authorisation, body). What the targets answer differs; what was sent does not. So a
 * comparison (`npm run compare`) compares the targets, never two different requests.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect, test } from '@playwright/test';
import { IDENTIFICATION_METHODS } from '../../../generators/case';
import { FAULTS } from '../../../sandbox/faults';
import { EXCHANGE_LOG_FILE, readExchangeLog, type LoggedCase } from '../../../suite/engine/exchange-log';
import { compareRuns, loadRun } from '../../../reporters/compare/compare';
import { runSuite, type SuiteRun } from '../reporters/support';

/** What a case sent, keyed by its id: everything the comparison relies on being equal. */
const sent = (cases: readonly LoggedCase[]): Array<[string, LoggedCase['request'], string, string]> =>
  cases.map((c): [string, LoggedCase['request'], string, string] => [c.id, c.request, c.family, c.path]);

test('two runs with the same seed and runs count against different targets send the same cases', async () => {
  test.setTimeout(600_000);
  let iteration = 0;
  const passed: SuiteRun[] = [];
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 0, max: 0x7fffffff }),
      fc.integer({ min: 1, max: 6 }),
      fc.constantFrom(...IDENTIFICATION_METHODS),
      fc.constantFrom(...FAULTS.map((f) => f.name)),
      async (seed, runs, method, fault) => {
        iteration++;
        const common = { runs, seed, args: ['--grep', `${method} `], env: { CONFORMANCE_SHRINK_MS: '0' } };
        const [clean, faulty] = await Promise.all([
          runSuite({ ...common, name: `same-cases-${iteration}-clean` }),
          runSuite({ ...common, name: `same-cases-${iteration}-fault`, faults: fault }),
        ]);
        // The fault's run may end in any verdict (a fault can leave an owed check without a case: exit 2);
        // the claim is about what both runs sent, which their logs hold.
        expect(clean.code, clean.console).toBe(0);
        expect(fs.existsSync(path.join(faulty.reportDir, EXCHANGE_LOG_FILE)), faulty.console).toBe(true);
        const a = readExchangeLog(path.join(clean.reportDir, EXCHANGE_LOG_FILE));
        const b = readExchangeLog(path.join(faulty.reportDir, EXCHANGE_LOG_FILE));
        // Two targets: each run provisioned its own person and session on its own sandbox.
        expect(a.header.target).not.toBe(b.header.target);
        expect(a.cases.length).toBeGreaterThan(0);
        expect(a.cases.every((c) => c.method === method)).toBe(true);
        expect(sent(b.cases)).toEqual(sent(a.cases));
        // And so the comparison can compare them (it would say "cannot compare" on any other request).
        expect(compareRuns(loadRun(clean.reportDir), loadRun(faulty.reportDir)).verdict).not.toBe('cannot-compare');
        passed.push(clean, faulty);
      },
    ),
    { numRuns: 3 },
  );
  for (const run of passed) {
    run.cleanup();
    fs.rmSync(run.resultsDir, { recursive: true, force: true });
  }
});
