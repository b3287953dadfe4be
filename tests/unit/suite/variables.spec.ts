/**
 * Configuration as one table (suite/model/variables.ts): README's tables say what the module says,
 * every parser refuses a bad value with a ConfigError naming the variable, a bad value ends the entry
 * points with exit 2 before they start anything, and no entry point reads one of our variables around
 * the module.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { readConfig } from '../../../suite/config/env';
import {
  ConfigError,
  defaultOf,
  isSet,
  read,
  VARIABLE_NAMES,
  VARIABLES,
  type VariableName,
} from '../../../suite/model/variables';
import { ROOT, runSuite } from '../reporters/support';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const TABLE_HEADER = '| variable | meaning | default |';

/** The users' variables (README's first table); the rest are the project's own tools' (the second). */
const forUsers = (name: VariableName): boolean =>
  VARIABLES[name].usedBy.includes('suite') || VARIABLES[name].usedBy.includes('sandbox');

/** Every README table headed TABLE_HEADER, as [variable, meaning, default] rows. */
function readmeTables(): string[][][] {
  const lines = README.split('\n');
  const tables: string[][][] = [];
  lines.forEach((line, i) => {
    if (line !== TABLE_HEADER) return;
    const rows: string[][] = [];
    for (const row of lines.slice(i + 2)) {
      if (!row.startsWith('|')) break;
      // A row that does not start with a variable's name would escape the comparison below.
      expect(row, 'each row of a variable table starts with "| `NAME`"').toMatch(/^\| `[A-Z][A-Z0-9_]*` \|/);
      rows.push(
        row
          .slice(1, -1)
          .split(/(?<!\\)\|/)
          .map((cell) => cell.trim()),
      );
    }
    tables.push(rows);
  });
  return tables;
}

const row = (name: VariableName): string[] => [`\`${name}\``, VARIABLES[name].meaning, VARIABLES[name].readmeDefault];

test.describe('the README tables and the module', () => {
  test('list the same variables, in the same order, with the same meaning and default', () => {
    const tables = readmeTables();
    expect(tables, `README needs two tables headed "${TABLE_HEADER}": the users' and the tools'`).toHaveLength(2);
    expect(tables[0]).toEqual(VARIABLE_NAMES.filter(forUsers).map(row));
    expect(tables[1]).toEqual(VARIABLE_NAMES.filter((name) => !forUsers(name)).map(row));
  });

  test('each README default shows the value the module falls back to', () => {
    for (const name of VARIABLE_NAMES) {
      // CONFORMANCE_BASELINE's default depends on a file being there; the README says so in words.
      if (name === 'CONFORMANCE_BASELINE') continue;
      const fallback: unknown = defaultOf(name);
      if (typeof fallback === 'number' || typeof fallback === 'string') {
        expect(VARIABLES[name].readmeDefault, name).toContain(`\`${fallback}\``);
      }
    }
  });

  test(".env.example documents every users' variable, and the example files name no other", () => {
    const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    for (const name of VARIABLE_NAMES.filter(forUsers)) expect(example, name).toMatch(new RegExp(`^# ${name}=`, 'm'));
    for (const file of fs.readdirSync(ROOT).filter((f) => /^\.env(\..+)?\.example$/.test(f))) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      const named = [...text.matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
      expect(
        named.filter((name) => !(name !== undefined && name in VARIABLES)),
        file,
      ).toEqual([]);
    }
  });
});

/** A value each variable's parser must refuse: a new variable without one does not type-check. */
const BAD: Record<VariableName, string> = {
  SOLARIS_BASE_URL: 'api.solaris-sandbox.de',
  SOLARIS_AUTH_URL: 'ftp://auth.solaris-sandbox.de/oauth2/token',
  SOLARIS_CLIENT_ID: 'client\nid',
  SOLARIS_CLIENT_SECRET: 's3cr3t\tvalue',
  SOLARIS_PERSON_ID: 'person id',
  SOLARIS_IDENTIFICATION_SESSION_ID: 'session/1',
  CONFORMANCE_ENV: 'stag\u0000ing',
  CONFORMANCE_RUNS: 'many',
  CONFORMANCE_SEED: '4294967296',
  CONFORMANCE_CONCURRENCY: '257',
  CONFORMANCE_MAX_RPS: '0',
  CONFORMANCE_TIMEOUT_MS: '5s',
  CONFORMANCE_ALLOW_PRODUCTION: 'true',
  CONFORMANCE_REPLAY_PATH: '3-0-1',
  CONFORMANCE_MAX_UNJUDGED_PERCENT: '101',
  CONFORMANCE_WORKERS: 'zero',
  CONFORMANCE_SHRINK_MS: '-1',
  CONFORMANCE_REPORT_DIR: 'rep\norts',
  CONFORMANCE_BASELINE: 'baseline\u0007.json',
  SANDBOX_PORT: '65536',
  SANDBOX_FAULTS: 'id-reuse;crash-emoji',
  SANDBOX_CHAOS: 'rate limit',
  SANDBOX_FAULT_LOG: 'faults\r.log',
  SANDBOX_CLIENT_ID: 'sandbox\u001bclient',
  SANDBOX_CLIENT_SECRET: 'sandbox\u007fsecret',
  SANDBOX_SLOW_EVERY: 'sometimes',
  SELFTEST_SEED: '1.5',
  SELFTEST_FAULT_RUNS: '0',
  SELFTEST_PARALLEL: '65',
  SELFTEST_ONLY: 'id reuse',
  BENCH_IN_RUNNER: 'maybe',
  BENCH_ROUNDS: 'five',
  BENCH_ROUND_MS: '1e3',
  BENCH_STACK_LIMIT: '0x10',
};

