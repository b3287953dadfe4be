/**
 * Judges one in-process sandbox the way `npm run conformance` judges a target: provisioning as
 * global setup does, then the conformance tests of tests/conformance/conformance-tests.ts with the
 * spec's titles (so the same property seeds and cases), each test's stats into one SummaryBuilder,
 * and a failed test classified as the conformance reporter classifies it (a violation or a gap is a
 * verdict, as its stats say; anything else means the suite could not judge). The self-test's fault matrix
 * (matrix.spec.ts) and chaos runs (chaos.spec.ts) both use it.
 */
import type { TestInfo } from '@playwright/test';
import type { RunningSandbox } from '../../sandbox/server';
import { SummaryBuilder } from '../../reporters/summary';
import { readConfig, type SuiteConfig } from '../../suite/config/env';
import { METHODS } from '../../suite/engine/plan';
import type { TestStats } from '../../suite/engine/stats';
import { isJudgedFailure, STATS_ATTACHMENT } from '../../suite/engine/protocol';
import { knownSecrets } from '../../suite/evidence/redact';
import { ApiClient, fetchToken, firstLine } from '../../suite/http/client';
import { Limiter, mapPool } from '../../suite/http/limiter';
import { newQuietRequestContext } from '../../suite/http/quiet-request';
import { conformanceTests, type ConformanceTest } from '../conformance/conformance-tests';
import { provision } from '../conformance/global-setup';

/** The spec's file name: the first entry of a conformance test's title path (testKey drops it). */
const SPEC_FILE = 'identifications.spec.ts';

/** Every conformance test, in the spec's order, for CONFORMANCE_RUNS as the environment sets it. */
export const plannedTests = (): ConformanceTest[] =>
  METHODS.flatMap((method) => conformanceTests(method, readConfig().runs));

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

export interface JudgeOptions {
  /** Overrides of the self-test's CONFORMANCE_* settings (e.g. a seed per run). */
  config?: Partial<SuiteConfig>;
  /** Conformance tests judged side by side, as that many workers would (default 1: the spec's order). */
  parallelTests?: number;
  /** After each test's stats: true stops the run there (the fault matrix stops at its catch). */
  stopAfter?: (stats: TestStats | null) => Promise<boolean>;
}

export interface Judgement {
  builder: SummaryBuilder;
  config: SuiteConfig;
  testsRun: number;
  testsPlanned: number;
}

export async function judgeSandbox(
  sandbox: RunningSandbox,
  testInfo: TestInfo,
  options: JudgeOptions = {},
): Promise<Judgement> {
  const planned = plannedTests();
  const ctx = await newQuietRequestContext();
  try {
    // The self-test's CONFORMANCE_* settings, aimed at this sandbox.
    const config: SuiteConfig = {
      ...readConfig(),
      baseUrl: sandbox.url,
      authUrl: sandbox.authUrl,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      embeddedSandbox: true,
      sandboxPort: Number(new URL(sandbox.url).port),
      maxRps: null,
      ...options.config,
    };
    const token = await fetchToken(ctx, config);
    // One sandbox, like a one-worker run: the whole CONFORMANCE_CONCURRENCY is this run's.
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
    let stopped = false;
    await mapPool(planned, options.parallelTests ?? 1, async (test) => {
      if (stopped) return;
      const attachments = new Map<string, Buffer>();
      const info = conformanceTestInfo(testInfo, [SPEC_FILE, test.method, test.title], attachments);
      testsRun++;
      const failure = await test.run({ testInfo: info, api, target, targetState, config }).then(
        () => null,
        (error: unknown) => error,
      );
      const body = attachments.get(STATS_ATTACHMENT);
      const stats = body === undefined ? null : (JSON.parse(body.toString('utf8')) as TestStats);
      if (failure !== null) {
        builder.failedTests++;
        // As the conformance reporter: the stats say whether the failure is a verdict; otherwise, an error.
        if (!isJudgedFailure(stats?.verdict))
          builder.errors.push(`${test.method} › ${test.title}: ${firstLine(failure)}`);
      }
      if (stats !== null) builder.add(stats);
      if (options.stopAfter !== undefined && (await options.stopAfter(stats))) stopped = true;
    });
    return { builder, config, testsRun, testsPlanned: planned.length };
  } finally {
    await ctx.dispose();
  }
}
