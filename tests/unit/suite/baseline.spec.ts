/**
 * Known deviations (suite/baseline/): the file's validation names the entry and the fix; matching
 * by check, method (or `*`) and key; expiry; --update-baseline keeps reasons and writes one `*`
 * entry for what every method met; --prune-baseline and stale entries; a stable, sorted file; and
 * the verdict a run gets from them (reporters/summary.ts).
 */
import { expect, test } from '@playwright/test';
import { IDENTIFICATION_METHODS } from '../../../generators/case';
import { cellKey, gridHtml } from '../../../reporters/coverage-grid';
import { SummaryBuilder } from '../../../reporters/summary';
import {
  BaselineError,
  findEntry,
  isExpired,
  parseBaseline,
  pruneBaseline,
  REASON_TO_WRITE,
  serializeBaseline,
  staleEntries,
  updateBaseline,
  type BaselineEntry,
} from '../../../suite/baseline/baseline';
import { isCheckId } from '../../../suite/checks/registry';
import type { Violation } from '../../../suite/checks/types';
import { DeviationJudge } from '../../../suite/engine/deviations';
import type { TestStats } from '../../../suite/engine/stats';
import { STATS_VERSION } from '../../../suite/engine/protocol';

const parse = (value: unknown): ReturnType<typeof parseBaseline> =>
  parseBaseline(
    typeof value === 'string' ? value : JSON.stringify(value),
    'conformance.baseline.json',
    isCheckId,
    IDENTIFICATION_METHODS,
  );

const entry201: BaselineEntry = {
  check: 'status-code',
  method: '*',
  key: 'undocumented status 201',
  cases: 60,
  reason: 'Solaris answers 201; KYC-1234',
  since: '2026-12-01',
};

test('a valid file parses; every malformed one is refused naming the entry and the fix', () => {
  expect(parse({ deviations: [entry201] }).entries).toEqual([entry201]);
  const refusals: Array<[unknown, RegExp]> = [
    ['{"deviations": [', /is not JSON.*Fix: repair it by hand/],
    [{ entries: [] }, /must be an object \{"deviations": \[ … \]\}/],
    [
      { deviations: [{ ...entry201, check: 'no-such-check' }] },
      /deviations\[0\] \(no-such-check: undocumented status 201\) names no known check.*Fix: use a check id/,
    ],
    [
      { deviations: [{ ...entry201, method: 'video' }] },
      /deviations\[0\] \(status-code: undocumented status 201\) has method "video"/,
    ],
    [{ deviations: [{ ...entry201, key: ' ' }] }, /has no key/],
    [{ deviations: [{ ...entry201, cases: -1 }] }, /has cases -1/],
    [{ deviations: [{ ...entry201, since: '1 Dec' }] }, /has since "1 Dec".*YYYY-MM-DD/],
    [{ deviations: [{ ...entry201, expires: '2027-02-30x' }] }, /has expires/],
    [{ deviations: [{ ...entry201, note: 'x' }] }, /unknown field\(s\) note/],
    [{ deviations: [entry201, entry201] }, /deviations\[1\] .* is listed twice/],
  ];
  for (const [value, message] of refusals) {
    expect(() => parse(value), JSON.stringify(value)).toThrow(BaselineError);
    expect(() => parse(value)).toThrow(message);
  }
});

test('an entry matches its check and key, for its method or every method (`*`); expired from its day on', () => {
  const own: BaselineEntry = { ...entry201, method: 'idnow', reason: 'idnow only' };
  const entries = [entry201, own];
  expect(findEntry(entries, { check: 'status-code', method: 'idnow', key: 'undocumented status 201' })).toBe(own);
  expect(findEntry(entries, { check: 'status-code', method: 'bank', key: 'undocumented status 201' })).toBe(entry201);
  expect(findEntry(entries, { check: 'status-code', method: 'bank', key: 'undocumented status 422' })).toBeUndefined();
  expect(
    findEntry(entries, { check: 'positive-acceptance', method: 'bank', key: 'undocumented status 201' }),
  ).toBeUndefined();
  const expiring = { ...entry201, expires: '2027-01-01' };
  expect(isExpired(expiring, '2026-12-31')).toBe(false);
  expect(isExpired(expiring, '2027-01-01')).toBe(true);
  expect(isExpired(entry201, '2099-01-01')).toBe(false);
});

