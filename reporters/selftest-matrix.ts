/**
 * The self-test's fault matrix reporter (playwright.selftest.config.ts): collects each fault's
 * result (judged in tests/selftest/matrix.spec.ts with the conformance reporter's SummaryBuilder),
 * prints a line every few seconds while the matrix runs, and writes the results file named in its
 * options, which tests/selftest/run.ts reads.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import type { Verdict } from './summary';

const PROGRESS_INTERVAL_MS = 5_000;

/** The attachment in which tests/selftest/matrix.spec.ts hands one fault's result to this reporter. */
export const FAULT_RESULT_ATTACHMENT = 'selftest-fault-result';

/** One fault's run, judged as `npm run conformance` would judge a run against that fault. */
export interface FaultResult {
  fault: string;
  verdict: Verdict;
  /** The exit code `npm run conformance` gives this verdict. */
  exit: number;
  failedChecks: string[];
  /** The fault changed at least one answer (the sandbox's own count, as SANDBOX_FAULT_LOG records it). */
  fired: boolean;
  /** Conformance tests run before the fault was caught (or all of them), of `testsPlanned`. */
  testsRun: number;
  testsPlanned: number;
  requests: number;
  /** Why the verdict is "error": a test that failed without a violation, a coverage gap. */
  errors: string[];
  seconds: number;
}

export interface MatrixResults {
  faults: FaultResult[];
  /** Errors no fault owns (a matrix test that crashed, Playwright's own errors): the matrix is in doubt. */
  errors: string[];
  status: string;
  seconds: number;
}

// eslint-disable-next-line no-control-regex -- stripping ANSI colour codes is the point
const plain = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');
const firstLine = (error: TestError): string =>
  plain((error.message ?? error.value ?? 'unknown error').split('\n')[0] ?? '');

export default class SelftestMatrixReporter implements Reporter {
  private readonly faults: FaultResult[] = [];
  private readonly errors: string[] = [];
  private readonly started = Date.now();
  private total = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: { outputFile: string }) {}

  onBegin(_config: unknown, suite: Suite): void {
    this.total = suite.allTests().length;
    // A timer, not onTestEnd: the matrix must not look stuck while a slow fault runs.
    this.timer = setInterval(() => this.progress(), PROGRESS_INTERVAL_MS);
    this.timer.unref();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const attachment = result.attachments.find((a) => a.name === FAULT_RESULT_ATTACHMENT);
    if (attachment?.body !== undefined) this.faults.push(JSON.parse(attachment.body.toString('utf8')) as FaultResult);
    // A matrix test fails only when the harness itself broke (a sandbox that would not start, a timeout).
    if (result.status !== 'passed')
      this.errors.push(`${test.title}: ${result.errors.map(firstLine).join('; ') || result.status}`);
  }

  onError(error: TestError): void {
    this.errors.push(firstLine(error));
  }

  private progress(): void {
    const requests = this.faults.reduce((sum, f) => sum + f.requests, 0);
    const caught = this.faults.filter((f) => f.exit === 1 && f.fired).length;
    process.stdout.write(
      `[selftest] fault matrix: ${this.faults.length}/${this.total} faults done (${caught} non-conformant and fired) · ${requests} requests · ${((Date.now() - this.started) / 1000).toFixed(0)} s\n`,
    );
  }

  onEnd(result: FullResult): void {
    if (this.timer) clearInterval(this.timer);
    this.progress();
    const results: MatrixResults = {
      faults: this.faults,
      errors: this.errors,
      status: result.status,
      seconds: (Date.now() - this.started) / 1000,
    };
    fs.mkdirSync(path.dirname(this.options.outputFile), { recursive: true });
    fs.writeFileSync(this.options.outputFile, `${JSON.stringify(results, null, 2)}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
