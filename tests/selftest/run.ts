/**
 * `npm test`: everything the project checks about itself. Type check, lint, format check, unit tests, the schema
 * drift check, then the conformance suite against the clean sandbox (must be conformant), against
 * targets it cannot judge (must end with exit 2, fast), and against every sandbox fault (each must
 * be caught by its intended check, and must actually have fired).
 *
 * Steps that do not depend on each other run side by side (much of a step is process start-up);
 * each prints when it starts and when it ends, the fault matrix prints its progress, and a line
 * names whatever is still running when nothing was printed for a while. Every port is one the OS
 * hands out, so a server left running elsewhere cannot fail a step.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FAULTS } from '../../sandbox/faults';
import { startSandbox } from '../../sandbox/server';
import { CHECK_IDS } from '../../suite/checks/registry';
import { ConfigError, isolatedEnvironment, read } from '../../suite/model/variables';
import { serializeBaseline } from '../../suite/baseline/baseline';
import { summaryErrors } from '../../schemas/summary';
import { knownDeviationRuns } from './baseline-runs';
import { burner, CHAOS_OUT, CHAOS_RUNS, chaosResults, IN_A_ROW } from './chaos-runs';
import { comparisonRuns } from './comparison-runs';
import { MATRIX_RESULTS, ROOT, SELFTEST_OUT, type MatrixResults } from './matrix';
import { BACKGROUND_NICE, runStep, type RunOptions, type RunResult } from './steps';

const OUT = SELFTEST_OUT;
const BIN = (name: string): string => path.join(ROOT, 'node_modules', '.bin', name);
const SEED_PAGE = path.resolve(ROOT, '..', 'shared', 'seeds', '000_542b9df978eb7926.txt');

/** The self-test's own variables (suite/model/variables.ts); a bad one ends it at once with exit 2, naming it. */
function settings(): { seed: string; faultRuns: string; parallel: number; only: string[] | null } {
  try {
    return {
      seed: String(read('SELFTEST_SEED')),
      faultRuns: String(read('SELFTEST_FAULT_RUNS')),
      parallel: read('SELFTEST_PARALLEL'),
      only: read('SELFTEST_ONLY'),
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`selftest: configuration error — ${error.message}`);
    process.exit(2);
  }
}
const SETTINGS = settings();
/** Fixed by default so a fault is caught (or not) the same way on every machine; override to explore. */
const SEED = SETTINGS.seed;
const FAULT_RUNS = SETTINGS.faultRuns;
/** Cases per property in the chaos runs: every test of the spec runs, with few cases each. */
const CHAOS_CASES = '3';
/** Workers of the fault matrix (and of nothing else: the unit tests and the clean run keep their configs'). */
const PARALLEL = SETTINGS.parallel;
const ONLY = SETTINGS.only;

/** While steps run, a line at least this often says which, so a long step never looks like a hang. */
const HEARTBEAT_MS = 15_000;
/** The whole self-test's limit: past it, the heartbeat names what is still running and ends it. */
const TOTAL_LIMIT_MS = 900_000;

// Steps run in process groups of their own (steps.ts), out of reach of a Ctrl-C to this one: exiting
// on the signal runs the exit handler that kills them.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const running = new Map<string, number>();
let lastOutput = Date.now();

function say(line: string): void {
  lastOutput = Date.now();
  console.log(line);
}

/** Runs a command with its output in reports/selftest/<name>.log, within the step limit (steps.ts). */
const run = (name: string, command: string, args: string[], options: RunOptions = {}): Promise<RunResult> =>
  runStep(
    { name, command, args, log: path.join(OUT, `${name.replace(/[^a-z0-9-]+/gi, '_')}.log`), ...options },
    {
      running,
      say,
      overLimit: (line) => record(false, line),
    },
  );

/** An empty known-deviations file (written in main), the baseline of every suite run of the self-test. */
const NO_DEVIATIONS = path.join(OUT, 'no-known-deviations.json');

const tail = (file: string, lines = 25): string => fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');