function refusal(name: VariableName, value: string): ConfigError {
  try {
    read(name, { [name]: value });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`${name}=${JSON.stringify(value)} was accepted`);
}

test.describe('the parsers', () => {
  for (const name of VARIABLE_NAMES) {
    test(`${name} refuses ${JSON.stringify(BAD[name])} with a ConfigError naming it and the fix`, () => {
      const error = refusal(name, BAD[name]);
      expect(error.variable).toBe(name);
      expect(error.message).toBe(`${name}: ${error.problem}. Fix: ${error.fix}`);
      expect(error.fix).not.toBe('');
    });
  }

  test('unset and blank mean the default; values are trimmed', () => {
    for (const name of VARIABLE_NAMES) {
      expect(read(name, { [name]: '  ' }), name).toEqual(defaultOf(name));
      expect(isSet(name, { [name]: '  ' }), name).toBe(false);
    }
    expect(read('CONFORMANCE_RUNS', { CONFORMANCE_RUNS: ' 7 ' })).toBe(7);
    expect(read('CONFORMANCE_SEED', { CONFORMANCE_SEED: '-5' })).toBe(-5);
    expect(read('CONFORMANCE_ALLOW_PRODUCTION', { CONFORMANCE_ALLOW_PRODUCTION: 'yes' })).toBe(true);
    expect(read('SANDBOX_FAULTS', { SANDBOX_FAULTS: ' id-reuse, ,crash-emoji ' })).toEqual(['id-reuse', 'crash-emoji']);
    expect(read('SANDBOX_PORT', { SANDBOX_PORT: '0' })).toBe(0);
    expect(read('BENCH_IN_RUNNER', { BENCH_IN_RUNNER: '1' })).toBe(true);
    expect(read('BENCH_IN_RUNNER', { BENCH_IN_RUNNER: '0' })).toBe(false);
    const url = read('SOLARIS_BASE_URL', { SOLARIS_BASE_URL: 'https://api.solaris-sandbox.de' });
    expect(url?.hostname).toBe('api.solaris-sandbox.de');
    expect(read('CONFORMANCE_BASELINE', { CONFORMANCE_BASELINE: 'known.json' })).toBe('known.json');
  });

  test('messages keep their wording, and never repeat a credential', () => {
    expect(refusal('CONFORMANCE_RUNS', 'many').message).toBe(
      'CONFORMANCE_RUNS: "many" is not a whole number from 1 to 10000000. ' +
        'Fix: set CONFORMANCE_RUNS=40 or another whole number, or unset it',
    );
    expect(refusal('CONFORMANCE_SEED', 'x').message).toBe(
      'CONFORMANCE_SEED: "x" is not a 32-bit integer. ' +
        'Fix: copy the seed printed by the run you want to replay, or unset it for a random seed',
    );
    expect(refusal('SOLARIS_BASE_URL', 'nope').message).toContain('SOLARIS_BASE_URL: "nope" is not a URL');
    expect(refusal('SOLARIS_BASE_URL', 'https://user:pw@api.solaris-sandbox.de').message).not.toContain('pw');
    expect(refusal('SOLARIS_CLIENT_SECRET', BAD.SOLARIS_CLIENT_SECRET).message).not.toContain('s3cr3t');
  });

  test('readConfig validates the variables SuiteConfig does not carry: CONFORMANCE_WORKERS', () => {
    const env = { SOLARIS_BASE_URL: '', CONFORMANCE_SEED: '1', CONFORMANCE_WORKERS: 'zero' };
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(/^CONFORMANCE_WORKERS: "zero" is not a whole number from 1 to 64/);
    expect(readConfig({ ...env, CONFORMANCE_WORKERS: '3' }).runs).toBe(40);
  });
});

