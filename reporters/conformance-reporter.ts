/**
 * Writes reports/conformance.json and reports/coverage.md, prints progress, the method × check
 * grid and what the target sent beyond the contract (reported, never judged), and (in onExit, once
 * the html reporter is done) puts the grid on top of the HTML report. It decides the verdict:
 * violations make a run non-conformant (exit 1); anything that kept the suite from judging (setup
 * failure, target unreachable, a coverage gap, a bug in the suite) makes it an error.
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestError,
  TestResult,
} from '@playwright/test/reporter';
import { reportDir } from '../suite/config/env';
import { read } from '../suite/model/variables';
import { shownPath, type Baseline } from '../suite/baseline/baseline';
import { readBaseline } from '../suite/baseline/load';
import { isJudgedFailure, KNOWN_ATTACHMENT, STATS_ATTACHMENT, VIOLATION_ATTACHMENT } from '../suite/engine/protocol';
import type { TestStats } from '../suite/engine/stats';
import { EXCHANGE_LOG_FILE, joinExchangeParts, openExchangeLog } from '../suite/engine/exchange-log';
import { cellKey, gridMarkdown } from './coverage-grid';
import { htmlReportFolder, injectSummary } from './grid-block';
import { baselineText } from './baseline-text';
import { observationsText } from './observations';
import { SummaryBuilder, gridText, type ConformanceSummary } from './summary';

const PROGRESS_INTERVAL_MS = 2_000;
const MAX_FAILURES_STOP = /^Testing stopped early after \d+ maximum allowed failures/;

/** A hash route of Playwright's HTML report: the test, and the attachment to open and scroll to. */
const reportLink = (testId: string, attachmentIndex: number | null): string =>
  `?testId=${encodeURIComponent(testId)}${attachmentIndex === null ? '' : `&anchor=attachment-${attachmentIndex}`}`;

function readStats(result: TestResult): TestStats | null {
  const attachment = result.attachments.find((a) => a.name === STATS_ATTACHMENT);
  if (!attachment) return null;
  const body = attachment.body ?? (attachment.path ? fs.readFileSync(attachment.path) : null);
  return body ? (JSON.parse(body.toString('utf8')) as TestStats) : null;
}

const firstLine = (error: TestError): string => (error.message ?? error.value ?? 'unknown error').split('\n')[0] ?? '';
// Playwright colours error messages for the terminal; the JSON summary wants plain text.
// eslint-disable-next-line no-control-regex -- stripping ANSI colour codes is the point
const plain = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');

export default class ConformanceReporter implements Reporter {
  private readonly builder = new SummaryBuilder();
  private startedAt = new Date();
  private totalTests = 0;
  private lastProgress = 0;
  private config: FullConfig | null = null;
  private summary: ConformanceSummary | null = null;
  /** Grid cell → the test whose evidence explains it (the first failing one), for links in the HTML grid. */
  private readonly links = new Map<string, string>();
  private readonly failedFamilies = new Set<string>();
  private readonly redCells = new Set<string>();
  /** The known-deviations file (validated before the run by the CLI and global setup), to name stale entries. */
  private baseline: Baseline | null = null;

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.startedAt = new Date();
    this.totalTests = suite.allTests().length;
    // A merge of blob reports runs no test, so its log stays empty and is not written.
    openExchangeLog(reportDir());
    try {
      this.baseline = readBaseline();
    } catch (error) {
      // Global setup ends the run with this same error, before any test; the summary says it too.
      this.builder.errors.push((error as Error).message);
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const stats = readStats(result);
    if (stats) {
      this.builder.add(stats);
      this.recordLinks(test, result, stats);
    }
    if (result.status !== 'passed' && result.status !== 'skipped') {
      this.builder.failedTests++;
      const messages = result.errors.map((e) => plain(firstLine(e)));
      // The test's stats say whether its failure is the target's verdict (violations, a gap); a
      // failure without such stats (a crash, a time-out before the verdict) means the suite could not judge it.
      const judged = result.status === 'failed' && isJudgedFailure(stats?.verdict);
      if (!judged)
        this.builder.errors.push(`${test.titlePath().slice(3).join(' › ')}: ${messages.join('; ') || result.status}`);
    }
    this.progress(false);
  }

