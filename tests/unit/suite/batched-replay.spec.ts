/**
 * The replay command of a batched test, run as printed, replays the very case that failed. A run of
 * more than BATCH_SIZE cases per property splits each property into batches (`… (batch 2 of 3)`),
 * whose titles and seeds exist only at that run's CONFORMANCE_RUNS; the command used to carry the
 * batch's own count (500), at which the test it names does not exist, so it replayed nothing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { BATCH_SIZE } from '../../../suite/engine/plan';
import { readExchangeLog } from '../../../suite/engine/exchange-log';
import { isolatedEnvironment } from '../../../suite/model/variables';
import { ROOT, runSuite } from '../reporters/support';

/** Three batches: 500, 500 and 1 case. */
const RUNS = 2 * BATCH_SIZE + 1;
const TEST = 'manual invalid requests: enum (batch 2 of 3)';

interface Summary {
  verdict: string;
  checks: Array<{ id: string; method?: string; violations: number; examples: Array<{ replay: string }> }>;
}
const summaryOf = (dir: string): Summary =>
  JSON.parse(fs.readFileSync(path.join(dir, 'conformance.json'), 'utf8')) as Summary;

/** A command line as a user pastes it into a shell, in an environment that has nothing of ours. */
function shell(command: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], {
      cwd: ROOT,
      env: { ...isolatedEnvironment(), CI: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

test('a batched nightly-sized run: the printed replay command reproduces the violation with the same request bytes', async () => {
  test.setTimeout(120_000);
  const faults = 'accept-bad-enum';
  const run = await runSuite({
    name: 'batched-replay',
    runs: RUNS,
    seed: 11,
    faults,
    args: ['--grep', `${TEST.replace(/[()]/g, '\\$&')}$`],
    // The reported case is then the explored one, whose request the exchange log keeps.
    env: { CONFORMANCE_SHRINK_MS: '0' },
  });
  expect(run.code, run.console).toBe(1);
  const cell = summaryOf(run.reportDir).checks.find((c) => c.id === 'negative-rejection' && c.method === 'manual');
  const replay = cell?.examples[0]?.replay ?? '';
  expect(replay).toContain(`CONFORMANCE_RUNS=${RUNS} `);
  expect(replay).toContain('(batch 2 of 3\\)$');
  const replayPath = /CONFORMANCE_REPLAY_PATH=(\S+)/.exec(replay)?.[1];
  expect(replayPath).toBeDefined();

  // As printed, in a shell; the target is the same faulty embedded sandbox.
  const replayDir = path.join(path.dirname(run.reportDir), 'replay');
  const replayed = await shell(replay, { SANDBOX_FAULTS: faults, CONFORMANCE_REPORT_DIR: replayDir });
  expect(replayed.code, replayed.output).toBe(1);
  expect(replayed.output).toContain('1 failed');
  const again = summaryOf(replayDir).checks.find((c) => c.id === 'negative-rejection' && c.method === 'manual');
  expect(again?.violations).toBe(1);

  const original = readExchangeLog(path.join(run.reportDir, 'exchanges.jsonl.gz')).cases.find(
    (c) => c.path === replayPath,
  );
  const [sent] = readExchangeLog(path.join(replayDir, 'exchanges.jsonl.gz')).cases;
  expect(original?.test.join(' ')).toBe(TEST);
  expect(sent?.test).toEqual(original?.test);
  expect(sent?.request.sha256).toBe(original?.request.sha256);
  // The same violation. (A replay also reads its creation back, so it may be judged by more checks.)
  const rejection = (c: typeof sent) => c?.violations.filter((v) => v.check === 'negative-rejection').map((v) => v.key);
  expect(rejection(sent)).toEqual(rejection(original));
  expect(rejection(sent)?.length).toBe(1);
  run.cleanup();
});