test('--update-baseline keeps written reasons, adds the rest, and writes one `*` entry for what every method met', () => {
  const occurred = [
    ...IDENTIFICATION_METHODS.map((method) => ({
      check: 'status-code',
      method,
      key: 'undocumented status 201',
      cases: 10,
    })),
    ...IDENTIFICATION_METHODS.map((method) => ({
      check: 'response-schema',
      method,
      key: 'identification.schema.json: enum at /status',
      cases: 2,
    })),
    { check: 'negative-rejection', method: 'bank', key: 'iban-country (iban): answered HTTP 200', cases: 3 },
  ];
  const { entries, added } = updateBaseline([entry201], occurred, '2026-12-03', IDENTIFICATION_METHODS);
  expect(entries).toEqual([
    {
      check: 'negative-rejection',
      method: 'bank',
      key: 'iban-country (iban): answered HTTP 200',
      cases: 3,
      reason: REASON_TO_WRITE,
      since: '2026-12-03',
    },
    {
      check: 'response-schema',
      method: '*',
      key: 'identification.schema.json: enum at /status',
      cases: 12,
      reason: REASON_TO_WRITE,
      since: '2026-12-03',
    },
    { ...entry201, cases: 60 },
  ]);
  expect(added.map((e) => e.check)).toEqual(['negative-rejection', 'response-schema']);
});

test('--prune-baseline drops exactly the entries the run did not meet; stale lists the same ones', () => {
  const other: BaselineEntry = { ...entry201, key: 'undocumented status 422' };
  const occurred = [{ check: 'status-code', method: 'bank', key: 'undocumented status 201' }];
  expect(pruneBaseline([entry201, other], occurred)).toEqual({ entries: [entry201], removed: [other] });
  expect(staleEntries([entry201, other], occurred)).toEqual([other]);
});

test('the file is sorted with fields in one order, whatever order the entries came in', () => {
  const a: BaselineEntry = {
    reason: 'r',
    since: '2026-12-01',
    cases: 1,
    key: 'b',
    method: 'idnow',
    check: 'status-code',
  } as BaselineEntry;
  const b: BaselineEntry = { ...a, check: 'auth', key: 'a' };
  const text = serializeBaseline([a, b]);
  expect(text).toBe(serializeBaseline([b, a]));
  expect(text.indexOf('"auth"')).toBeLessThan(text.indexOf('"status-code"'));
  expect(Object.keys(parse(text).entries[0] ?? {})).toEqual(['check', 'method', 'key', 'cases', 'reason', 'since']);
});

const violation = (check: string, key: string): Violation => ({ check, key, title: key, expected: 'e', actual: 'a' });

test('a case is split into known and new violations; an expired entry counts as new and says so', () => {
  const baseline = {
    file: 'b.json',
    entries: [entry201, { ...entry201, key: 'undocumented status 422', expires: '2026-01-01' }],
  };
  const judge = new DeviationJudge(baseline, 'bank', '2026-12-03');
  const split = judge.record([
    violation('status-code', 'undocumented status 201'),
    violation('status-code', 'undocumented status 422'),
    violation('auth', 'x'),
  ]);
  expect(split.known.map((v) => v.key)).toEqual(['undocumented status 201']);
  expect(split.fresh.map((v) => v.key)).toEqual(['undocumented status 422', 'x']);
  judge.record([
    violation('status-code', 'undocumented status 201'),
    violation('status-code', 'undocumented status 201'),
  ]);
  expect(judge.list()).toEqual([
    {
      check: 'status-code',
      key: 'undocumented status 201',
      status: 'known',
      reason: entry201.reason,
      entryMethod: '*',
      cases: 2,
    },
    {
      check: 'status-code',
      key: 'undocumented status 422',
      status: 'expired',
      reason: entry201.reason,
      entryMethod: '*',
      cases: 1,
    },
    { check: 'auth', key: 'x', status: 'new', cases: 1 },
  ]);
});