  private recordLinks(test: TestCase, result: TestResult, stats: TestStats): void {
    const method = stats.method ?? '';
    const failed = result.status !== 'passed' && result.status !== 'skipped';
    // The report opens an attachment given as `anchor=attachment-<index>`: link straight to the evidence.
    const evidence = (id: string, name = VIOLATION_ATTACHMENT(id)): string => {
      const index = result.attachments.findIndex((a) => a.name === name);
      return reportLink(test.id, index === -1 ? null : index);
    };
    const firstViolated = Object.entries(stats.checks).find(([, cell]) => (cell?.violations ?? 0) > 0)?.[0];
    // A family cell opens its first failing batch (else its first batch); a check cell, the first test showing its violation or gap.
    const familyKey = cellKey('family', stats.family, method);
    if (!this.links.has(familyKey) || (failed && !this.failedFamilies.has(familyKey))) {
      this.links.set(familyKey, firstViolated ? evidence(firstViolated) : reportLink(test.id, null));
    }
    if (failed) this.failedFamilies.add(familyKey);
    for (const [id, cell] of Object.entries(stats.checks)) {
      const key = cellKey('check', id, method);
      if ((cell?.violations ?? 0) > 0 && !this.redCells.has(key)) {
        // A red cell opens a new violation's evidence, even when an amber one was linked first.
        this.links.set(key, evidence(id));
        this.redCells.add(key);
      } else if ((cell?.known ?? 0) > 0 && !this.links.has(key))
        this.links.set(key, evidence(id, KNOWN_ATTACHMENT(id)));
    }
    for (const id of stats.expects) {
      if ((stats.checks[id]?.cases ?? 0) === 0 && !this.links.has(cellKey('check', id, method)))
        this.links.set(cellKey('check', id, method), reportLink(test.id, null));
    }
  }

  onError(error: TestError): void {
    const message = plain(firstLine(error));
    // `--max-failures` (the self-test's fault runs use it) stops a run on purpose: the failures it
    // counted still judge the target, and any of them that was not a violation is an error already.
    if (MAX_FAILURES_STOP.test(message)) {
      process.stdout.write(`[conformance] ${message} The verdict covers the tests that ran.\n`);
      return;
    }
    this.builder.errors.push(message);
  }

  private progress(final: boolean): void {
    const now = Date.now();
    if (!final && now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    const seconds = (now - this.startedAt.getTime()) / 1000;
    const b = this.builder;
    const rate = seconds > 0 ? Math.round(b.requests / seconds) : 0;
    process.stdout.write(
      `[conformance] ${b.tests}/${this.totalTests} tests · ${b.cases} cases · ${b.requests} requests · ${rate} req/s · ${b.violations} violations\n`,
    );
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    this.progress(true);
    const seed = read('CONFORMANCE_SEED') ?? this.builder.seed;
    const summary: ConformanceSummary = this.builder.build({
      target: targetForReport(),
      seed,
      startedAt: this.startedAt,
      durationMs: Math.round(result.duration),
      baseline: this.baseline,
      baselineLabel: this.baseline === null ? null : shownPath(this.baseline.file),
      maxUnjudgedPercent: read('CONFORMANCE_MAX_UNJUDGED_PERCENT'),
    });
    if (result.status === 'interrupted' || result.status === 'timedout') {
      summary.verdict = 'error';
      summary.errors.push(`run ${result.status}`);
    }
    const output = path.join(reportDir(), 'conformance.json');
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, `${JSON.stringify(summary, null, 2)}\n`);
    fs.writeFileSync(path.join(reportDir(), 'coverage.md'), gridMarkdown(summary));
    await this.writeExchangeLog(seed);
    this.summary = summary;
    if (summary.totals.tests > 0) process.stdout.write(`\n${gridText(summary)}\n`);
    const observed = observationsText(summary.observations, summary.observationsCapped === true);
    if (observed) process.stdout.write(`\n${observed}\n`);
    const deviations = baselineText(summary);
    if (deviations) process.stdout.write(`\n${deviations}\n`);
    const knownText = summary.totals.known > 0 ? ` · ${summary.totals.known} known deviations` : '';
    process.stdout.write(
      `\n[conformance] verdict: ${summary.verdict} · ${summary.totals.cases} cases · ${summary.totals.requests} requests · ${summary.totals.violations} violations${knownText} · ${(summary.durationMs / 1000).toFixed(1)} s · seed ${seed ?? '?'}\n`,
    );
    const unjudged = unjudgedText(summary);
    if (unjudged) process.stdout.write(`${unjudged}\n`);
    for (const error of summary.errors) process.stdout.write(`[conformance] could not judge: ${error}\n`);
    if (this.config) this.config.metadata = { ...this.config.metadata, conformanceVerdict: summary.verdict };
    // A gap with no failing test still has to fail the run.
    const passes = summary.verdict === 'conformant' || summary.verdict === 'conformant-with-known-deviations';
    return !passes && result.status === 'passed' ? { status: 'failed' } : undefined;
  }

