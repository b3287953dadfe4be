/**
 * One fast-check property per Playwright test, run in two phases:
 *  1. explore: the property's cases (fc.sample with the test's seed: the very sequence fc.check
 *     generates) are sent with bounded concurrency and judged by every applicable check;
 *  2. shrink: only if something failed, fc.check replays the first failing case by its path and
 *     shrinks it sequentially to a minimal request that still fails the same check(s).
 * Exploration is where the requests are, so it runs concurrently; shrinking is rare and short.
 * Violations are collected and thrown once at the end (never a soft assertion, which neither throws
 * nor shrinks).
 */
import fc from 'fast-check';
import { test, type TestInfo } from '@playwright/test';
import type { IdentificationMethod, RequestCase } from '../../generators/case';
import { runBaseline } from '../baseline/load';
import { needsReadBack } from '../checks/registry';
import type { CheckId, Exchange, TargetContext, Violation } from '../checks/types';
import type { SuiteConfig } from '../config/env';
import { evidenceText } from '../evidence/format';
import { knownSecrets, redactSecrets } from '../evidence/redact';
import { UnansweredError, type ApiClient } from '../http/client';
import { mapPool } from '../http/limiter';
import { deriveSeed, grepFor, replayCommand } from './replay';
import type { DeviationTally } from './deviations';
import { CaseRecorder, type Failure, type RecordedResults } from './recorder';
import { caseId, ExchangeLog, targetPlaceholders } from './exchange-log';
import { reportDir } from '../config/env';
import { sendCase } from './send';
import type { StatsCollector, TestStats } from './stats';
import { KNOWN_ATTACHMENT, STATS_ATTACHMENT, STATS_VERSION, VIOLATION_ATTACHMENT, type VerdictKind } from './protocol';
import type { UnjudgedTally } from './unjudged';

export type { Failure } from './recorder';

const PROGRESS_INTERVAL_MS = 5_000;
/** Valid cases per test whose identification is read back: the GET is a second request, so a sample suffices. */
const READ_BACK_SAMPLE = 5;
const EXAMPLE_SUMMARY_LENGTH = 300;

/**
 * The report's failure panel is for the target's facts: what was sent, what came back, what the
 * contract says. A stack would point into the suite's own files, and Playwright would print a code
 * frame of them; so the verdict errors carry their message as their whole stack.
 */
class VerdictError extends Error {
  constructor(message: string) {
    super(message);
    this.stack = `${this.constructor.name}: ${message}`;
  }
}
/** Thrown once per test that found violations: the target is non-conformant. */
export class ConformanceViolationError extends VerdictError {
  override name = 'ConformanceViolationError';
}
/** Thrown when a check that should have judged cases judged none: the run proves nothing there. */
export class CoverageGapError extends VerdictError {
  override name = 'CoverageGapError';
}

/** Attaches one piece of evidence or the stats to the test (see TestContext.attach). */
export type Attach = (name: string, body: string, contentType: string) => Promise<void>;

export interface TestContext {
  testInfo: TestInfo;
  /**
   * How the test attaches what it reports. The spec passes its own (tests/conformance), so that the
   * report's attachment steps point at the test's files, not into the suite's; without it, testInfo.attach.
   */
  attach?: Attach;
  client: ApiClient;
  target: TargetContext;
  config: SuiteConfig;
  method: IdentificationMethod;
  family: string;
  runs: number;
}

export interface PropertyInput extends TestContext {
  arbitrary: fc.Arbitrary<RequestCase>;
  /** Checks that must judge at least one case, given the cases that were generated. */
  expects: (cases: readonly RequestCase[]) => CheckId[];
}

/**
 * Where the report places a step: the test's own line in the spec. A step's default location is
 * the line that called test.step, which is inside the suite's engine, and QA has nothing to do there.
 */
export const stepAt = (
  testInfo: TestInfo,
): { box: true; location: { file: string; line: number; column: number } } => ({
  box: true,
  location: { file: testInfo.file, line: testInfo.line, column: testInfo.column },
});

const attachTo =
  (context: Pick<TestContext, 'attach' | 'testInfo'>): Attach =>
  (name, body, contentType) =>
    context.attach !== undefined
      ? context.attach(name, body, contentType)
      : context.testInfo.attach(name, { body, contentType });

/** Identifies the test for seeds and --grep: its title path without the file name. */
export const testKey = (testInfo: TestInfo): string[] => testInfo.titlePath.slice(1);

/**
 * The command that replays a case of this test. CONFORMANCE_RUNS is the run's, not the test's: a
 * large run splits a property into batches whose titles (`valid requests (batch 2 of 4)`) and so
 * seeds exist only at that runs count, and the command must select the very test that failed.
 */
