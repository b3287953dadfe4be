/**
 * Determinism (same seed, same bytes; sample = check sequence; a separate process agrees), the
 * CLI of interface.md (JSON Lines, usage errors exit 2 naming the argument), and the measured
 * generation rate.
 */
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { caseLine, generateLines, parseOptions } from '../../../generators/cli';
import {
  IDENTIFICATION_METHODS,
  RULE_CATALOGUE,
  invalidCase,
  rulesFor,
  sampleCases,
  validCase,
} from '../../../generators/index';

const root = path.resolve(import.meta.dirname, '../../..');
const runCli = (args: readonly string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'generators/cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });

const options = (args: string): ReturnType<typeof parseOptions> => parseOptions(args.split(' '));

test.describe('generators: determinism', () => {
  test('same seed, same cases, byte for byte; another seed, other cases', () => {
    for (const method of IDENTIFICATION_METHODS) {
      const a = sampleCases(invalidCase(method), { seed: 7, count: 200 }).map(caseLine).join('\n');
      const b = sampleCases(invalidCase(method), { seed: 7, count: 200 }).map(caseLine).join('\n');
      const c = sampleCases(invalidCase(method), { seed: 8, count: 200 }).map(caseLine).join('\n');
      expect(a === b, `${method}: same seed differs`).toBe(true);
      expect(a === c, `${method}: seeds 7 and 8 give the same cases`).toBe(false);
      const v1 = sampleCases(validCase(method), { seed: -5, count: 200 }).map(caseLine).join('\n');
      const v2 = sampleCases(validCase(method), { seed: -5, count: 200 }).map(caseLine).join('\n');
      expect(v1 === v2).toBe(true);
    }
  });

  test('sampleCases yields the values fc.check sees with that seed (the engine replays by seed)', () => {
    const seen: string[] = [];
    fc.check(
      fc.property(invalidCase('bank'), (c) => {
        seen.push(caseLine(c));
      }),
      { seed: 99, numRuns: 100 },
    );
    expect(seen).toEqual(sampleCases(invalidCase('bank'), { seed: 99, count: 100 }).map(caseLine));
  });

  test('a separate process prints the same bytes as in-process generation', () => {
    const args = ['--method', 'bank_id', '--kind', 'invalid', '--count', '300', '--seed', '7'];
    const run = runCli(args);
    expect(run.status, run.stderr).toBe(0);
    const parsed = parseOptions(args);
    if (parsed === 'help') throw new Error('unexpected help');
    expect(
      run.stdout ===
        generateLines(parsed)
          .map((l) => `${l}\n`)
          .join(''),
      'CLI output differs from generateLines',
    ).toBe(true);
  });
});

test.describe('generators: CLI', () => {
  test('prints JSON Lines in the interface.md shape', () => {
    const run = runCli(['--method', 'bank', '--kind', 'invalid', '--count', '100', '--seed', '7']);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(100);
    for (const line of lines) {
      const payload = 'raw' in line ? 'raw' : 'body';
      expect(Object.keys(line)).toEqual(['method', 'kind', 'rule', 'field', 'variant', 'contentType', payload]);
      expect(line['method']).toBe('bank');
      expect(line['kind']).toBe('invalid');
      expect(rulesFor('bank')).toContain(line['rule']);
    }
    expect(new Set(lines.map((l) => l['rule'])).size).toBeGreaterThan(5);

    const valid = runCli(['--method', 'idnow', '--kind', 'valid', '--count', '5', '--seed', '1']);
    for (const l of valid.stdout
      .trimEnd()
      .split('\n')
      .map((x) => JSON.parse(x) as Record<string, unknown>)) {
      expect(l).toMatchObject({ method: 'idnow', kind: 'valid', rule: null, field: null, variant: null });
      expect(l['body']).toMatchObject({ method: 'idnow' });
    }
  });

  test('negative seeds are seeds, in both option forms', () => {
    const a = options('--method bank --kind valid --count 3 --seed -5');
    const b = options('--method=bank --kind=valid --count=3 --seed=-5');
    expect(a).toEqual({ method: 'bank', kind: 'valid', count: 3, seed: -5, rule: undefined });
    expect(b).toEqual(a);
  });

  test('--rule filters to one rule', () => {
    const o = options('--method bank --kind invalid --count 50 --seed 3 --rule iban-required');
    if (o === 'help') throw new Error('unexpected help');
    const lines = generateLines(o).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(new Set(lines.map((l) => l['rule']))).toEqual(new Set(['iban-required']));
  });

  const BAD: [string, RegExp][] = [
    ['--kind valid --count 1 --seed 1', /--method: is required/],
    ['--method video --kind valid --count 1 --seed 1', /--method: "video" is not one of/],
    ['--method bank --kind maybe --count 1 --seed 1', /--kind: "maybe" is not valid or invalid/],
    ['--method bank --kind valid --count -1 --seed 1', /--count: -1 is outside/],
    ['--method bank --kind valid --count ten --seed 1', /--count: "ten" is not an integer/],
    ['--method bank --kind valid --count 1', /--seed: is required/],
    ['--method bank --kind valid --count 1 --seed 1.5', /--seed: "1.5" is not an integer/],
    ['--method bank --kind valid --count 1 --seed 1 --rule enum', /--rule: applies to --kind invalid only/],
    ['--method bank --kind invalid --count 1 --seed 1 --rule nope', /--rule: "nope" is not one of/],
    [
      '--method idnow --kind invalid --count 1 --seed 1 --rule iban-required',
      /--rule: "iban-required" does not apply to method idnow/,
    ],
    ['--method bank --kind valid --count 1 --seed 1 --colour red', /Unknown option '--colour'/],
  ];
  for (const [args, message] of BAD) {
    test(`rejects: ${args}`, () => {
      expect(() => options(args)).toThrow(message);
    });
  }

  test('bad arguments: usage on stderr, exit 2', () => {
    const run = runCli([
      '--method',
      'idnow',
      '--kind',
      'invalid',
      '--count',
      '1',
      '--seed',
      '1',
      '--rule',
      'iban-required',
    ]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--rule: "iban-required" does not apply to method idnow/);
    expect(run.stderr).toMatch(/^usage: npm run generate -- --method/m);
  });
});

test.describe('generators: rate and catalogue', () => {
  test('generation rate (cases per second), printed', () => {
    const rows: string[] = [];
    let slowest = Infinity;
    for (const method of IDENTIFICATION_METHODS) {
      const rate = (arb: fc.Arbitrary<unknown>): number => {
        sampleCases(arb, { seed: 1, count: 200 }); // warm-up (JIT, first compile)
        const n = 3_000;
        const t0 = performance.now();
        sampleCases(arb, { seed: 2, count: n });
        return n / ((performance.now() - t0) / 1000);
      };
      const v = rate(validCase(method));
      const i = rate(invalidCase(method));
      slowest = Math.min(slowest, v, i);
      rows.push(
        `  ${method.padEnd(11)}${Math.round(v).toString().padStart(10)}${Math.round(i).toString().padStart(10)}`,
      );
    }
    console.log(
      `generation rate, cases/s (3,000 cases each, this machine):\n  ${'method'.padEnd(11)}${'valid'.padStart(10)}${'invalid'.padStart(10)}\n${rows.join('\n')}`,
    );
    // A floor far below the measured rate: it catches an accidental filter or quadratic step, not noise.
    expect(slowest).toBeGreaterThan(300);
  });

  test('the rule catalogue as a method × rule table', () => {
    const header = `  ${'rule'.padEnd(16)}${'level'.padEnd(6)}${IDENTIFICATION_METHODS.map((m) => m.padEnd(11)).join('')}fields × variants`;
    const rows = RULE_CATALOGUE.map(
      (e) =>
        `  ${e.rule.padEnd(16)}${e.level.padEnd(6)}${IDENTIFICATION_METHODS.map((m) => (e.methods.includes(m) ? 'x' : '-').padEnd(11)).join('')}` +
        `${e.fields.map(String).join(',')} × ${e.variants.join(',')}`,
    );
    console.log(`rule catalogue:\n${header}\n${rows.join('\n')}`);
    expect(RULE_CATALOGUE.find((e) => e.rule === 'iban-required')?.methods).toEqual(['bank', 'bank_id']);
  });
});
