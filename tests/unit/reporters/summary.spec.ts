/**
 * The conformance reporter and its grid, driven the way Playwright drives it (onBegin, onTestEnd,
 * onEnd, onExit) with the stats attachments the engine writes: a coverage gap fails the run, the
 * grid lands in conformance.json, coverage.md and at the top of the HTML report, and red cells
 * link to the evidence.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { FullConfig, FullResult, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import ConformanceReporter from '../../../reporters/conformance-reporter';
import { gridMarkdown } from '../../../reporters/coverage-grid';
import { SummaryBuilder, type ConformanceSummary } from '../../../reporters/summary';
import type { Observation } from '../../../suite/engine/observations';
import type { TestStats } from '../../../suite/engine/stats';
import { STATS_ATTACHMENT, STATS_VERSION } from '../../../suite/engine/protocol';

function stats(overrides: Partial<TestStats>): TestStats {
  return {
    version: STATS_VERSION,
    method: 'idnow',
    family: 'valid',
    seed: 1,
    propertySeed: 2,
    cases: 5,
    requests: 5,
    durationMs: 1,
    expects: [],
    checks: {},
    ...overrides,
  };
}

const meta = { target: 'http://127.0.0.1:4599 (embedded sandbox)', seed: 1, startedAt: new Date(0), durationMs: 1 };

test('a check owed cases that judged none is a gap: verdict error, in checks[], gaps and the grid', () => {
  const builder = new SummaryBuilder();
  builder.add(
    stats({
      expects: ['positive-acceptance', 'semantic-consistency'],
      checks: { 'positive-acceptance': { cases: 5, violations: 0, examples: [] } },
    }),
  );
  const summary = builder.build(meta);
  expect(summary.verdict).toBe('error');
  expect(summary.gaps).toEqual(['semantic-consistency × idnow']);
  expect(summary.errors.join('\n')).toContain('coverage gaps: semantic-consistency × idnow');
  expect(summary.checks.find((c) => c.id === 'semantic-consistency')).toMatchObject({
    method: 'idnow',
    cases: 0,
    gap: true,
  });
  expect(summary.grid.checks).toEqual([
    { id: 'positive-acceptance', cells: { idnow: { cases: 5, violations: 0 } } },
    { id: 'semantic-consistency', cells: { idnow: { cases: 0, violations: 0, gap: true } } },
  ]);
  expect(gridMarkdown(summary)).toMatch(/\| semantic-consistency \| GAP \|/);
});

test('family cells add up batches and name the checks that failed', () => {
  const builder = new SummaryBuilder();
  const failing = {
    'status-code': { cases: 40, violations: 40, examples: [] },
    'positive-acceptance': { cases: 40, violations: 40, examples: [] },
  };
  builder.add(stats({ method: 'bank', cases: 40, checks: failing }));
  builder.add(
    stats({ method: 'bank', cases: 10, checks: { 'status-code': { cases: 10, violations: 0, examples: [] } } }),
  );
  builder.add(
    stats({ method: 'bank', family: 'auth', cases: 3, checks: { auth: { cases: 3, violations: 0, examples: [] } } }),
  );
  const summary = builder.build(meta);
  expect(summary.verdict).toBe('nonconformant');
  expect(summary.grid.methods).toEqual(['bank']);
  expect(summary.grid.families).toEqual([
    {
      family: 'valid',
      cells: { bank: { cases: 50, violations: 80, failedChecks: ['status-code', 'positive-acceptance'] } },
    },
    { family: 'auth', cells: { bank: { cases: 3, violations: 0, failedChecks: [] } } },
  ]);
  const markdown = gridMarkdown(summary);
  expect(markdown).toContain('| status-code | ✗40/50 |');
  expect(markdown).toContain('| valid | 50 ✗2 checks |');
});

const observed = (
  field: string,
  count: number,
  example: Observation['example'],
  kind: Observation['kind'] = 'undocumented-field',
): Observation => ({ kind, field, count, example });
const clean = { 'response-schema': { cases: 5, violations: 0, examples: [] } };

test('observations add up over tests and shards, sorted, and leave the verdict and grid as they were', () => {
  const withObservations = new SummaryBuilder();
  withObservations.add(
    stats({
      checks: clean,
      observations: [
        observed('next_step', 5, 'video'),
        observed('backtrace', 2, ['app.rb:1'], 'undocumented-error-field'),
      ],
    }),
  );
  withObservations.add(
    stats({
      method: 'bank',
      checks: clean,
      observations: [observed('estimated_waiting_time', 5, null), observed('next_step', 4, 'bank')],
      observationsCapped: true,
    }),
  );
  const without = new SummaryBuilder();
  without.add(stats({ checks: clean }));
  without.add(stats({ method: 'bank', checks: clean }));

  const summary = withObservations.build(meta);
  expect(summary.observations).toEqual([
    observed('estimated_waiting_time', 5, null),
    observed('next_step', 9, 'video'),
    observed('backtrace', 2, ['app.rb:1'], 'undocumented-error-field'),
  ]);
  expect(summary.observationsCapped).toBe(true);
  const { observations: _o, observationsCapped: _c, ...judged } = summary;
  const { observations: none, ...baseline } = without.build(meta);
  expect(none).toEqual([]);
  expect(judged).toEqual(baseline);
  expect(judged.verdict).toBe('conformant');
});

/** Just enough of Playwright's objects for the reporter: what it reads, nothing more. */
function fakeRun(reportDir: string): {
  config: FullConfig;
  suite: Suite;
  testCase: (id: string, title: string) => TestCase;
} {
  const config = {
    reporter: [['html', { outputFolder: path.join(reportDir, 'html') }]],
    configFile: path.join(reportDir, 'playwright.config.ts'),
    metadata: {},
  } as unknown as FullConfig;
  const suite = { allTests: () => [] } as unknown as Suite;
  const testCase = (id: string, title: string) =>
    ({ id, titlePath: () => ['', 'conformance', 'identifications.spec.ts', 'idnow', title] }) as unknown as TestCase;
  return { config, suite, testCase };
}