  /** Joins the tests' lines into reports/exchanges.jsonl.gz, the input of `npm run compare`. */
  private async writeExchangeLog(seed: number | null): Promise<void> {
    const shard = this.config?.shard ?? null;
    const written = await joinExchangeParts(reportDir(), {
      seed,
      runs: read('CONFORMANCE_RUNS'),
      target: targetForReport(),
      env: read('CONFORMANCE_ENV'),
      shard: shard === null ? null : { current: shard.current, total: shard.total },
      replayPath: read('CONFORMANCE_REPLAY_PATH'),
      startedAt: this.startedAt.toISOString(),
    });
    if (written === null) return;
    process.stdout.write(
      `[conformance] exchange log: ${path.join(reportDir(), EXCHANGE_LOG_FILE)} · ${written.cases} cases · ${(written.bytes / 1024).toFixed(0)} KiB (${(written.rawBytes / 1024).toFixed(0)} KiB unzipped)\n`,
    );
  }

  /** Runs after every reporter's onEnd, i.e. after the html reporter has written its folder. */
  async onExit(): Promise<void> {
    const folder = htmlReportFolder(this.config);
    if (this.summary === null || folder === null) return;
    const outcome = injectSummary(folder, this.summary, this.links);
    if (outcome === 'no-root-element')
      process.stdout.write(
        `[conformance] could not place the coverage grid in ${folder}/index.html (unknown report layout); it is in ${path.join(reportDir(), 'coverage.md')}\n`,
      );
  }

  printsToStdio(): boolean {
    return true;
  }
}

/** The cases the target gave no answer to judge: how many, why, and the first few by name. */
export function unjudgedText(summary: ConformanceSummary): string {
  const u = summary.unjudged;
  if (u.count === 0) return '';
  const reasons = Object.entries(u.byReason)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  const within = u.percent <= u.limitPercent ? 'within' : 'above';
  return [
    `[conformance] could not judge ${u.count} case(s), ${u.percent} % (${reasons}); ${within} the ${u.limitPercent} % a run may leave. Never violations:`,
    ...u.examples
      .slice(0, 10)
      .map((e) => `  ? ${e.case}${e.part === 'read-back' ? ' (its read-back)' : ''}: ${e.detail}`),
  ].join('\n');
}

/**
 * The target without credentials (URLs never carry them: config refuses such URLs). With the
 * embedded sandbox, `npm run conformance` has put the port it settled on into SANDBOX_PORT
 * (suite/cli/conformance.ts); a bare `playwright test` uses readConfig's default, as this does.
 */
function targetForReport(): string {
  let url: URL | null;
  try {
    url = read('SOLARIS_BASE_URL');
  } catch {
    // readConfig refused it before the run; the report is written all the same.
    return '(invalid SOLARIS_BASE_URL)';
  }
  if (url === null) return `http://127.0.0.1:${read('SANDBOX_PORT')} (embedded sandbox)`;
  return `${url.origin}${url.pathname.replace(/\/$/, '')}`;
}