/** A clean environment for a suite run: nothing from the developer's .env or shell may leak in. */
function suiteEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // A team's committed conformance.baseline.json must not excuse a fault: every run here gets an
  // empty one unless it brings its own (the known-deviation runs do).
  return {
    ...isolatedEnvironment(),
    CI: '1',
    CONFORMANCE_SEED: SEED,
    CONFORMANCE_BASELINE: NO_DEVIATIONS,
    ...extra,
  };
}

interface SuiteSummary {
  verdict: string;
  totals: { cases: number; requests: number; violations: number };
  checks: Array<{ id: string; status: string }>;
  errors: string[];
}

/** The run's conformance.json, which must be what schemas/conformance-summary.schema.json publishes. */
function readSummary(dir: string): SuiteSummary | null {
  let summary: unknown;
  try {
    summary = JSON.parse(fs.readFileSync(path.join(dir, 'conformance.json'), 'utf8'));
  } catch {
    return null;
  }
  const broken = summaryErrors(summary);
  if (broken.length > 0)
    record(false, `${path.relative(ROOT, dir)}/conformance.json breaks its schema: ${broken.join('; ')}`);
  return summary as SuiteSummary;
}

function runSuite(
  name: string,
  env: Record<string, string>,
  background = false,
  args: string[] = [],
): Promise<RunResult & { dir: string; summary: SuiteSummary | null }> {
  const dir = path.join('reports', 'selftest', name);
  fs.rmSync(path.join(ROOT, dir), { recursive: true, force: true });
  return run(name, BIN('tsx'), ['suite/cli/conformance.ts', ...args], {
    env: suiteEnv({ CONFORMANCE_REPORT_DIR: dir, ...env }),
    background,
  }).then((r) => ({ ...r, dir, summary: readSummary(path.join(ROOT, dir)) }));
}

let passed = 0;
let failed = 0;
const record = (ok: boolean, line: string): void => {
  if (ok) passed++;
  else failed++;
  say(`${ok ? '✓' : '✗'} ${line}`);
};

const phases: string[] = [];
async function phase(name: string, work: Promise<unknown>): Promise<void> {
  const begun = Date.now();
  await work;
  phases.push(`${name} ${((Date.now() - begun) / 1000).toFixed(0)} s`);
}

const begin = (name: string): void => say(`… ${name} (at ${elapsed()})`);

async function step(name: string, command: string, args: string[], background = false): Promise<void> {
  begin(name);
  const result = await run(name, command, args, { background });
  record(result.code === 0, `${name} (${result.seconds.toFixed(1)} s)`);
  if (result.code !== 0) console.log(tail(result.log));
}

/** Playwright's --grep for the named faults: a matrix test's title is its fault's name. */
const grepFaults = (names: readonly string[]): string => `(^| )(${names.join('|')})$`;

