/**
 * Issue 14: the exchange log (suite/engine/exchange-log.ts) and `npm run compare`
 * (reporters/compare/): what counts as a disagreement and what does not, when two runs cannot be
 * compared (exit 2, with the reason), shards joined, one-sided cases listed apart, long bodies
 * drawn again from the seed, and the CLI's files and exit codes. Logs here are written by the
 * suite's own writer from made-up cases; tests/selftest/comparison-runs.ts compares real runs.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, test } from '@playwright/test';
import { compareRuns, differences, loadRun } from '../../../reporters/compare/compare';
import type { Comparison } from '../../../reporters/compare/model';
import {
  EXCHANGE_LOG_FILE,
  ExchangeLog,
  joinExchangeParts,
  openExchangeLog,
  readExchangeLog,
  type ExchangeLogHeader,
  type LoggedCase,
} from '../../../suite/engine/exchange-log';
import { BodyRegenerator } from '../../../suite/engine/regenerate';
import { ROOT } from './support';

const PATH = '/v1/persons/{person_id}/identification_sessions/{identification_session_id}/identifications';
const sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

type CaseInput = Partial<Omit<LoggedCase, 'request' | 'response'>> & {
  request?: Partial<LoggedCase['request']>;
  response?: Partial<LoggedCase['response']>;
};

/** A logged case: by default an idnow valid request answered 200. */
function logged(index: number, input: CaseInput = {}): LoggedCase {
  const test = input.test ?? ['idnow', 'valid requests'];
  const body = input.request?.body ?? `{"method":"idnow","n":${index}}`;
  return {
    id: `${test.join(' / ')} #${index}`,
    test,
    index,
    path: String(index),
    method: 'idnow',
    family: 'valid',
    kind: 'valid',
    rule: null,
    field: null,
    variant: null,
    probe: null,
    violations: [],
    ...input,
    request: {
      method: 'POST',
      path: PATH,
      contentType: 'application/json',
      auth: 'token',
      bytes: Buffer.byteLength(body),
      sha256: sha(body),
      body,
      ...input.request,
    },
    response: {
      status: 200,
      contentType: 'application/json',
      errors: [],
      present: ['id', 'method', 'status'],
      nulls: ['reference'],
      ...input.response,
    },
  };
}

const rejected = (code: string, field: string | null, status = 400): CaseInput['response'] => ({
  status,
  errors: [{ code, field }],
  present: [],
  nulls: [],
});

let tmp = '';
test.beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-'));
});
test.afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes a report folder's exchange log with the suite's writer: one part per test, joined. */
async function writeRun(
  name: string,
  cases: LoggedCase[],
  header: Partial<Omit<ExchangeLogHeader, 'format' | 'cases'>> = {},
  secrets: string[] = [],
): Promise<string> {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  openExchangeLog(dir);
  const byTest = new Map<string, LoggedCase[]>();
  for (const c of cases) byTest.set(c.test.join(' / '), [...(byTest.get(c.test.join(' / ')) ?? []), c]);
  for (const entries of byTest.values()) {
    const first = entries[0];
    if (first === undefined) continue;
    const log = ExchangeLog.forTest(dir, {
      test: first.test,
      method: first.method,
      family: first.family,
      placeholders: [],
    });
    if (log === null) throw new Error(`no exchange log opened in ${dir}`);
    for (const e of entries) log.add(e);
    log.write(secrets);
  }
  await joinExchangeParts(dir, {
    seed: 7,
    runs: 40,
    target: `http://127.0.0.1:1000 (${name})`,
    env: null,
    shard: null,
    replayPath: null,
    startedAt: '2026-12-03T00:00:00.000Z',
    ...header,
  });
  return dir;
}

const compare = (a: string, b: string): Comparison => compareRuns(loadRun(a), loadRun(b), new Date(0));