export function replayFor(input: Pick<TestContext, 'testInfo' | 'config'>, path: string | null): string {
  return replayCommand({
    seed: input.config.seed,
    runs: input.config.runs,
    path,
    grep: grepFor(testKey(input.testInfo)),
    envName: input.config.envName,
  });
}

export async function runProperty(input: PropertyInput): Promise<void> {
  const { testInfo, client, target, config, arbitrary, runs } = input;
  const started = Date.now();
  const requestsBefore = client.requests;
  const title = testKey(testInfo);
  const propertySeed = deriveSeed(config.seed, title.join(' '));
  const recorder = new CaseRecorder(
    input.method,
    runBaseline(),
    (path) => replayFor(input, path),
    exchangeLogFor(input),
  );
  const judgeAndRecord = (exchange: Exchange, index: number, path: string): Violation[] =>
    recorder.record(exchange, index, path);

  const cases = config.replayPath === null ? fc.sample(arbitrary, { seed: propertySeed, numRuns: runs }) : [];
  if (cases.length > 0) {
    await test.step(
      `send ${cases.length} generated cases (seed ${config.seed}, property seed ${propertySeed})`,
      async () => {
        let done = 0;
        let lastProgress = Date.now();
        await mapPool(cases, config.concurrency, async (c, index) => {
          const id = caseId(title, index);
          const exchange = await sendCase(client, target, c, recorder.ids, {
            readBack: c.kind === 'valid' && index < READ_BACK_SAMPLE,
            caseId: id,
          }).catch(unanswered);
          // No answer to judge after every retry: the case is "could not judge", never a violation.
          if (exchange instanceof UnansweredError) recorder.unanswered(id, exchange);
          else judgeAndRecord(exchange, index, String(index));
          done++;
          if (Date.now() - lastProgress > PROGRESS_INTERVAL_MS) {
            lastProgress = Date.now();
            const rate = Math.round(done / ((lastProgress - started) / 1000));
            console.log(
              `[${testKey(testInfo).join(' ')}] ${done}/${cases.length} cases · ${rate}/s · ${recorder.firstByCheck.size} checks failing`,
            );
          }
        });
      },
      stepAt(testInfo),
    );
  }

  const failing = recorder.first;
  if (config.replayPath !== null || (failing !== null && config.shrinkTimeMs > 0)) {
    await shrink(input, propertySeed, failing, recorder, judgeAndRecord);
  }

  await finishTest(input, {
    ...recorder.results(),
    expects: input.expects(cases),
    propertySeed,
    started,
    requestsBefore,
  });
}

/** An UnansweredError as a value (the case goes unjudged); anything else is the suite's own failure. */
export function unanswered(error: unknown): UnansweredError {
  if (error instanceof UnansweredError) return error;
  throw error;
}

/** The test's exchange log: its cases, named by its title path, with its target's ids as placeholders. */
export function exchangeLogFor(
  context: Pick<TestContext, 'testInfo' | 'target' | 'method' | 'family'>,
  otherPersonId: string | null = null,
): ExchangeLog | null {
  return ExchangeLog.forTest(reportDir(), {
    test: testKey(context.testInfo),
    method: context.method,
    family: context.family,
    placeholders: targetPlaceholders({ ...context.target, otherPersonId }),
  });
}

export interface TestResultData extends RecordedResults {
  expects: CheckId[];
  propertySeed: number;
  started: number;
  requestsBefore: number;
}

/** Steps and evidence per check, the stats attachment, then the verdict (throws on violations or gaps). */
export async function finishTest(context: TestContext, data: TestResultData): Promise<void> {
  // Evidence, examples, observed values and the error message quote what the target answered; a
  // target that echoes a credential must not put it in the report. Only tests that quote anything pay.
  const knownByCheck = data.firstKnownByCheck ?? new Map<CheckId, Failure>();
  const deviations = data.deviations ?? [];
  const quotes = data.firstByCheck.size > 0 || knownByCheck.size > 0 || data.observations.size > 0;
  const logged = (data.log?.size ?? 0) > 0;
  const secrets =
    quotes || logged ? knownSecrets(context.config, await context.client.currentToken().catch(() => null)) : [];
  data.log?.write(secrets);
  await reportChecks(data.firstByCheck, knownByCheck, data.stats, context, secrets);
  reportKnown(deviations, context);
  for (const cell of Object.values(data.stats.checks)) {
    for (const example of cell?.examples ?? [])
      example.summary = redactSecrets(example.summary, secrets).slice(0, EXAMPLE_SUMMARY_LENGTH);
  }
  const testStats: TestStats = {
    version: STATS_VERSION,
    method: context.method,
    family: context.family,
    seed: context.config.seed,
    propertySeed: data.propertySeed,
    cases: data.stats.cases,
    requests: context.client.requests - data.requestsBefore,
    durationMs: Date.now() - data.started,
    expects: data.expects,
    checks: data.stats.checks,
    observations: data.observations.finish(secrets),
    ...(data.observations.capped ? { observationsCapped: true as const } : {}),
    ...(deviations.length > 0
      ? { deviations: deviations.map((d) => ({ ...d, key: redactSecrets(d.key, secrets) })) }
      : {}),
    ...unjudgedStats(data.unjudged, context, secrets),
    verdict: verdictKind(data.stats, data.expects),
  };
  await attachTo(context)(STATS_ATTACHMENT, JSON.stringify(testStats), 'application/json');
  throwVerdict(data.firstByCheck, data.stats, data.expects, context, secrets);
}