const stats = (over: Partial<TestStats>): TestStats => ({
  version: STATS_VERSION,
  method: 'bank',
  family: 'valid',
  seed: 1,
  propertySeed: 1,
  cases: 10,
  requests: 10,
  durationMs: 1,
  expects: [],
  checks: { 'status-code': { cases: 10, violations: 0, examples: [] } },
  ...over,
});
const build = (builder: SummaryBuilder, entries: BaselineEntry[]): ReturnType<SummaryBuilder['build']> =>
  builder.build({
    target: 't',
    seed: 1,
    startedAt: new Date(0),
    durationMs: 1,
    baseline: { file: 'b.json', entries },
    baselineLabel: 'b.json',
  });

test('verdicts: only known → conformant-with-known-deviations (listed, cells amber); any new → nonconformant; unmet entries stale', () => {
  const known = new SummaryBuilder();
  known.add(
    stats({
      checks: { 'status-code': { cases: 10, violations: 0, known: 10, examples: [] } },
      deviations: [
        {
          check: 'status-code',
          key: 'undocumented status 201',
          cases: 10,
          status: 'known',
          reason: entry201.reason,
          entryMethod: '*',
        },
      ],
    }),
  );
  const stale: BaselineEntry = { ...entry201, key: 'undocumented status 418' };
  const summary = build(known, [entry201, stale]);
  expect(summary.verdict).toBe('conformant-with-known-deviations');
  expect(summary.totals).toMatchObject({ violations: 0, known: 10 });
  expect(summary.known).toEqual([
    {
      check: 'status-code',
      method: '*',
      key: 'undocumented status 201',
      cases: 10,
      reason: entry201.reason,
      entryMethod: '*',
    },
  ]);
  expect(summary.new).toEqual([]);
  expect(summary.stale).toEqual([{ ...stale, prune: 'npm run conformance -- --prune-baseline' }]);
  expect(summary.checks.find((c) => c.id === 'status-code')).toMatchObject({
    status: 'passed',
    violations: 0,
    known: 10,
  });
  expect(summary.grid.checks.find((r) => r.id === 'status-code')?.cells.bank).toEqual({
    cases: 10,
    violations: 0,
    known: 10,
  });

  const fresh = new SummaryBuilder();
  fresh.add(
    stats({
      checks: { 'status-code': { cases: 10, violations: 4, examples: [] } },
      deviations: [{ check: 'status-code', key: 'undocumented status 422', cases: 4, status: 'new' }],
    }),
  );
  const failing = build(fresh, [entry201]);
  expect(failing.verdict).toBe('nonconformant');
  expect(failing.new).toEqual([{ check: 'status-code', method: 'bank', key: 'undocumented status 422', cases: 4 }]);
  expect(failing.stale.map((e) => e.key)).toEqual(['undocumented status 201']);

  const clean = new SummaryBuilder();
  clean.add(stats({}));
  expect(build(clean, []).verdict).toBe('conformant');
});

test('the HTML grid marks known deviations amber, apart from red new ones, with a legend, links and the lists', () => {
  const builder = new SummaryBuilder();
  builder.add(
    stats({
      checks: {
        'status-code': { cases: 10, violations: 0, known: 10, examples: [] },
        'positive-acceptance': { cases: 10, violations: 2, examples: [] },
      },
      deviations: [
        {
          check: 'status-code',
          key: 'undocumented status 201',
          cases: 10,
          status: 'known',
          reason: entry201.reason,
          entryMethod: '*',
        },
        { check: 'positive-acceptance', key: 'valid request answered HTTP 422', cases: 2, status: 'new' },
      ],
    }),
  );
  const summary = build(builder, [entry201]);
  const link = '?testId=t1&anchor=attachment-2';
  const html = gridHtml(summary, new Map([[cellKey('check', 'status-code', 'bank'), link]]));
  expect(html).toContain(
    `<td class="cg-known" title="status-code × bank: 10 cases, 0 violations, 10 known deviations"><a href="#${link.replace(/&/g, '&amp;')}">~10/10</a></td>`,
  );
  expect(html).toContain('<td class="cg-bad"');
  expect(html).toContain('~k/n = k known deviations from the baseline file in n cases (amber, passes)');
  expect(html).toContain('NEW positive-acceptance × bank · valid request answered HTTP 422 · 2 cases');
  expect(html).toContain(`status-code × * · undocumented status 201 · 10 cases — ${entry201.reason}`);
});