test.describe('what counts as a disagreement', () => {
  test('each aspect, and nothing for what the contract leaves open', async () => {
    const ok = logged(0);
    expect(differences(ok, logged(0))).toEqual([]);
    // Null or left out, other fields, a read-back: vendor habits and values, not compared.
    expect(
      differences(ok, logged(0, { response: { status: 200, present: ['id', 'method'], nulls: [], readBack: 200 } })),
    ).toEqual([]);
    expect(differences(ok, logged(0, { response: { status: 201 } }))).toEqual([]);
    expect(differences(ok, logged(0, { response: rejected('validation_error', 'iban') }))).toEqual(['acceptance']);
    const bad = logged(0, { response: rejected('validation_error', 'iban') });
    expect(differences(bad, logged(0, { response: rejected('validation_error', 'iban', 422) }))).toEqual([]);
    expect(differences(bad, logged(0, { response: rejected('generic_error', null, 500) }))).toEqual([
      'status-class',
      'error-code',
      'error-field',
    ]);
    expect(differences(bad, logged(0, { response: rejected('invalid_json', 'iban') }))).toEqual(['error-code']);
    expect(differences(bad, logged(0, { response: rejected('validation_error', 'method') }))).toEqual(['error-field']);
    // Error items in another order are the same answer.
    const two = (first: string, second: string): CaseInput['response'] => ({
      status: 400,
      errors: [
        { code: 'validation_error', field: first },
        { code: 'validation_error', field: second },
      ],
    });
    expect(
      differences(logged(0, { response: two('iban', 'method') }), logged(0, { response: two('method', 'iban') })),
    ).toEqual([]);
    const violated = logged(0, {
      violations: [{ check: 'status-code', key: 'undocumented status 201', known: false }],
    });
    expect(differences(ok, violated)).toEqual(['violations']);
    // Known or new is the baseline file's view, not the target's answer.
    const known = logged(0, { violations: [{ check: 'status-code', key: 'undocumented status 201', known: true }] });
    expect(differences(violated, known)).toEqual([]);
  });
});