/** The unjudged cases for the stats, scrubbed; said on the test's stdout and as an annotation, since the test still passes. */
function unjudgedStats(
  tally: UnjudgedTally | undefined,
  context: TestContext,
  secrets: readonly string[],
): Pick<TestStats, 'unjudged'> {
  const unjudged = tally?.finish();
  if (unjudged === undefined) return {};
  for (const example of unjudged.examples) example.detail = redactSecrets(example.detail, secrets);
  const reasons = Object.entries(unjudged.byReason)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  const line = `could not judge ${unjudged.count} case(s) (${reasons}): ${unjudged.examples.map((e) => e.case).join('; ')}`;
  console.log(`[${testKey(context.testInfo).join(' ')}] ${line}`);
  context.testInfo.annotations.push({ type: 'could not judge', description: line });
  return { unjudged };
}

/** A shrink re-send gets this many sends when the target gives no answer to judge. */
const SHRINK_SENDS = 3;

async function shrink(
  input: PropertyInput,
  propertySeed: number,
  failing: Failure | null,
  recorder: CaseRecorder,
  judgeAndRecord: (exchange: Exchange, index: number, path: string) => Violation[],
): Promise<void> {
  const { client, target, config, arbitrary } = input;
  const startPath = config.replayPath ?? failing?.path ?? '0';
  // Shrink towards a request that fails the same checks; other failures found on the way are not the point.
  const targetChecks: ReadonlySet<CheckId> | null = failing ? new Set(failing.violations.map((v) => v.check)) : null;
  let minimal: { exchange: Exchange; violations: Violation[] } | null = null;

  await test.step(
    `shrink from path ${startPath} to a minimal failing case`,
    async () => {
      const result = await fc.check(
        fc.asyncProperty(arbitrary, async (c) => {
          let exchange: Exchange | UnansweredError = new UnansweredError('not sent', 'no-answer', 0);
          for (let send = 0; send < SHRINK_SENDS && exchange instanceof UnansweredError; send++) {
            exchange = await sendCase(client, target, c, recorder.ids, {
              readBack: targetChecks === null || needsReadBack(targetChecks),
            }).catch(unanswered);
          }
          if (exchange instanceof UnansweredError) {
            // A replay sends exactly the printed case: unanswered, it is a case this run could not judge.
            if (config.replayPath !== null) recorder.unanswered(`replay of path ${startPath}`, exchange);
            // While shrinking, the candidate proves nothing either way: it neither passes nor fails.
            else fc.pre(false);
            return true;
          }
          // A replay has no exploration phase, so its exchanges are the test's cases. Known deviations never fail a case.
          const violations =
            config.replayPath !== null ? judgeAndRecord(exchange, 0, startPath) : recorder.judgeOnly(exchange);
          const relevant = violations.filter((v) => targetChecks === null || targetChecks.has(v.check));
          if (relevant.length === 0) return true;
          minimal = { exchange, violations: relevant };
          return false;
        }),
        // numRuns counts from the path: 1 replays exactly that case. A replay stops there, so it shows
        // the very request that was printed; after exploration the failure is shrunk further.
        {
          seed: propertySeed,
          path: startPath,
          numRuns: 1,
          endOnFailure: config.replayPath !== null,
          interruptAfterTimeLimit: config.shrinkTimeMs,
          markInterruptAsFailure: false,
        },
      );
      const found = minimal as { exchange: Exchange; violations: Violation[] } | null;
      if (!result.failed || found === null) {
        console.log(
          `[${testKey(input.testInfo).join(' ')}] the failure at path ${startPath} did not reproduce while shrinking (a flaky target?)`,
        );
        return;
      }
      const path = result.counterexamplePath ?? startPath;
      const shrunk: Failure = { index: -1, path, exchange: found.exchange, violations: found.violations, shrunk: true };
      for (const check of new Set(found.violations.map((v) => v.check))) recorder.firstByCheck.set(check, shrunk);
      if (config.replayPath !== null && recorder.stats.cases === 0) recorder.stats.record([], new Set());
    },
    stepAt(input.testInfo),
  );
}

