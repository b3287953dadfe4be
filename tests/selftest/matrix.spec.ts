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
 * and a violation is judged the way the conformance reporter judges it (ConformanceViolationError
 * and CoverageGapError are verdicts, anything else means the suite could not judge), into one
 * SummaryBuilder per fault. What a user's run adds (fixtures, global setup, the reporter, exit
 * codes) stays proven by the self-test's clean and exit-2 runs and by the report unit tests.
 */
import { test, type APIRequestContext, type TestInfo } from '@playwright/test';
import { FAULTS } from '../../sandbox/faults';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { SummaryBuilder } from '../../reporters/summary';
import { readConfig, type SuiteConfig } from '../../suite/config/env';
import { ConformanceViolationError, CoverageGapError } from '../../suite/engine/property';
import { METHODS } from '../../suite/engine/plan';
import { STATS_ATTACHMENT, type TestStats } from '../../suite/engine/stats';
import { knownSecrets } from '../../suite/evidence/redact';
import { ApiClient, fetchToken, firstLine } from '../../suite/http/client';
import { Limiter } from '../../suite/http/limiter';
import { newQuietRequestContext } from '../../suite/http/quiet-request';
import { conformanceTests } from '../conformance/conformance-tests';
import { provision } from '../conformance/global-setup';
import { EXIT_FOR, FAULT_RESULT_ATTACHMENT, type FaultResult } from './matrix';

/** The spec's file name: the first entry of a conformance test's title path (testKey drops it). */
const SPEC_FILE = 'identifications.spec.ts';

// Read at collection time, as the spec does: the tests (batches) depend on CONFORMANCE_RUNS.
const { runs } = readConfig();
const PLANNED = METHODS.flatMap((method) => conformanceTests(method, runs));

/**
 * The matrix test's TestInfo as one conformance test sees it: that test's title path (its seed and
 * replay command) and its own attachments. Steps still go to the matrix test, where they are harmless.
 */
function conformanceTestInfo(testInfo: TestInfo, titlePath: string[], attachments: Map<string, Buffer>): TestInfo {
  return new Proxy(testInfo, {
    get(target, property) {
      if (property === 'titlePath') return titlePath;
      if (property === 'attach') {
        return async (name: string, options: { body?: string | Buffer } = {}) => {
          attachments.set(name, Buffer.from(options.body ?? ''));
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

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
      // The self-test's CONFORMANCE_* settings, aimed at this fault's sandbox.
      const config: SuiteConfig = {
        ...readConfig(),
        baseUrl: sandbox.url,
        authUrl: sandbox.authUrl,
        clientId: sandbox.clientId,
        clientSecret: sandbox.clientSecret,
        embeddedSandbox: true,
        sandboxPort: Number(new URL(sandbox.url).port),
        maxRps: null,
      };
      const token = await fetchToken(ctx, config);
      // One sandbox per fault, like a one-worker run: the whole CONFORMANCE_CONCURRENCY is this fault's.
      const api = new ApiClient(ctx, config, new Limiter(config.concurrency, null));
      api.useToken(token);
      const targetState = await provision(api, config, knownSecrets(config, token.value));
      const target = {
        personId: targetState.personId,
        sessionId: targetState.sessionId,
        sessionMethods: targetState.sessionMethods,
      };

      const builder = new SummaryBuilder();
      let testsRun = 0;
      let fired = 0;
      for (const planned of PLANNED) {
        const attachments = new Map<string, Buffer>();
        const info = conformanceTestInfo(testInfo, [SPEC_FILE, planned.method, planned.title], attachments);
        testsRun++;
        try {
          await planned.run({ testInfo: info, api, target, targetState, config });
        } catch (error) {
          builder.failedTests++;
          // As the conformance reporter: a violation or a gap is a verdict; anything else, an error.
          if (!(error instanceof ConformanceViolationError || error instanceof CoverageGapError))
            builder.errors.push(`${planned.method} › ${planned.title}: ${firstLine(error)}`);
        }
        const body = attachments.get(STATS_ATTACHMENT);
        const stats = body === undefined ? null : (JSON.parse(body.toString('utf8')) as TestStats);
        if (stats !== null) builder.add(stats);
        if ((stats?.checks[fault.intendedCheck]?.violations ?? 0) > 0) {
          fired = await firedCount(ctx, sandbox, fault.name);
          if (fired > 0) break;
        }
      }
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
        testsPlanned: PLANNED.length,
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