async function faultTable(background: boolean): Promise<void> {
  // Every check must be provable: at least two faults are meant for each.
  for (const id of CHECK_IDS) {
    const count = FAULTS.filter((f) => f.intendedCheck === id).length;
    record(count >= 2, `check ${id} is the intended catch of ${count} sandbox fault(s) (at least 2 required)`);
  }
  // intendedCheck is a plain string in the sandbox (it imports nothing of suite/checks): each must be a registered check.
  for (const f of FAULTS.filter((fault) => !CHECK_IDS.includes(fault.intendedCheck)))
    record(false, `fault ${f.name}: intendedCheck "${f.intendedCheck}" is no registered check`);
  const unknown = (ONLY ?? []).filter((name) => !FAULTS.some((f) => f.name === name));
  if (unknown.length > 0) record(false, `SELFTEST_ONLY names no fault called ${unknown.join(', ')}`);
  const faults = FAULTS.filter((f) => ONLY === null || ONLY.includes(f.name));
  if (faults.length === 0) return;

  begin(`fault matrix: ${faults.length} faults, ${PARALLEL} at a time`);
  fs.rmSync(MATRIX_RESULTS, { force: true });
  const result = await run(
    'fault-matrix',
    BIN('playwright'),
    [
      'test',
      '-c',
      'playwright.selftest.config.ts',
      `--workers=${PARALLEL}`,
      ...(ONLY === null ? [] : ['--grep', grepFaults(faults.map((f) => f.name))]),
    ],
    {
      env: suiteEnv({
        CONFORMANCE_RUNS: FAULT_RUNS,
        // Detection does not depend on shrinking, which is sequential; shrinking and exact replay are
        // proven in tests/unit/suite/engine.spec.ts.
        CONFORMANCE_SHRINK_MS: '0',
      }),
      echo: (line) => line.startsWith('[selftest]'),
      background,
    },
  );
  let matrix: MatrixResults | null = null;
  try {
    matrix = JSON.parse(fs.readFileSync(MATRIX_RESULTS, 'utf8')) as MatrixResults;
  } catch {
    matrix = null;
  }
  const harnessOk = result.code === 0 && matrix !== null && matrix.errors.length === 0;
  record(
    harnessOk,
    `fault matrix ran: exit ${result.code}, ${matrix?.faults.length ?? 0}/${faults.length} faults judged in ${result.seconds.toFixed(1)} s${matrix?.errors.length ? ` — ${matrix.errors.join('; ')}` : ''}`,
  );
  if (!harnessOk) console.log(`  log: ${path.relative(ROOT, result.log)}\n${tail(result.log, 15)}`);
  // Nothing judged (the matrix did not load or start): one failure above says so; 51 more would bury it.
  if (matrix === null || matrix.faults.length === 0) return;

  const rows = faults.map((fault) => {
    const r = matrix?.faults.find((x) => x.fault === fault.name) ?? null;
    const failedChecks = r?.failedChecks ?? [];
    const fired = r?.fired ?? false;
    const caught = r !== null && r.exit === 1 && failedChecks.includes(fault.intendedCheck) && fired;
    return { fault, r, failedChecks, fired, caught };
  });
  console.log(
    '\nfault                              intended check         exit  fired  checks that failed                                   seconds',
  );
  for (const { fault, r, failedChecks, fired, caught } of rows) {
    console.log(
      `${caught ? '✓' : '✗'} ${fault.name.padEnd(33)} ${fault.intendedCheck.padEnd(22)} ${(r === null ? '—' : String(r.exit)).padStart(4)}  ${fired ? 'yes' : 'NO '}    ${(failedChecks.join(', ') || '—').padEnd(52)} ${(r?.seconds ?? 0).toFixed(1)}`,
    );
  }
  for (const { fault, r, caught, fired } of rows) {
    record(
      caught,
      `fault ${fault.name} caught by ${fault.intendedCheck}${r === null ? ' (no result: see the matrix log)' : fired ? '' : ' (the fault never fired: a gap in the generated traffic)'}`,
    );
    if (!caught && r !== null) {
      console.log(
        `  verdict ${r.verdict} after ${r.testsRun}/${r.testsPlanned} tests, ${r.requests} requests${r.errors.length ? `; could not judge: ${r.errors.join('; ')}` : ''}`,
      );
      console.log(
        `  replay: CONFORMANCE_SEED=${SEED} CONFORMANCE_RUNS=${FAULT_RUNS} SANDBOX_FAULTS=${fault.name} npm run conformance`,
      );
    }
  }
  const caughtCount = rows.filter((r) => r.caught).length;
  const testsRun = rows.reduce((sum, r) => sum + (r.r?.testsRun ?? 0), 0);
  const testsPlanned = rows.reduce((sum, r) => sum + (r.r?.testsPlanned ?? 0), 0);
  console.log(
    `\nmutation score: ${caughtCount}/${rows.length} faults caught by their intended check (${testsRun} of ${testsPlanned} conformance tests run: a fault stops at its catch)`,
  );
}

/**
 * The suite against transport chaos (tests/selftest/chaos.spec.ts) with two CPU burners beside it
 * for the whole run, at its own (background) priority: every run must be judged conformant.
 */