/**
 * One step per check, so the HTML report shows what ran; failing checks and known deviations get
 * their evidence. Steps are boxed: a step's location would point into the suite's own files.
 */
async function reportChecks(
  firstByCheck: Map<CheckId, Failure>,
  firstKnownByCheck: Map<CheckId, Failure>,
  stats: StatsCollector,
  input: TestContext,
  secrets: readonly string[],
): Promise<void> {
  for (const [id, cell] of Object.entries(stats.checks) as Array<
    [CheckId, NonNullable<StatsCollector['checks'][CheckId]>]
  >) {
    const failure = firstByCheck.get(id);
    const known = firstKnownByCheck.get(id);
    const knownText = cell.known ? `, ${cell.known} known deviations` : '';
    const title = `check: ${id} — ${cell.cases} cases, ${cell.violations} violations${knownText}`;
    if (known) {
      const text = evidenceText({
        exchange: known.exchange,
        violations: known.violations.filter((v) => v.check === id),
        replay: replayFor(input, known.path),
        shrunk: false,
        secrets,
      });
      await attachTo(input)(
        KNOWN_ATTACHMENT(id),
        `KNOWN DEVIATION (listed in the baseline file; it does not fail the run)\n${text}`,
        'text/plain',
      );
    }
    if (!failure) {
      await test.step(title, async () => {}, stepAt(input.testInfo));
      continue;
    }
    const violations = failure.violations.filter((v) => v.check === id);
    const text = evidenceText({
      exchange: failure.exchange,
      violations,
      replay: replayFor(input, failure.path),
      shrunk: failure.shrunk,
      secrets,
    });
    await attachTo(input)(VIOLATION_ATTACHMENT(id), text, 'text/plain');
    // A failed step marks the check red in the report; the test itself fails once, at the end.
    await test
      .step(
        title,
        async () => {
          throw new ConformanceViolationError(`${id}: ${violations[0]?.title ?? 'violation'}`);
        },
        stepAt(input.testInfo),
      )
      .catch(() => undefined);
  }
}

/**
 * Known deviations stay visible where a passing test shows text: its stdout (JUnit's system-out,
 * the console of a list reporter) and its annotations (the HTML report, JUnit properties).
 */
function reportKnown(deviations: readonly DeviationTally[], input: TestContext): void {
  for (const d of deviations) {
    if (d.status !== 'known') continue;
    const line = `known deviation: ${d.check} · ${d.key} (${d.cases} cases): ${d.reason ?? ''}`;
    console.log(`[${testKey(input.testInfo).join(' ')}] ${line}`);
    input.testInfo.annotations.push({
      type: 'known deviation',
      description: `${d.check} · ${d.key}: ${d.reason ?? ''}`,
    });
  }
}

/** How the test ends: what throwVerdict throws for, as the stats say it to the reporter. */
function verdictKind(stats: StatsCollector, expects: readonly CheckId[]): VerdictKind {
  if (stats.violatedChecks().length > 0) return 'violations';
  return stats.gaps(expects).length > 0 ? 'gap' : 'passed';
}

function throwVerdict(
  firstByCheck: Map<CheckId, Failure>,
  stats: StatsCollector,
  expects: readonly CheckId[],
  input: TestContext,
  secrets: readonly string[],
): void {
  const violated = stats.violatedChecks();
  if (violated.length > 0) {
    const lines = violated.map((id) => {
      const cell = stats.checks[id];
      const failure = firstByCheck.get(id);
      const v = failure?.violations.find((x) => x.check === id);
      // Scrubbed before it is cut: a cut could split a secret the target echoed.
      return `  ✗ ${id}: ${cell?.violations}/${cell?.cases} cases — ${v?.title ?? ''}\n      expected ${v?.expected ?? '?'}\n      got      ${redactSecrets(v?.actual ?? '?', secrets).slice(0, 300)}\n      replay   ${replayFor(input, failure?.path ?? null)}`;
    });
    throw new ConformanceViolationError(
      redactSecrets(
        `${input.method} ${input.family}: ${violated.length} check(s) found violations\n${lines.join('\n')}`,
        secrets,
      ),
    );
  }
  const gaps = stats.gaps(expects);
  if (gaps.length > 0) {
    throw new CoverageGapError(
      `${input.method} ${input.family}: coverage gap — no case was judged by ${gaps.join(', ')} (${stats.cases} cases sent)`,
    );
  }
}
