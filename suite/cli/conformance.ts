/**
 * `npm run conformance`: validates the configuration, runs Playwright, and turns the verdict in
 * reports/conformance.json into the documented exit code: 0 conformant, 1 non-conformant,
 * 2 could not judge. Extra arguments go to Playwright (`-- --grep idnow`, `-- --shard=2/4`), except
 * `--update-baseline` and `--prune-baseline`, which rewrite the known-deviations file after the run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, describeTarget, loadDotenv, randomSeed, readConfig, reportDir } from '../config/env';
import { isSet, read } from '../model/variables';
import { BaselineError } from '../baseline/baseline';
import { readBaseline } from '../baseline/load';
import { BASELINE_FLAGS, createBaselineIfMissing, writeBaseline, type BaselineMode } from './baseline';
import { busyPortMessage, freePort, portInUse } from './ports';

const summaryPath = (): string => path.join(reportDir(), 'conformance.json');
import { EXIT } from './exit-codes';

export { EXIT };

function writeErrorSummary(target: string, seed: number | null, started: Date, reason: string): void {
  fs.mkdirSync(path.dirname(summaryPath()), { recursive: true });
  const summary = {
    verdict: 'error',
    target,
    seed,
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    totals: { cases: 0, requests: 0, violations: 0, known: 0, tests: 0, failedTests: 0, unjudged: 0 },
    checks: [],
    unjudged: { count: 0, percent: 0, limitPercent: 0, byReason: {}, examples: [] },
    baseline: null,
    known: [],
    new: [],
    stale: [],
    errors: [reason],
    gaps: [],
    observations: [],
  };
  fs.writeFileSync(summaryPath(), `${JSON.stringify(summary, null, 2)}\n`);
}

/**
 * The embedded sandbox's port, settled before Playwright starts, in the environment that its
 * config, webServer and workers all inherit (playwright.config.ts reads it through readConfig).
 * Without SANDBOX_PORT the OS picks a free port, so a sandbox left behind by a killed run, or a
 * second run at the same time, is no obstacle; a SANDBOX_PORT that is busy ends the run at once.
 * Returns the problem to report, or null.
 */
async function settleSandboxPort(configured: number): Promise<string | null> {
  // readConfig defaults an unset SANDBOX_PORT to 4010 (npm run sandbox's port), so only the raw
  // variable tells "unset" from "set to 4010".
  if (!isSet('SANDBOX_PORT')) {
    process.env.SANDBOX_PORT = String(await freePort());
    return null;
  }
  try {
    return (await portInUse(configured)) ? busyPortMessage(configured) : null;
  } catch (error) {
    return `cannot listen on port ${configured} (SANDBOX_PORT): ${(error as Error).message}; set SANDBOX_PORT to another port, or unset it to let the suite pick one`;
  }
}

async function main(): Promise<number> {
  const started = new Date();
  fs.rmSync(summaryPath(), { force: true });
  let target = '(not configured)';
  const passthrough = process.argv.slice(2).filter((arg) => !(arg in BASELINE_FLAGS));
  const modes = [
    ...new Set(
      process.argv
        .slice(2)
        .flatMap((arg): BaselineMode[] => (arg in BASELINE_FLAGS ? [BASELINE_FLAGS[arg] as BaselineMode] : [])),
    ),
  ];
  if (modes.length > 1) {
    const reason = '--update-baseline and --prune-baseline in one run: run them one after the other';
    console.error(`[conformance] ${reason}`);
    writeErrorSummary(target, null, started, reason);
    return EXIT.error;
  }
  const mode = modes[0] ?? null;
  let created = false;
  try {
    loadDotenv();
    if (!isSet('CONFORMANCE_SEED')) process.env.CONFORMANCE_SEED = String(randomSeed());
    let config = readConfig();
    if (config.embeddedSandbox) {
      const problem = await settleSandboxPort(config.sandboxPort);
      if (problem !== null) {
        console.error(`[conformance] ${problem}`);
        writeErrorSummary(describeTarget(config), config.seed, started, problem);
        return EXIT.error;
      }
      config = readConfig();
    }
    target = describeTarget(config);
    // --update-baseline creates the file it is to write (an empty list, so the run's workers and
    // reporter read the same file); otherwise the file, when there is one, must be usable.
    if (mode === 'update') created = createBaselineIfMissing();
    readBaseline();
  } catch (error) {
    if (error instanceof BaselineError) {
      console.error(`[conformance] known-deviations file — ${error.message}`);
      writeErrorSummary(target, null, started, error.message);
      return EXIT.error;
    }
    if (!(error instanceof ConfigError)) throw error;
    console.error(`[conformance] configuration error — ${error.message}`);
    writeErrorSummary(target, null, started, error.message);
    return EXIT.error;
  }

  const playwright = path.join('node_modules', '.bin', 'playwright');
  const args = ['test', '-c', 'playwright.config.ts', ...passthrough];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(playwright, args, { stdio: 'inherit', env: process.env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (status, signal) => resolve(status ?? (signal ? 130 : 1)));
    child.on('error', (error) => {
      console.error(`[conformance] could not start Playwright: ${error.message}`);
      resolve(-1);
    });
  });

  let verdict: string | undefined;
  try {
    const summary = JSON.parse(fs.readFileSync(summaryPath(), 'utf8')) as { verdict?: string };
    verdict = summary.verdict;
  } catch {
    verdict = undefined;
  }
  if (verdict === undefined) {
    const reason = `Playwright exited with code ${code} before the conformance reporter wrote a verdict`;
    console.error(`[conformance] ${reason}`);
    writeErrorSummary(target, read('CONFORMANCE_SEED'), started, reason);
    return EXIT.error;
  }
  if ((verdict === 'conformant' || verdict === 'conformant-with-known-deviations') && code !== 0) return EXIT.error;
  const exit = EXIT[verdict as keyof typeof EXIT] ?? EXIT.error;
  if (mode === null) return exit;
  if (verdict === 'error') {
    console.error(
      `[conformance] the baseline file was left as it was: this run could not judge the target (verdict error)`,
    );
    return EXIT.error;
  }
  if (mode === 'prune' && passthrough.length > 0) {
    console.log(
      `[conformance] note: pruned after a partial run (${passthrough.join(' ')}): entries of tests that did not run were dropped too`,
    );
  }
  for (const line of writeBaseline(mode, summaryPath(), created)) console.log(line);
  // Writing the file is the point of the command; a prune leaves the verdict as it was (new deviations still fail).
  return mode === 'update' ? EXIT.conformant : exit;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('[conformance] internal error:', error);
    process.exit(EXIT.error);
  },
);