async function chaosRuns(): Promise<void> {
  begin(`transport chaos beside 2 CPU burners: ${CHAOS_RUNS.map((r) => r.chaos).join(', ')}, ${IN_A_ROW} runs each`);
  fs.rmSync(CHAOS_OUT, { recursive: true, force: true });
  const burners = [burner(BACKGROUND_NICE), burner(BACKGROUND_NICE)];
  let result: RunResult;
  try {
    result = await run('chaos', BIN('playwright'), ['test', '-c', 'playwright.chaos.config.ts'], {
      env: suiteEnv({ CONFORMANCE_RUNS: CHAOS_CASES }),
      background: true,
    });
  } finally {
    for (const b of burners) b.kill('SIGKILL');
  }
  for (const { run: r, i, result: c } of chaosResults()) {
    const ok = c !== null && c.exit === 0 && c.verdict === 'conformant' && c.struck > 0;
    record(
      ok,
      c === null
        ? `chaos ${r.chaos} run ${i}/${IN_A_ROW}: no result (see ${path.relative(ROOT, result.log)})`
        : `chaos ${r.chaos} beside 2 CPU burners, run ${i}/${IN_A_ROW} (seed ${c.seed}): exit ${c.exit} (want 0), verdict ${c.verdict}, chaos struck ${c.struck} times, ${c.cases} cases judged, ${c.unjudged} could not be judged, ${c.seconds.toFixed(1)} s`,
    );
    if (c !== null && !ok) console.log(`  ${[...c.violations, ...c.errors].join('\n  ')}`);
  }
  if (result.code !== 0)
    console.log(`  chaos run exit ${result.code}; log: ${path.relative(ROOT, result.log)}\n${tail(result.log, 15)}`);
}

async function cleanRun(background: boolean): Promise<void> {
  // Clean sandbox, default CI profile: must be conformant (exit 0).
  begin('suite vs clean sandbox');
  const clean = await runSuite('clean', {}, background);
  const ok = clean.code === 0 && clean.summary?.verdict === 'conformant';
  record(
    ok,
    `suite vs clean sandbox: exit ${clean.code}, verdict ${clean.summary?.verdict ?? 'none'}, ${clean.summary?.totals.requests ?? 0} requests, ${clean.seconds.toFixed(1)} s`,
  );
  if (!ok) console.log(tail(clean.log, 40));
}

async function cannotJudge(): Promise<void> {
  // Unreachable target: exit 2 within seconds, not hundreds of failures. Port 9 (discard) on
  // loopback: nothing listens there unless someone runs a discard server.
  begin('runs that cannot judge (exit 2)');
  const unreachable = await runSuite('unreachable', {
    SOLARIS_BASE_URL: 'http://127.0.0.1:9',
    SOLARIS_CLIENT_ID: 'x',
    SOLARIS_CLIENT_SECRET: 'y',
    CONFORMANCE_TIMEOUT_MS: '2000',
  });
  record(
    unreachable.code === 2 && unreachable.summary?.verdict === 'error' && unreachable.seconds < 10,
    `unreachable target: exit ${unreachable.code}, verdict ${unreachable.summary?.verdict ?? 'none'} in ${unreachable.seconds.toFixed(1)} s (want 2, error, < 10 s)`,
  );

  // Configuration error: exit 2, naming the variable.
  const badConfig = await runSuite('bad-config', { CONFORMANCE_RUNS: 'many' });
  const named = fs.readFileSync(badConfig.log, 'utf8').includes('CONFORMANCE_RUNS');
  record(badConfig.code === 2 && named, `malformed CONFORMANCE_RUNS: exit ${badConfig.code}, variable named: ${named}`);

  // Rejected credentials: exit 2, fast.
  const sandbox = await startSandbox({ port: 0 });
  try {
    const rejected = await runSuite('bad-credentials', {
      SOLARIS_BASE_URL: sandbox.url,
      SOLARIS_CLIENT_ID: sandbox.clientId,
      SOLARIS_CLIENT_SECRET: 'wrong-secret',
    });
    record(
      rejected.code === 2 && rejected.summary?.verdict === 'error' && rejected.seconds < 15,
      `rejected credentials: exit ${rejected.code}, verdict ${rejected.summary?.verdict ?? 'none'} in ${rejected.seconds.toFixed(1)} s`,
    );
  } finally {
    await sandbox.close();
  }
}

