/**
 * Issue 11, item 4, through the real `npm run conformance`: the embedded sandbox sends what the
 * vendor sends beyond the page (terms_and_conditions_signed_at, estimated_waiting_time,
 * current_reference_token, next_step, fallback_step on identifications; a backtrace beside errors),
 * and the run reports every one of them in conformance.json, the console and the HTML report's
 * block, while the verdict stays conformant and the exit code 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ConformanceSummary } from '../../../reporters/summary';
import { documentedFor } from '../../../suite/engine/observations';
import { runSuite } from './support';

/** What sandbox/identification.ts adds to every identification it answers (POST and read-back alike). */
const IDENTIFICATION_EXTRAS = ['current_reference_token', 'estimated_waiting_time', 'fallback_step', 'next_step', 'terms_and_conditions_signed_at'];

test('undocumented fields are reported in every output and judged nowhere', async () => {
  test.setTimeout(240_000);
  const run = await runSuite({ name: 'report-observations', port: 4530, runs: 10, args: ['--grep', 'idnow (valid requests|invalid requests: enum|auth)$'] });
  expect(run.code, run.console).toBe(0);
  const summary = JSON.parse(fs.readFileSync(path.join(run.reportDir, 'conformance.json'), 'utf8')) as ConformanceSummary;
  expect(summary.verdict).toBe('conformant');
  expect(summary.totals.violations).toBe(0);

  const identification = summary.observations.filter((o) => o.kind === 'undocumented-field');
  expect(identification.map((o) => o.field)).toEqual(IDENTIFICATION_EXTRAS);
  // Every identification answer carries all five, so each was counted on the same responses.
  const counts = new Set(identification.map((o) => o.count));
  expect(counts.size, JSON.stringify(identification)).toBe(1);
  expect([...counts][0]).toBeGreaterThan(0);
  expect(identification.find((o) => o.field === 'current_reference_token')?.example).toBeNull();
  const backtrace = summary.observations.find((o) => o.kind === 'undocumented-error-field' && o.field === 'backtrace');
  expect(backtrace?.count).toBeGreaterThan(0);
  expect(Array.isArray(backtrace?.example) || backtrace?.truncated).toBe(true);
  // No false positives: nothing reported is in the schemas (person_id left out, null documents and the like are documented).
  for (const o of summary.observations) expect(documentedFor(o.kind).fields.has(o.field), `${o.kind} ${o.field}`).toBe(false);
  expect(summary.observations.every((o) => typeof o.example === 'string' ? o.example.length <= 120 : JSON.stringify(o.example).length <= 120)).toBe(true);

  expect(run.console).toContain('observed beyond the contract (reported, never judged)');
  for (const field of [...IDENTIFICATION_EXTRAS, 'backtrace']) expect(run.console).toMatch(new RegExp(`^  (identification|error body) +${field} +×\\d+ +e\\.g\\. `, 'm'));
  expect(run.console).toContain('[conformance] verdict: conformant');

  const html = fs.readFileSync(path.join(run.reportDir, 'html', 'index.html'), 'utf8');
  const block = html.slice(html.indexOf('<section id="conformance-summary">'), html.indexOf('</section>'));
  expect(block).toContain('<caption>Observed beyond the contract (reported, never judged)</caption>');
  for (const field of [...IDENTIFICATION_EXTRAS, 'backtrace']) expect(block).toContain(`<code>${field}</code>`);
  run.cleanup();
});
