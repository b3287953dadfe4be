/**
 * The self-test's fault matrix: one Playwright test per sandbox fault. Each starts an in-process
 * sandbox with that one fault, provisions it as global setup provisions a target, and runs the
 * conformance tests of tests/conformance/conformance-tests.ts in the spec's order, with the spec's
 * titles (so the same property seeds, cases and replay commands as `SANDBOX_FAULTS=<fault> npm run
 * conformance` with the self-test's seed), until the fault is caught: its intended check found a
 * violation and the fault fired. Further tests could only add failed checks, never uncatch it.
 *
 * Why not one Playwright run per fault, or one project per fault: every project is a worker
 * process of its own (~1.5 s of CPU to start), and Playwright restarts its worker after every
 * failed test (~0.7 s); nearly every test of a fault run fails. Here two workers run all faults,
 * and a violation is judged the way the conformance reporter judges it (a failed test whose stats
 * say violations or gap is a verdict, anything else means the suite could not judge), into one
 * SummaryBuilder per fault. What a user's run adds (fixtures, global setup, the reporter, exit
 * codes) stays proven by the self-test's clean and exit-2 runs and by the report unit tests.
 */
import { test, type APIRequestContext } from '@playwright/test';
import { FAULTS } from '../../sandbox/faults';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { newQuietRequestContext } from '../../suite/http/quiet-request';
import { judgeSandbox } from './judge-sandbox';
import { EXIT_FOR, FAULT_RESULT_ATTACHMENT, type FaultResult } from './matrix';

/** How often the fault changed an answer: the sandbox's own count (GET /__sandbox/faults), outside the suite's request count. */
async function firedCount(ctx: APIRequestContext, sandbox: RunningSandbox, fault: string): Promise<number> {
  const response = await ctx.get(`${sandbox.url}/__sandbox/faults`);
  const report = (await response.json()) as { triggered?: Record<string, number> };
  return report.triggered?.[fault] ?? 0;
}

for (const fault of FAULTS) {
  test(fault.name, async ({}, testInfo) => {
    const started = Date.now();
    const sandbox = await startSandbox({ port: 0, faults: [fault.name], slowEvery: 0 });
    const ctx = await newQuietRequestContext();
    try {
      let fired = 0;
      const { builder, config, testsRun, testsPlanned } = await judgeSandbox(sandbox, testInfo, {
        // Caught: its intended check found a violation and the fault fired. Further tests could only
        // add failed checks, never uncatch it.
        stopAfter: async (stats) => {
          if ((stats?.checks[fault.intendedCheck]?.violations ?? 0) === 0) return false;
          fired = await firedCount(ctx, sandbox, fault.name);
          return fired > 0;
        },
      });
      if (fired === 0) fired = await firedCount(ctx, sandbox, fault.name);

      const summary = builder.build({
        target: sandbox.url,
        seed: config.seed,
        startedAt: new Date(started),
        durationMs: Date.now() - started,
      });
      const result: FaultResult = {
        fault: fault.name,
        verdict: summary.verdict,
        exit: EXIT_FOR[summary.verdict],
        failedChecks: [...new Set(summary.checks.filter((c) => c.status === 'failed').map((c) => c.id))],
        fired: fired > 0,
        testsRun,
        testsPlanned,
        requests: summary.totals.requests,
        errors: summary.errors,
        seconds: (Date.now() - started) / 1000,
      };
      await testInfo.attach(FAULT_RESULT_ATTACHMENT, { body: JSON.stringify(result), contentType: 'application/json' });
    } finally {
      await ctx.dispose();
      await sandbox.close();
    }
  });
}