async function schemaDrift(): Promise<void> {
  if (fs.existsSync(SEED_PAGE))
    await step(
      'schemas match the vendor reference page',
      BIN('tsx'),
      ['schemas/derive/cli.ts', 'check', SEED_PAGE],
      true,
    );
  else
    say(
      `- schemas drift check skipped: ${SEED_PAGE} not found (run npm run schemas:check -- <page> against the current vendor page)`,
    );
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(NO_DEVIATIONS, serializeBaseline([]));
  say(
    `self-test · seed ${SEED} · ${FAULTS.length} sandbox faults at ${FAULT_RUNS} cases per property, ${PARALLEL} at a time · logs in ${path.relative(ROOT, OUT)}/`,
  );
  const heartbeat = setInterval(() => {
    if (Date.now() - started > TOTAL_LIMIT_MS) {
      say(
        `✗ self-test still running after its limit of ${TOTAL_LIMIT_MS / 1000} s: ${[...running.keys()].join(', ') || 'no step (the self-test itself)'}`,
      );
      say(`selftest: ${passed} passed, ${failed + 1} failed`);
      process.exit(1);
    }
    if (running.size === 0 || Date.now() - lastOutput < HEARTBEAT_MS) return;
    say(
      `  … ${elapsed()}: running ${[...running.entries()].map(([name, since]) => `${name} (${((Date.now() - since) / 1000).toFixed(0)} s)`).join(', ')}`,
    );
  }, 1_000);
  heartbeat.unref();
  try {
    if (ONLY === null) {
      // Two phases, each as wide as the machine allows. What is timed (the exit-2 runs, several unit
      // tests) runs in the foreground; everything else goes in the background (BACKGROUND_NICE) and
      // takes what the foreground leaves. The unit tests never meet the type check or lint: one of
      // them writes probe files into the source tree that those would see.
      await phase(
        'type check, lint, exit-2 runs, chaos',
        Promise.all([
          (async () => {
            await step('typecheck', BIN('tsc'), ['--noEmit', '-p', 'tsconfig.json'], true);
            await schemaDrift();
          })(),
          (async () => {
            await step('lint', BIN('eslint'), ['.'], true);
            // Prettier, 120 columns (.prettierrc.json); `npm run format` fixes what this finds.
            await step('format (prettier --check)', BIN('prettier'), ['--check', '.'], true);
          })(),
          (async () => {
            begin('sandbox against sandbox: npm run compare');
            await comparisonRuns({ runSuite: (name, env) => runSuite(name, env), record, out: OUT });
          })(),
          (async () => {
            await cannotJudge();
            // Once the exit-2 runs (timed: under 10 s) are done; the burners are niced (BACKGROUND_NICE),
            // so the timed steps beside them lose little.
            begin('known deviations (baseline file)');
            await Promise.all([
              knownDeviationRuns({
                runSuite: (name, env, args) => runSuite(name, env, false, args),
                record,
                out: OUT,
              }),
              chaosRuns(),
            ]);
          })(),
        ]),
      );
      await phase(
        'unit tests, clean run, fault matrix',
        Promise.all([
          step('unit tests', BIN('playwright'), ['test', '-c', 'playwright.unit.config.ts']),
          cleanRun(true),
          faultTable(true),
        ]),
      );
    } else {
      await faultTable(false);
    }
  } finally {
    clearInterval(heartbeat);
  }
  say(`\nself-test finished in ${elapsed()}${phases.length > 1 ? ` (${phases.join(' · ')})` : ''}`);
  say(`selftest: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
