/**
 * reports/conformance.json has a published schema (schemas/conformance-summary.schema.json): what the
 * reporter builds passes it, the interface.md example's fields keep their names, and a summary that
 * breaks the contract users' CI reads is refused. (Every suite run of the unit tests and the self-test
 * validates the file it wrote, too: tests/unit/reporters/support.ts, tests/selftest/run.ts.)
 */
import { expect, test } from '@playwright/test';
import { SummaryBuilder } from '../../../reporters/summary';
import { summaryErrors } from '../../../schemas/summary';
import { STATS_VERSION } from '../../../suite/engine/protocol';

function built(): Record<string, unknown> {
  const builder = new SummaryBuilder();
  builder.add({
    version: STATS_VERSION,
    method: 'idnow',
    family: 'valid',
    seed: 1,
    propertySeed: 2,
    cases: 3,
    requests: 3,
    durationMs: 1,
    expects: ['status-code'],
    checks: {
      'status-code': { cases: 3, violations: 1, examples: [{ summary: 'undocumented status 201', replay: 'x' }] },
    },
    unjudged: {
      count: 1,
      byReason: { 'timed-out': 1 },
      examples: [{ case: 'idnow / valid requests #2', part: 'request', reason: 'timed-out', detail: 'Timeout' }],
    },
    verdict: 'violations',
  });
  return builder.build({
    target: 'http://127.0.0.1:1 (embedded sandbox)',
    seed: 1,
    startedAt: new Date(0),
    durationMs: 5,
  }) as unknown as Record<string, unknown>;
}

test('what the reporter builds is valid, with the interface.md fields', () => {
  const summary = built();
  expect(summaryErrors(summary)).toEqual([]);
  for (const field of [
    'verdict',
    'target',
    'seed',
    'startedAt',
    'durationMs',
    'totals',
    'checks',
    'known',
    'new',
    'stale',
    'observations',
  ])
    expect(summary, field).toHaveProperty(field);
});

test('a summary that breaks the published contract is refused, naming where', () => {
  const summary = built();
  expect(summaryErrors({ ...summary, verdict: 'ok' })).toEqual(['/verdict must be equal to one of the allowed values']);
  expect(summaryErrors({ ...summary, totals: { cases: -1, requests: 0, violations: 0 } })).toEqual([
    '/totals/cases must be >= 0',
  ]);
  const { checks: _checks, ...withoutChecks } = summary;
  expect(summaryErrors(withoutChecks)).toEqual(["(root) must have required property 'checks'"]);
  expect(
    summaryErrors({
      ...summary,
      checks: [{ id: 'status-code', status: 'red', cases: 1, violations: 0, examples: [] }],
    }),
  ).toEqual(['/checks/0/status must be equal to one of the allowed values']);
});
