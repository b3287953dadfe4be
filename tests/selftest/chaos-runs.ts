/**
 * The self-test's chaos runs (tests/selftest/chaos.spec.ts, playwright.chaos.config.ts): which
 * modes, how many runs in a row, and the two CPU burners that run beside them for the whole time,
 * at the runs' own priority (a busy CI runner, not a lighter one). run.ts starts it and records one
 * line per run from the results chaos.spec.ts writes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Verdict } from '../../reporters/summary';
import { read } from '../../suite/model/variables';
import { SELFTEST_OUT } from './matrix';

export interface ChaosRun {
  /** SANDBOX_CHAOS for the run's sandbox. */
  chaos: string;
  /** The mode the sandbox must report as struck. */
  mode: string;
  /**
   * CONFORMANCE_CONCURRENCY, where not the default: against a target that makes every answer wait,
   * a team raises it (the run is bound by answers in flight, not by CPU), and so does this run.
   */
  concurrency?: number;
}

/** The first run's seed of every mode; its next runs take the next seeds. */
export const CHAOS_SEED = read('SELFTEST_SEED');
/** The modes the issue "red means red on a busy machine" named: each is behaviour a client must absorb. */
export const CHAOS_RUNS: readonly ChaosRun[] = [
  { chaos: 'rate-limit:7', mode: 'rate-limit' },
  { chaos: 'drop:25', mode: 'drop' },
  { chaos: 'delay:500-2000', mode: 'delay', concurrency: 32 },
  { chaos: 'token-uses:40', mode: 'token-uses' },
];
export const IN_A_ROW = 3;
export const CHAOS_OUT = path.join(SELFTEST_OUT, 'chaos');

export interface ChaosResult {
  chaos: string;
  run: number;
  seed: number;
  verdict: Verdict;
  exit: number;
  struck: number;
  cases: number;
  requests: number;
  unjudged: number;
  errors: string[];
  violations: string[];
  seconds: number;
}

/** A process that only burns CPU, at the given nice level, until killed. */
export function burner(nice: string): ChildProcess {
  return spawn('nice', ['-n', nice, process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' });
}

/** Every run's result, in CHAOS_RUNS order; a run that wrote none is missing (its test crashed). */
export function chaosResults(): Array<{ run: ChaosRun; i: number; result: ChaosResult | null }> {
  return CHAOS_RUNS.flatMap((run) =>
    Array.from({ length: IN_A_ROW }, (_, k) => {
      const file = path.join(CHAOS_OUT, `${run.mode}-${k + 1}.json`);
      const result = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ChaosResult) : null;
      return { run, i: k + 1, result };
    }),
  );
}
