/**
 * `npm test`: everything the project checks about itself. Type check, lint, unit tests, the schema
 * drift check, then the conformance suite against the clean sandbox (must be conformant), against
 * every sandbox fault (each must be caught by its intended check, and must actually have fired),
 * and against targets it cannot judge (must end with exit 2, fast).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FAULTS } from '../../sandbox/faults';
import { startSandbox } from '../../sandbox/server';
import { CHECK_IDS } from '../../suite/checks/types';
import { mapPool } from '../../suite/http/limiter';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const OUT = path.join(ROOT, 'reports', 'selftest');
const BIN = (name: string): string => path.join(ROOT, 'node_modules', '.bin', name);
const SEED_PAGE = path.resolve(ROOT, '..', 'shared', 'seeds', '000_542b9df978eb7926.txt');

/** Fixed by default so a fault is caught (or not) the same way on every machine; override to explore. */
const SEED = process.env.SELFTEST_SEED ?? '20261125';
const FAULT_RUNS = process.env.SELFTEST_FAULT_RUNS ?? '15';
const PARALLEL = Number(process.env.SELFTEST_PARALLEL ?? '2');
/**
 * Playwright restarts its worker after every failed test (~0.7 s of CPU each, measured), and a fault
 * in every error answer fails 60 of the 66 tests. Stopping a fault run after this many failed tests
 * can only make a fault harder to catch (fewer tests run), never easier, and cuts those runs ~6×.
 */
const MAX_FAILURES = process.env.SELFTEST_MAX_FAILURES ?? '12';
const ONLY = process.env.SELFTEST_ONLY?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;

interface RunResult {
  code: number;
  seconds: number;
  log: string;
}

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  const log = path.join(OUT, `${name.replace(/[^a-z0-9-]+/gi, '_')}.log`);
  const started = Date.now();
  return new Promise((resolve) => {
    const out = fs.openSync(log, 'w');
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', out, out] });
    child.on('exit', (code, signal) => {
      fs.closeSync(out);
      resolve({ code: code ?? (signal ? 128 : 1), seconds: (Date.now() - started) / 1000, log });
    });
    child.on('error', (error) => {
      fs.closeSync(out);
      fs.appendFileSync(log, `\nspawn failed: ${error.message}\n`);
      resolve({ code: -1, seconds: (Date.now() - started) / 1000, log });
    });
  });
}

const tail = (file: string, lines = 25): string => fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');

/** A clean environment for a suite run: nothing from the developer's .env or shell may leak in. */
function suiteEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(SOLARIS_|CONFORMANCE_|SANDBOX_)/.test(key)) env[key] = value;
  }
  // Empty strings, not absent: dotenv never overrides a variable that is set, so a developer's .env
  // cannot point the self-test at staging.
  for (const key of ['SOLARIS_BASE_URL', 'SOLARIS_AUTH_URL', 'SOLARIS_CLIENT_ID', 'SOLARIS_CLIENT_SECRET', 'SOLARIS_PERSON_ID', 'SOLARIS_IDENTIFICATION_SESSION_ID', 'CONFORMANCE_ENV', 'CONFORMANCE_MAX_RPS', 'CONFORMANCE_REPLAY_PATH']) env[key] = '';
  return { ...env, CI: '1', CONFORMANCE_SEED: SEED, ...extra };
}

interface SuiteSummary {
  verdict: string;
  totals: { cases: number; requests: number; violations: number };
  checks: Array<{ id: string; status: string }>;
  errors: string[];
}

function readSummary(dir: string): SuiteSummary | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'conformance.json'), 'utf8')) as SuiteSummary;
  } catch {
    return null;
  }
}

function runSuite(name: string, env: Record<string, string>, playwrightArgs: string[] = []): Promise<RunResult & { dir: string; summary: SuiteSummary | null }> {
  const dir = path.join('reports', 'selftest', name);
  fs.rmSync(path.join(ROOT, dir), { recursive: true, force: true });
  return run(name, BIN('tsx'), ['suite/cli/conformance.ts', ...playwrightArgs], suiteEnv({ CONFORMANCE_REPORT_DIR: dir, ...env })).then((r) => ({ ...r, dir, summary: readSummary(path.join(ROOT, dir)) }));
}

