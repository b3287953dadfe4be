/**
 * npm test cannot hang: a self-test step over its limit is killed with every process it started and
 * fails, named (tests/selftest/steps.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runStep } from '../../../tests/selftest/steps';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('a step over its limit is killed with its children, exits 124 and is named as over its limit', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'selftest-step-'));
  const pidFile = path.join(dir, 'grandchild.pid');
  const told: string[] = [];
  const running = new Map<string, number>();
  const started = Date.now();
  // A shell that starts a grandchild sleeping for a minute, as a Playwright run starts its workers.
  const result = await runStep(
    {
      name: 'hanging step',
      command: 'bash',
      args: ['-c', `sleep 60 & echo $! > ${pidFile}; wait`],
      log: path.join(dir, 'step.log'),
      limitMs: 500,
    },
    { running, say: () => undefined, overLimit: (line) => told.push(line) },
  );
  expect(result.code).toBe(124);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(told).toEqual(['hanging step: still running after its limit of 0.5 s, killed with its processes']);
  expect(fs.readFileSync(result.log, 'utf8')).toContain('still running after its limit');
  expect(running.size).toBe(0);
  const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
  await expect.poll(() => alive(grandchild)).toBe(false);
});

test('a step within its limit keeps its own exit code', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'selftest-step-'));
  const told: string[] = [];
  const result = await runStep(
    { name: 'quick step', command: 'bash', args: ['-c', 'exit 3'], log: path.join(dir, 'step.log'), limitMs: 10_000 },
    { running: new Map(), say: () => undefined, overLimit: (line) => told.push(line) },
  );
  expect(result.code).toBe(3);
  expect(told).toEqual([]);
});
