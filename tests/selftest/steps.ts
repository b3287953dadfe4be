/**
 * How the self-test (run.ts) runs one step: a child process with its output in a log file, at the
 * foreground's priority or the background's, and within a time limit, so that `npm test` cannot
 * hang. A step over its limit is killed with its whole process group (a Playwright run's workers
 * and sandboxes included) and fails, named; every group still running dies with the self-test.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { ROOT } from './matrix';

/**
 * Steps that time nothing (type check, lint, the clean run, the fault matrix) share the machine
 * with steps that do (the exit-2 runs, several unit tests): at the lowest priority they take only
 * the CPU the timed steps leave idle (process start-ups, waits on child processes), a few per cent
 * otherwise, and the whole machine once those are done.
 */
export const BACKGROUND_NICE = '19';
/** About three times the longest step here (the unit tests, ~100 s). */
export const STEP_LIMIT_MS = 300_000;

export interface RunResult {
  code: number;
  seconds: number;
  log: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Lines it accepts also go to the console as they come (the fault matrix's progress). */
  echo?: (line: string) => boolean;
  /** Run at a lower CPU priority, on what the foreground steps leave (see BACKGROUND_NICE). */
  background?: boolean;
  /** The step's limit (default STEP_LIMIT_MS). */
  limitMs?: number;
}

export interface Step extends RunOptions {
  name: string;
  command: string;
  args: string[];
  /** Where its output goes. */
  log: string;
}

export interface StepWatch {
  /** Steps still running and since when: the heartbeat names them. */
  running: Map<string, number>;
  say: (line: string) => void;
  /** Told when a step ran out of its limit (the self-test records it as a failure). */
  overLimit: (line: string) => void;
}

/** Process groups of the steps still running: killed when the self-test ends in any way. */
const groups = new Set<number>();
function killGroups(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
process.on('exit', killGroups);

/** Runs the step; its exit code, or 124 when it ran out of its limit and was killed. */
export function runStep(step: Step, watch: StepWatch): Promise<RunResult> {
  const { name, command, args, log, env = process.env, echo, background = false } = step;
  const limitMs = step.limitMs ?? STEP_LIMIT_MS;
  const begun = Date.now();
  watch.running.set(name, begun);
  return new Promise((resolve) => {
    const out = fs.createWriteStream(log);
    // A process group of its own (detached), so that a step over its limit is killed with all its children.
    const child = spawn(background ? 'nice' : command, background ? ['-n', BACKGROUND_NICE, command, ...args] : args, {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const pid = child.pid;
    if (pid !== undefined) groups.add(pid);
    let timedOut = false;
    const limit = setTimeout(() => {
      timedOut = true;
      if (pid !== undefined) process.kill(-pid, 'SIGKILL');
    }, limitMs);
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out.write(chunk);
      if (echo === undefined) return;
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (echo(line)) watch.say(`  ${line}`);
    });
    child.stderr.on('data', (chunk: Buffer) => out.write(chunk));
    const finish = (code: number, note = ''): void => {
      clearTimeout(limit);
      if (pid !== undefined) groups.delete(pid);
      watch.running.delete(name);
      const over = `${name}: still running after its limit of ${limitMs / 1000} s, killed with its processes`;
      if (timedOut) watch.overLimit(over);
      out.end(timedOut ? `${note}\n${over}\n` : note, () =>
        resolve({ code: timedOut ? 124 : code, seconds: (Date.now() - begun) / 1000, log }),
      );
    };
    child.on('close', (code, signal) => finish(code ?? (signal ? 128 : 1)));
    child.on('error', (error) => finish(-1, `\nspawn failed: ${error.message}\n`));
  });
}
