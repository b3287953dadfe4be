/**
 * Issue 12, item 9: a port held elsewhere never fails a run in a confusing way. `npm run conformance`
 * without SANDBOX_PORT takes a port the OS reports free (tests/unit/reporters/clean-run.spec.ts runs
 * the suite that way while this machine's 4010 is held); with a busy SANDBOX_PORT it stops at once
 * with exit 2 and says which port and what to do; and the sandbox Playwright starts as its
 * webServer stops when the run ends in any way, so a run killed from outside leaves no port behind.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort, portInUse } from '../../../suite/cli/ports';
import { ROOT, runSuite } from '../reporters/support';

function hold(port = 0): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      resolve({ port: address.port, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

test('freePort hands out a port that can be bound; portInUse tells a held port from a free one', async () => {
  const port = await freePort();
  expect(await portInUse(port)).toBe(false);
  const held = await hold(port);
  try {
    expect(await portInUse(port)).toBe(true);
  } finally {
    await held.close();
  }
});

test('a busy SANDBOX_PORT ends npm run conformance at once: exit 2, the port and the fix', async () => {
  const held = await hold();
  try {
    const started = Date.now();
    const run = await runSuite({ name: 'busy-port', port: held.port, runs: 1 });
    expect(run.code, run.console).toBe(2);
    expect(run.console).toContain(
      `port ${held.port} is in use (another sandbox left running?): stop it or set SANDBOX_PORT to a free port, or unset it`,
    );
    // Before Playwright starts: no webServer start-up, no "is already used" from it.
    expect(run.console).not.toContain('is already used');
    expect(Date.now() - started).toBeLessThan(10_000);
    const summary = JSON.parse(fs.readFileSync(path.join(run.reportDir, 'conformance.json'), 'utf8')) as {
      verdict: string;
      errors: string[];
    };
    expect(summary.verdict).toBe('error');
    expect(summary.errors.join('\n')).toContain(`port ${held.port} is in use`);
    run.cleanup();
  } finally {
    await held.close();
  }
});

test('the webServer sandbox (--exit-on-stdin-close) stops when the run that started it is gone', async () => {
  // Playwright starts its webServer in a process group of its own with stdin a pipe from the run;
  // a SIGKILL of the run reaches the sandbox only as that pipe closing, which is what happens here.
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--exit-on-stdin-close'], {
    cwd: ROOT,
    env: { ...process.env, SANDBOX_PORT: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const ready = /# sandbox ready on (\S+)/.exec(out);
      if (ready?.[1]) resolve(ready[1]);
    });
    void exited.then((code) => reject(new Error(`the sandbox exited (${code}) before it was ready`)));
  });
  const port = Number(new URL(url).port);
  expect(await portInUse(port)).toBe(true);
  child.stdin.end();
  expect(await exited).toBe(0);
  expect(await portInUse(port)).toBe(false);
});