test.describe('npm run compare', () => {
  test('agreeing runs: exit-0 verdict, the open differences counted apart', async () => {
    const a = await writeRun('agree-a', [
      logged(0),
      logged(1),
      logged(2, { response: rejected('validation_error', 'iban') }),
    ]);
    const b = await writeRun('agree-b', [
      logged(0, { response: { status: 200, present: ['id', 'method', 'person_id', 'status'], nulls: [] } }),
      logged(1),
      logged(2, { response: rejected('validation_error', 'iban') }),
    ]);
    const c = compare(a, b);
    expect(c.verdict).toBe('agree');
    expect(c.totals).toEqual({ common: 3, agree: 3, disagree: 0, onlyA: 0, onlyB: 0, openDifferences: 1 });
    expect(c.groups).toEqual([]);
  });

  test('disagreements grouped by method × family, each side with its answer, curl and replay; one-sided cases apart', async () => {
    const iban = (index: number, response: CaseInput['response']): LoggedCase =>
      logged(index, {
        test: ['bank', 'invalid requests: iban'],
        method: 'bank',
        family: 'iban',
        kind: 'invalid',
        rule: 'iban-country',
        field: 'iban',
        variant: 'foreign',
        response,
      });
    const probe = (response: CaseInput['response']): LoggedCase =>
      logged(0, {
        test: ['idnow', 'auth'],
        family: 'auth',
        probe: 'auth: no-token',
        request: { auth: 'no-token' },
        response,
      });
    const a = await writeRun(
      'disagree-a',
      [
        iban(0, rejected('validation_error', 'iban')),
        iban(1, rejected('validation_error', 'iban')),
        probe(rejected('token_required', null, 401)),
        logged(0),
        logged(5),
      ],
      { env: 'sandbox' },
    );
    const b = await writeRun(
      'disagree-b',
      [
        iban(0, { status: 200 }),
        iban(1, rejected('validation_error', 'iban')),
        probe(rejected('unauthorized', null, 401)),
        logged(0),
        logged(6),
      ],
      { env: 'staging', target: 'https://staging.example/api (staging)' },
    );
    const c = compare(a, b);
    expect(c.verdict).toBe('disagree');
    expect(c.totals).toEqual({ common: 4, agree: 2, disagree: 2, onlyA: 1, onlyB: 1, openDifferences: 0 });
    expect(c.groups.map((g) => [g.method, g.family, g.cases.length, g.common, g.aspects])).toEqual([
      ['bank', 'iban', 1, 2, { acceptance: 1 }],
      ['idnow', 'auth', 1, 1, { 'error-code': 1 }],
    ]);
    const [accepted] = c.groups[0]?.cases ?? [];
    expect(accepted?.id).toBe('bank / invalid requests: iban #0');
    expect(accepted?.sent).toBe('invalid iban-country · iban · foreign');
    expect(accepted?.a.answer).toBe('400 validation_error @iban');
    expect(accepted?.b.answer).toBe('200 · 3 fields, 1 null');
    // Each side's curl goes to its own target; ids and token come from the shell, never from the log.
    expect(accepted?.a.curl).toContain(
      '"http://127.0.0.1:1000/v1/persons/${SOLARIS_PERSON_ID}/identification_sessions/',
    );
    expect(accepted?.b.curl).toContain('"https://staging.example/api/v1/persons/${SOLARIS_PERSON_ID}/');
    expect(accepted?.b.curl).toContain('-H "Authorization: Bearer $SOLARIS_TOKEN"');
    expect(accepted?.b.curl).toContain("-H 'X-Conformance-Case: bank / invalid requests: iban #0'");
    expect(accepted?.b.curl).toContain(`--data-binary '{"method":"idnow","n":0}'`);
    expect(accepted?.a.replay).toBe(
      "CONFORMANCE_ENV=sandbox CONFORMANCE_SEED=7 CONFORMANCE_RUNS=40 CONFORMANCE_REPLAY_PATH=0 npm run conformance -- --grep 'bank invalid requests: iban$'",
    );
    expect(accepted?.b.replay).toContain('CONFORMANCE_ENV=staging ');
    // The no-token probe's curl sends no Authorization at all.
    expect(c.groups[1]?.cases[0]?.a.curl).not.toContain('Authorization');
    expect(c.onlyA.map((x) => x.id)).toEqual(['idnow / valid requests #5']);
    expect(c.onlyB.map((x) => x.id)).toEqual(['idnow / valid requests #6']);
  });

  test('the shards of a run are joined; the same shard twice cannot be', async () => {
    const cases = [logged(0), logged(1), logged(2), logged(3)];
    const sharded = path.join(tmp, 'sharded');
    await writeRun(path.join('sharded', 'shard-report-1'), cases.slice(0, 2), { shard: { current: 1, total: 2 } });
    await writeRun(path.join('sharded', 'shard-report-2'), cases.slice(2), { shard: { current: 2, total: 2 } });
    const whole = await writeRun('whole', cases);
    const c = compare(sharded, whole);
    expect(c.verdict).toBe('agree');
    expect(c.a.shards).toEqual(['1/2', '2/2']);
    expect(c.totals.common).toBe(4);

    const twice = path.join(tmp, 'twice');
    await writeRun(path.join('twice', 'x'), cases.slice(0, 2), { shard: { current: 1, total: 2 } });
    await writeRun(path.join('twice', 'y'), cases.slice(0, 2), { shard: { current: 1, total: 2 } });
    expect(compare(twice, whole).reasons.join(' ')).toMatch(/repeats case idnow \/ valid requests #0/);
  });

  test('runs that cannot be compared say why', async () => {
    const base = await writeRun('base', [logged(0)]);
    const reasons = (other: string): string => {
      const c = compare(base, other);
      expect(c.verdict).toBe('cannot-compare');
      expect(c.groups).toEqual([]);
      return c.reasons.join(' | ');
    };
    expect(reasons(await writeRun('other-seed', [logged(0)], { seed: 8 }))).toMatch(
      /different seeds \(A 7, B 8\): run both with the same CONFORMANCE_SEED/,
    );
    expect(reasons(await writeRun('other-runs', [logged(0)], { runs: 41 }))).toMatch(/CONFORMANCE_RUNS A 40, B 41/);
    expect(reasons(await writeRun('replay', [logged(0)], { replayPath: '0:1' }))).toMatch(/replay of one case/);
    expect(reasons(path.join(tmp, 'missing'))).toMatch(/missing does not exist/);
    fs.mkdirSync(path.join(tmp, 'no-log'), { recursive: true });
    expect(reasons(path.join(tmp, 'no-log'))).toMatch(/holds no exchanges\.jsonl\.gz/);
    expect(reasons(await writeRun('other-body', [logged(0, { request: { body: '{"other":1}' } })]))).toMatch(
      /1 of 1 common cases were sent differently \(first: idnow \/ valid requests #0\)/,
    );
    expect(reasons(await writeRun('disjoint', [logged(9)]))).toMatch(/share no case/);
    const notALog = path.join(tmp, 'not-a-log');
    fs.mkdirSync(notALog, { recursive: true });
    fs.writeFileSync(path.join(notALog, EXCHANGE_LOG_FILE), zlib.gzipSync('{"format":"something-else"}\n'));
    expect(reasons(notALog)).toMatch(/not an exchange log of this suite/);
  });

  test('a body the log kept as a hash is drawn again from the seed, and shown only when the hash matches', async () => {
    const seed = 7;
    const test = ['fourthline', 'valid requests'];
    const text = new BodyRegenerator(seed).text({ test, method: 'fourthline', family: 'valid', index: 3, probe: null });
    expect(text).not.toBeNull();
    const long = (hash: string, status: number): LoggedCase =>
      logged(3, {
        test,
        method: 'fourthline',
        request: { body: undefined, head: (text ?? '').slice(0, 120), sha256: hash },
        response: status === 200 ? { status } : rejected('validation_error', 'iban', status),
      });
    const drawn = compare(
      await writeRun('long-a', [long(sha(text ?? ''), 200)]),
      await writeRun('long-b', [long(sha(text ?? ''), 400)]),
    );
    expect(drawn.groups[0]?.cases[0]?.a.body).toBe(text);
    expect(drawn.groups[0]?.cases[0]?.a.curl).toContain(`--data-binary '${(text ?? '').replace(/'/g, `'\\''`)}'`);
    const other = compare(
      await writeRun('hash-a', [long('0'.repeat(64), 200)]),
      await writeRun('hash-b', [long('0'.repeat(64), 400)]),
    );
    expect(other.groups[0]?.cases[0]?.a.body).toBeNull();
    expect(other.groups[0]?.cases[0]?.a.curl).toContain('--data-binary @body.json');
  });

  test('the CLI writes the page, the markdown and the JSON, and exits 0, 1 or 2', async () => {
    const a = await writeRun('cli-a', [logged(0), logged(1)]);
    const same = await writeRun('cli-same', [logged(0), logged(1)]);
    const other = await writeRun('cli-other', [
      logged(0),
      logged(1, { response: rejected('validation_error', 'iban') }),
    ]);
    const run = (...args: string[]): { code: number | null; out: string } => {
      const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['reporters/compare/cli.ts', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      return { code: r.status, out: `${r.stdout}${r.stderr}` };
    };
    const out = path.join(tmp, 'cli-out');
    const agree = run(a, same, '--out', out);
    expect(agree.code, agree.out).toBe(0);
    expect(agree.out).toContain('the targets agree (exit 0)');
    for (const file of ['comparison.html', 'comparison.md', 'comparison.json'])
      expect(fs.existsSync(path.join(out, file)), file).toBe(true);

    const disagree = run(a, other, '--out', out);
    expect(disagree.code, disagree.out).toBe(1);
    expect(disagree.out).toContain('✗ idnow · valid: 1/2 cases (1 one accepts what the other rejects)');
    expect(disagree.out).toContain('A 200 · 3 fields, 1 null');
    expect(disagree.out).toContain('B 400 validation_error @iban');
    const json = JSON.parse(fs.readFileSync(path.join(out, 'comparison.json'), 'utf8')) as Comparison;
    expect(json.verdict).toBe('disagree');
    expect(fs.readFileSync(path.join(out, 'comparison.md'), 'utf8')).toContain('idnow / valid requests #1');

    const cannot = run(a, await writeRun('cli-seed', [logged(0)], { seed: 9 }), '--out', out);
    expect(cannot.code, cannot.out).toBe(2);
    expect(cannot.out).toContain('different seeds (A 7, B 9)');
    expect(run(a).code).toBe(2);
    expect(run(a, same, '--bogus').code).toBe(2);
  });
});

test.describe('the exchange log', () => {
  test('lines are scrubbed of the run secrets; a run that opened no log keeps none', async () => {
    const dir = path.join(tmp, 'scrubbed');
    const secret = 'a-client-secret-of-the-run';
    await writeRun('scrubbed', [logged(0, { request: { body: `{"reference":"${secret}"}` } })], {}, [secret]);
    const log = readExchangeLog(path.join(dir, EXCHANGE_LOG_FILE));
    expect(JSON.stringify(log)).not.toContain(secret);
    expect(log.header).toMatchObject({ format: 'conformance-exchange-log/1', seed: 7, runs: 40, cases: 1 });

    // No log opened (a run without the conformance reporter, like the self-test's fault matrix): nothing written.
    const closed = path.join(tmp, 'closed');
    fs.mkdirSync(closed, { recursive: true });
    const place = { test: ['idnow', 'valid requests'], method: 'idnow', family: 'valid', placeholders: [] } as const;
    expect(ExchangeLog.forTest(closed, place)).toBeNull();
    expect(fs.readdirSync(closed)).toEqual([]);
    expect(
      await joinExchangeParts(closed, {
        seed: 1,
        runs: 1,
        target: '',
        env: null,
        shard: null,
        replayPath: null,
        startedAt: '',
      }),
    ).toBeNull();
  });
});
