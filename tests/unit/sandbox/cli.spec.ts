/**
 * `npm run sandbox` (tsx sandbox/cli.ts) as a user runs it: the dotenv lines of interface.md, a
 * ready line, a working API at the printed URL, exit 0 on SIGTERM/SIGINT, exit 2 on bad config.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { connect } from '../../../sandbox/client';
import type { RunningSandbox } from '../../../sandbox/server';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

interface Started {
  child: ChildProcess;
  lines: string[];
  env: Record<string, string>;
  readyAfterMs: number;
}

/** Spawns the CLI and resolves once the `# sandbox ready` line is out (or rejects when it exits first). */
function startCli(env: Record<string, string>): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(TSX, ['sandbox/cli.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('# sandbox ready')) {
        const lines = out.trimEnd().split('\n');
        const parsed = Object.fromEntries(
          lines.filter((l) => !l.startsWith('#')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
        );
        resolve({ child, lines, env: parsed, readyAfterMs: performance.now() - t0 });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(Object.assign(new Error(`exited ${code}: ${err}`), { code, stderr: err })));
  });
}

/** Runs the CLI to its exit (for the refusal cases). */
function runToExit(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(TSX, ['sandbox/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, stdout })));
}

const exitCode = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

test('prints the dotenv lines and a ready line, serves the API there, exits 0 on SIGTERM', async () => {
  const started = await startCli({ SANDBOX_PORT: '0', SANDBOX_FAULTS: '' });
  try {
    const keys = started.lines.slice(0, 6).map((l) => l.split('=')[0]);
    expect(keys).toEqual([
      'SOLARIS_BASE_URL',
      'SOLARIS_AUTH_URL',
      'SOLARIS_CLIENT_ID',
      'SOLARIS_CLIENT_SECRET',
      'SOLARIS_PERSON_ID',
      'SOLARIS_IDENTIFICATION_SESSION_ID',
    ]);
    const { env } = started;
    expect(env.SOLARIS_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.SOLARIS_AUTH_URL).toBe(`${env.SOLARIS_BASE_URL}/oauth2/token`);
    expect(env.SOLARIS_CLIENT_ID).toBe('sandbox-client');
    expect(env.SOLARIS_CLIENT_SECRET).toBe('sandbox-secret');
    expect(env.SOLARIS_PERSON_ID).toMatch(/^[0-9a-f]{32}cper$/);
    expect(env.SOLARIS_IDENTIFICATION_SESSION_ID).toMatch(/^[0-9a-f]{32}ises$/);
    expect(started.lines[6]).toBe(`# sandbox ready on ${env.SOLARIS_BASE_URL} (faults: none)`);
    test.info().annotations.push({
      type: 'startup',
      description: `ready after ${Math.round(started.readyAfterMs)} ms (tsx included)`,
    });
    expect(started.readyAfterMs).toBeLessThan(3000); // loose for busy CI; typically a few hundred ms

    // The printed values work as they are: token, person, and a session for all four session methods.
    const sandbox: RunningSandbox = {
      url: env.SOLARIS_BASE_URL!,
      authUrl: env.SOLARIS_AUTH_URL!,
      clientId: env.SOLARIS_CLIENT_ID!,
      clientSecret: env.SOLARIS_CLIENT_SECRET!,
      personId: env.SOLARIS_PERSON_ID!,
      sessionId: env.SOLARIS_IDENTIFICATION_SESSION_ID!,
      close: async () => {},
    };
    const client = await connect(sandbox);
    for (const body of [
      { method: 'idnow' },
      { method: 'fourthline' },
      { method: 'bank', iban: 'DE89370400440532013000' },
      { method: 'bank_id', iban: 'DE89370400440532013000' },
    ]) {
      expect((await client.identify(body)).status).toBe(200);
    }
  } finally {
    started.child.kill('SIGTERM');
  }
  expect(await exitCode(started.child)).toBe(0);
});

test('SANDBOX_FAULTS and custom credentials are applied; SIGINT exits 0', async () => {
  const started = await startCli({
    SANDBOX_PORT: '0',
    SANDBOX_FAULTS: 'id-reuse, crash-emoji',
    SANDBOX_CLIENT_ID: 'me',
    SANDBOX_CLIENT_SECRET: 's3cret',
  });
  try {
    expect(started.env.SOLARIS_CLIENT_ID).toBe('me');
    expect(started.env.SOLARIS_CLIENT_SECRET).toBe('s3cret');
    expect(started.lines.at(-1)).toMatch(/\(faults: id-reuse,crash-emoji\)$/);
    const report = await fetch(`${started.env.SOLARIS_BASE_URL}/__sandbox/faults`).then((r) => r.json());
    expect(report).toEqual({
      active: ['id-reuse', 'crash-emoji'],
      triggered: { 'id-reuse': 0, 'crash-emoji': 0 },
      cases: { 'id-reuse': [], 'crash-emoji': [] },
      chaos: {},
    });
  } finally {
    started.child.kill('SIGINT');
  }
  expect(await exitCode(started.child)).toBe(0);
});

test('an unknown fault name or a bad port refuses to start with exit 2 and a clear message', async () => {
  const unknown = await runToExit({ SANDBOX_PORT: '0', SANDBOX_FAULTS: 'id-reuse,no-such-fault' });
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('unknown fault "no-such-fault"');
  expect(unknown.stderr).toContain('known faults:');
  expect(unknown.stdout).toBe('');
  const badPort = await runToExit({ SANDBOX_PORT: 'eighty' });
  expect(badPort.code).toBe(2);
  expect(badPort.stderr).toContain('SANDBOX_PORT');
});

test('--help lists every environment variable; a bad SANDBOX_SLOW_EVERY refuses to start with exit 2', async () => {
  const help = await runToExit({}, ['--help']);
  expect(help.code).toBe(0);
  for (const name of [
    'SANDBOX_PORT',
    'SANDBOX_FAULTS',
    'SANDBOX_FAULT_LOG',
    'SANDBOX_CLIENT_ID',
    'SANDBOX_CLIENT_SECRET',
    'SANDBOX_SLOW_EVERY',
  ])
    expect(help.stdout).toContain(name);
  const bad = await runToExit({ SANDBOX_PORT: '0', SANDBOX_SLOW_EVERY: 'sometimes' });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('SANDBOX_SLOW_EVERY');
  expect(bad.stdout).toBe('');
});

test('a port in use is reported with exit 2', async () => {
  const first = await startCli({ SANDBOX_PORT: '0' });
  try {
    const port = new URL(first.env.SOLARIS_BASE_URL!).port;
    const second = await runToExit({ SANDBOX_PORT: port });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`port ${port} is in use`);
  } finally {
    first.child.kill('SIGTERM');
  }
  expect(await exitCode(first.child)).toBe(0);
});