function result(status: TestResult['status'], testStats: TestStats, evidence: string[] = []): TestResult {
  const attachments = [
    ...evidence.map((check) => ({
      name: `violation: ${check}`,
      contentType: 'text/plain',
      body: Buffer.from('evidence'),
    })),
    { name: STATS_ATTACHMENT, contentType: 'application/json', body: Buffer.from(JSON.stringify(testStats)) },
  ];
  const errors =
    status === 'failed' ? [{ message: 'ConformanceViolationError: idnow valid: 1 check(s) found violations' }] : [];
  return { status, attachments, errors } as unknown as TestResult;
}

test.describe('the reporter', () => {
  let reportDir: string;
  const previous = process.env.CONFORMANCE_REPORT_DIR;
  test.beforeEach(() => {
    reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-summary-'));
    process.env.CONFORMANCE_REPORT_DIR = reportDir;
  });
  test.afterEach(() => {
    if (previous === undefined) delete process.env.CONFORMANCE_REPORT_DIR;
    else process.env.CONFORMANCE_REPORT_DIR = previous;
    fs.rmSync(reportDir, { recursive: true, force: true });
  });

  const readSummary = (): ConformanceSummary =>
    JSON.parse(fs.readFileSync(path.join(reportDir, 'conformance.json'), 'utf8')) as ConformanceSummary;

  test('fails a run whose only problem is a gap, and says so in every output', async () => {
    const { config, suite, testCase } = fakeRun(reportDir);
    const reporter = new ConformanceReporter();
    reporter.onBegin(config, suite);
    reporter.onTestEnd(
      testCase('t1', 'valid requests'),
      result(
        'passed',
        stats({
          expects: ['semantic-consistency'],
          checks: { 'status-code': { cases: 5, violations: 0, examples: [] } },
        }),
      ),
    );
    const outcome = await reporter.onEnd({ status: 'passed', duration: 5 } as FullResult);
    // Every test passed, yet the run must fail: nothing judged semantic-consistency for idnow.
    expect(outcome).toEqual({ status: 'failed' });
    const summary = readSummary();
    expect(summary.verdict).toBe('error');
    expect(summary.grid.checks.find((r) => r.id === 'semantic-consistency')?.cells.idnow).toEqual({
      cases: 0,
      violations: 0,
      gap: true,
    });
    expect(fs.readFileSync(path.join(reportDir, 'coverage.md'), 'utf8')).toContain('| semantic-consistency | GAP |');

    // onExit runs after the html reporter has written its folder: the grid goes on top of the app.
    fs.mkdirSync(path.join(reportDir, 'html'));
    const index = path.join(reportDir, 'html', 'index.html');
    fs.writeFileSync(index, "<html><body>\n<div id='root'></div>\n</body></html>");
    await reporter.onExit();
    await reporter.onExit();
    const html = fs.readFileSync(index, 'utf8');
    expect(html.match(/id="conformance-summary"/g)).toHaveLength(1);
    expect(html.indexOf('conformance-summary')).toBeLessThan(html.indexOf("<div id='root'>"));
    expect(html).toContain('ERROR — 0 violations');
    expect(html).toMatch(/<td class="cg-gap"[^>]*><a href="#\?testId=t1">GAP<\/a><\/td>/);
  });

  test('a conformant run with observations stays conformant and lists them in conformance.json, the console and the HTML block', async () => {
    const { config, suite, testCase } = fakeRun(reportDir);
    const reporter = new ConformanceReporter();
    reporter.onBegin(config, suite);
    const observations = [
      observed('estimated_waiting_time', 40, null),
      observed('next_step', 40, '<b>video</b>'),
      observed('backtrace', 3, ['app.rb:1'], 'undocumented-error-field'),
    ];
    reporter.onTestEnd(
      testCase('t1', 'valid requests'),
      result('passed', stats({ expects: ['response-schema'], checks: clean, observations })),
    );
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) =>
      printed.push(String(chunk)) > 0) as typeof process.stdout.write;
    let outcome: Awaited<ReturnType<ConformanceReporter['onEnd']>>;
    try {
      outcome = await reporter.onEnd({ status: 'passed', duration: 5 } as FullResult);
    } finally {
      process.stdout.write = write;
    }
    // Nothing to fail the run over: the reporter leaves Playwright's status (and so the exit code) alone.
    expect(outcome).toBeUndefined();
    const summary = readSummary();
    expect(summary.verdict).toBe('conformant');
    expect(summary.observations).toEqual([observations[0], observations[1], observations[2]]);
    const stdout = printed.join('');
    expect(stdout).toContain('observed beyond the contract (reported, never judged)');
    expect(stdout).toMatch(/identification +estimated_waiting_time +×40 +e\.g\. null/);
    expect(stdout).toMatch(/error body +backtrace +×3 +e\.g\. \["app\.rb:1"\]/);
    expect(stdout.indexOf('observed beyond the contract')).toBeLessThan(stdout.indexOf('verdict: conformant'));

    fs.mkdirSync(path.join(reportDir, 'html'));
    fs.writeFileSync(path.join(reportDir, 'html', 'index.html'), '<div id="root"></div>');
    await reporter.onExit();
    const html = fs.readFileSync(path.join(reportDir, 'html', 'index.html'), 'utf8');
    const block = html.slice(html.indexOf('<section id="conformance-summary">'), html.indexOf('</section>'));
    expect(block).toContain('<caption>Observed beyond the contract (reported, never judged)</caption>');
    expect(block).toContain(
      '<tr><td>identification</td><td><code>estimated_waiting_time</code></td><td class="cg-n">40</td><td><code>null</code></td></tr>',
    );
    // Values come from the target: escaped, never markup.
    expect(block).toContain('<code>&quot;&lt;b&gt;video&lt;/b&gt;&quot;</code>');
    expect(block).not.toContain('<b>video</b>');
    expect(block).toContain('<td>error body</td><td><code>backtrace</code></td>');
  });

  test("a failed test is a verdict only when its stats say so, whatever its error's text", async () => {
    const { config, suite, testCase } = fakeRun(reportDir);
    const reporter = new ConformanceReporter();
    reporter.onBegin(config, suite);
    // The error text names a violation, but the stats say the test passed its checks: something
    // else failed it (a crash after the verdict), so the run could not judge it.
    reporter.onTestEnd(testCase('t1', 'valid requests'), result('failed', stats({ verdict: 'passed' })));
    await reporter.onEnd({ status: 'failed', duration: 5 } as FullResult);
    expect(readSummary().verdict).toBe('error');
    expect(readSummary().errors.join('\n')).toContain('ConformanceViolationError');
  });

  test('links a violated cell to the evidence attachment of the first failing test', async () => {
    const { config, suite, testCase } = fakeRun(reportDir);
    const reporter = new ConformanceReporter();
    reporter.onBegin(config, suite);
    const failing = stats({
      verdict: 'violations',
      checks: {
        'status-code': {
          cases: 5,
          violations: 5,
          examples: [{ summary: 'undocumented status 201', replay: 'CONFORMANCE_SEED=1 npm run conformance' }],
        },
      },
    });
    reporter.onTestEnd(testCase('t1', 'valid requests'), result('failed', failing, ['status-code']));
    reporter.onTestEnd(testCase('t2', 'valid requests (batch 2 of 2)'), result('failed', failing, ['status-code']));
    expect(await reporter.onEnd({ status: 'failed', duration: 5 } as FullResult)).toBeUndefined();
    expect(readSummary().verdict).toBe('nonconformant');
    fs.mkdirSync(path.join(reportDir, 'html'));
    fs.writeFileSync(path.join(reportDir, 'html', 'index.html'), '<div id="root"></div>');
    await reporter.onExit();
    const html = fs.readFileSync(path.join(reportDir, 'html', 'index.html'), 'utf8');
    expect(html).toContain('<a href="#?testId=t1&amp;anchor=attachment-0">✗10/10</a>');
    expect(html).toContain('<a href="#?testId=t1&amp;anchor=attachment-0">10 ✗1 check</a>');
    expect(fs.readFileSync(path.join(reportDir, 'coverage.md'), 'utf8')).toContain(
      '`CONFORMANCE_SEED=1 npm run conformance`',
    );
  });
});