test.describe('a bad value ends an entry point with exit 2, before it starts anything', () => {
  test('npm run conformance with CONFORMANCE_WORKERS=zero: exit 2 naming the variable, before Playwright', async () => {
    const started = Date.now();
    // No SANDBOX_PORT: the run would take a free port only after the configuration passed.
    const run = await runSuite({ name: 'bad-workers', runs: 1, env: { CONFORMANCE_WORKERS: 'zero' } });
    expect(run.code, run.console).toBe(2);
    expect(run.console).toContain(
      '[conformance] configuration error — CONFORMANCE_WORKERS: "zero" is not a whole number from 1 to 64',
    );
    // Playwright never started: it would have said "Running N tests using M workers".
    expect(run.console).not.toMatch(/Running \d+ tests?/);
    expect(Date.now() - started).toBeLessThan(10_000);
    const summaryText = fs.readFileSync(path.join(run.reportDir, 'conformance.json'), 'utf8');
    const summary = JSON.parse(summaryText) as { verdict: string; errors: string[] };
    expect(summary.verdict).toBe('error');
    expect(summary.errors.join('\n')).toContain('CONFORMANCE_WORKERS');
    run.cleanup();
  });

  test('npm test with SELFTEST_PARALLEL=zero: exit 2 naming the variable', async () => {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('SELFTEST_')) env[key] = value;
    // SELFTEST_ONLY names no fault: were the value ever accepted, the self-test would end at once
    // without running anything, rather than start a full self-test from inside a unit test.
    Object.assign(env, { SELFTEST_PARALLEL: 'zero', SELFTEST_ONLY: 'no-such-fault' });
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, ['tests/selftest/run.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const guard = setTimeout(() => child.kill('SIGTERM'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
    clearTimeout(guard);
    expect(code, output).toBe(2);
    expect(output).toContain(
      'selftest: configuration error — SELFTEST_PARALLEL: "zero" is not a whole number from 1 to 64',
    );
    expect(output).not.toContain('self-test ·');
  });
});

test.describe('one way in', () => {
  /** The entry points and what they load. Unit tests set variables up for what they test: only the bench's is here. */
  const SCANNED = [
    'suite',
    'sandbox',
    'bench',
    'reporters',
    'generators',
    'schemas',
    'tests/selftest',
    'tests/conformance',
    'tests/unit/bench',
  ];
  const OURS = /^(SOLARIS|CONFORMANCE|SANDBOX|SELFTEST|BENCH)_/;
  const MODULE = path.join('suite', 'model', 'variables.ts');

  function sources(): string[] {
    const files = fs.readdirSync(ROOT).filter((f) => /^playwright.*\.config\.ts$/.test(f));
    for (const dir of SCANNED) {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
        files.push(path.relative(ROOT, path.join(entry.parentPath, entry.name)));
      }
    }
    return files.filter((file) => file !== MODULE);
  }

  test('no entry point reads one of our variables but through suite/model/variables.ts', () => {
    const ACCESS = /\b(?:process\.)?env(?:\.([A-Z][A-Z0-9_]*)|\[\s*(['"`])([A-Z][A-Z0-9_]*)\2\s*\])/g;
    const reads: string[] = [];
    for (const file of sources()) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const match of text.matchAll(ACCESS)) {
        const name = match[1] ?? match[3] ?? '';
        if (!(name in VARIABLES) && !OURS.test(name)) continue; // CI, PLAYWRIGHT_*: not ours
        const before = text.slice(0, match.index);
        const after = text.slice(match.index + match[0].length);
        // Setting a variable for a child process (or deleting it) is no read.
        if (/^\s*=(?!=)/.test(after) || /\bdelete\s+$/.test(before)) continue;
        reads.push(`${file}:${before.split('\n').length}: ${match[0]}`);
      }
      if (/\{[^}]*\}\s*=\s*process\.env\b/.test(text)) reads.push(`${file}: destructures process.env`);
    }
    expect(reads, 'read these through read(name) of suite/model/variables.ts').toEqual([]);
  });

  test('the table imports nothing but Node built-ins, so the sandbox may use it', () => {
    const text = fs.readFileSync(path.join(ROOT, MODULE), 'utf8');
    const imports = [...text.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((specifier) => !specifier?.startsWith('node:'))).toEqual([]);
  });
});