let passed = 0;
let failed = 0;
const record = (ok: boolean, line: string): void => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? '✓' : '✗'} ${line}`);
};

async function step(name: string, command: string, args: string[]): Promise<void> {
  const result = await run(name, command, args);
  record(result.code === 0, `${name} (${result.seconds.toFixed(1)} s)`);
  if (result.code !== 0) console.log(tail(result.log));
}

async function faultTable(): Promise<void> {
  // Every check must be provable: at least two faults are meant for each.
  for (const id of CHECK_IDS) {
    const count = FAULTS.filter((f) => f.intendedCheck === id).length;
    record(count >= 2, `check ${id} is the intended catch of ${count} sandbox fault(s) (at least 2 required)`);
  }
  const faults = FAULTS.filter((f) => ONLY === null || ONLY.includes(f.name));
  let port = 4100;
  const rows = await mapPool(faults, PARALLEL, async (fault) => {
    const faultLog = path.join(OUT, `${fault.name}.fired`);
    fs.rmSync(faultLog, { force: true });
    const result = await runSuite(`fault-${fault.name}`, {
      SANDBOX_PORT: String(port++),
      SANDBOX_FAULTS: fault.name,
      SANDBOX_FAULT_LOG: faultLog,
      CONFORMANCE_RUNS: FAULT_RUNS,
      CONFORMANCE_WORKERS: '1',
      // Detection does not depend on shrinking, which is sequential and dominated the self-test's time;
      // shrinking and exact replay are proven in tests/unit/suite/engine.spec.ts.
      CONFORMANCE_SHRINK_MS: '0',
    }, [`--max-failures=${MAX_FAILURES}`]);
    const failedChecks = [...new Set((result.summary?.checks ?? []).filter((c) => c.status === 'failed').map((c) => c.id))];
    const fired = fs.existsSync(faultLog) && fs.readFileSync(faultLog, 'utf8').split('\n').includes(fault.name);
    const caught = result.code === 1 && failedChecks.includes(fault.intendedCheck) && fired;
    return { fault, result, failedChecks, fired, caught };
  });
  console.log('\nfault                              intended check         exit  fired  checks that failed                                   seconds');
  for (const { fault, result, failedChecks, fired, caught } of rows) {
    console.log(`${caught ? '✓' : '✗'} ${fault.name.padEnd(33)} ${fault.intendedCheck.padEnd(22)} ${String(result.code).padStart(4)}  ${fired ? 'yes' : 'NO '}    ${(failedChecks.join(', ') || '—').padEnd(52)} ${result.seconds.toFixed(1)}`);
  }
  for (const { fault, result, caught, fired } of rows) {
    record(caught, `fault ${fault.name} caught by ${fault.intendedCheck}${fired ? '' : ' (the fault never fired: a gap in the generated traffic)'}`);
    if (!caught) console.log(`  log: ${path.relative(ROOT, result.log)}\n${tail(result.log, 15)}`);
  }
  const caughtCount = rows.filter((r) => r.caught).length;
  console.log(`\nmutation score: ${caughtCount}/${rows.length} faults caught by their intended check`);
}

async function verdictSemantics(): Promise<void> {
  // Clean sandbox, default CI profile: must be conformant (exit 0).
  const clean = await runSuite('clean', { SANDBOX_PORT: '4090' });
  const ok = clean.code === 0 && clean.summary?.verdict === 'conformant';
  record(ok, `suite vs clean sandbox: exit ${clean.code}, verdict ${clean.summary?.verdict ?? 'none'}, ${clean.summary?.totals.requests ?? 0} requests, ${clean.seconds.toFixed(1)} s`);
  if (!ok) console.log(tail(clean.log, 40));

  // Unreachable target: exit 2 within seconds, not hundreds of failures.
  const unreachable = await runSuite('unreachable', { SOLARIS_BASE_URL: 'http://127.0.0.1:9', SOLARIS_CLIENT_ID: 'x', SOLARIS_CLIENT_SECRET: 'y', CONFORMANCE_TIMEOUT_MS: '2000' });
  record(unreachable.code === 2 && unreachable.summary?.verdict === 'error' && unreachable.seconds < 10, `unreachable target: exit ${unreachable.code}, verdict ${unreachable.summary?.verdict ?? 'none'} in ${unreachable.seconds.toFixed(1)} s (want 2, error, < 10 s)`);

  // Configuration error: exit 2, naming the variable.
  const badConfig = await runSuite('bad-config', { CONFORMANCE_RUNS: 'many' });
  const named = fs.readFileSync(badConfig.log, 'utf8').includes('CONFORMANCE_RUNS');
  record(badConfig.code === 2 && named, `malformed CONFORMANCE_RUNS: exit ${badConfig.code}, variable named: ${named}`);

  // Rejected credentials: exit 2, fast.
  const sandbox = await startSandbox({ port: 0 });
  try {
    const rejected = await runSuite('bad-credentials', { SOLARIS_BASE_URL: sandbox.url, SOLARIS_CLIENT_ID: sandbox.clientId, SOLARIS_CLIENT_SECRET: 'wrong-secret' });
    record(rejected.code === 2 && rejected.summary?.verdict === 'error' && rejected.seconds < 15, `rejected credentials: exit ${rejected.code}, verdict ${rejected.summary?.verdict ?? 'none'} in ${rejected.seconds.toFixed(1)} s`);
  } finally {
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const started = Date.now();
  console.log(`self-test · seed ${SEED} · ${FAULTS.length} sandbox faults at ${FAULT_RUNS} cases per property, each run stopped after ${MAX_FAILURES} failed tests · ${PARALLEL} suites at a time · logs in ${path.relative(ROOT, OUT)}/`);
  if (ONLY === null) {
    await step('typecheck', BIN('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
    await step('lint', BIN('eslint'), ['.']);
    await step('unit tests', BIN('playwright'), ['test', '-c', 'playwright.unit.config.ts']);
    if (fs.existsSync(SEED_PAGE)) await step('schemas match the vendor reference page', BIN('tsx'), ['schemas/derive/cli.ts', 'check', SEED_PAGE]);
    else console.log(`- schemas drift check skipped: ${SEED_PAGE} not found (run npm run schemas:check -- <page> against the current vendor page)`);
    await verdictSemantics();
  }
  await faultTable();
  console.log(`\nself-test finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`selftest: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

await main();
