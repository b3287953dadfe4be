/**
 * The baseline's view of a run, as text: known deviations (listed, passing), new ones (failing),
 * stale entries (listed, not met: prune them). For the console and reports/coverage.md; the HTML
 * block renders the same lists (coverage-grid.ts).
 */
import { UPDATE_COMMAND } from '../suite/baseline/baseline';
import type { ConformanceSummary, KnownDeviation, NewDeviation, StaleDeviation } from './summary';

export const KNOWN_HEADING = 'known deviations (listed in the baseline file; they do not fail the run)';
export const NEW_HEADING = 'new deviations (not in the baseline file; they fail the run)';
export const STALE_HEADING = 'stale baseline entries (not met in this run; the vendor may have fixed them)';

export const knownLine = (d: KnownDeviation): string =>
  `${d.check} × ${d.method} · ${d.key} · ${d.cases} cases — ${d.reasonMissing ? 'no reason written yet' : d.reason}`;
export const newLine = (d: NewDeviation): string =>
  `${d.check} × ${d.method} · ${d.key} · ${d.cases} cases${d.expired ? ' (its baseline entry has expired)' : ''}`;
export const staleLine = (e: StaleDeviation): string => `${e.check} × ${e.method} · ${e.key} (since ${e.since})`;

/** Console lines; '' when the run used no baseline and met nothing a baseline could list. */
export function baselineText(summary: ConformanceSummary): string {
  const lines: string[] = [];
  if (summary.known.length > 0)
    lines.push(`[conformance] ${KNOWN_HEADING}:`, ...summary.known.map((d) => `  ~ ${knownLine(d)}`));
  // New deviations only matter beside a baseline: without one, the grid and the failures say it all.
  if (summary.baseline !== null && summary.new.length > 0) {
    lines.push(`[conformance] ${NEW_HEADING}:`, ...summary.new.map((d) => `  ✗ NEW ${newLine(d)}`));
    lines.push(`  accept them knowingly: ${UPDATE_COMMAND}, then write each reason and commit ${summary.baseline}`);
  }
  if (summary.stale.length > 0) {
    lines.push(
      `[conformance] ${STALE_HEADING}:`,
      ...summary.stale.map((e) => `  - ${staleLine(e)}`),
      `  drop them: ${summary.stale[0]?.prune ?? ''}`,
    );
  }
  if (summary.baseline !== null)
    lines.push(
      `[conformance] baseline ${summary.baseline}: ${summary.known.length} known, ${summary.new.length} new, ${summary.stale.length} stale`,
    );
  return lines.join('\n');
}

/** The same lists for reports/coverage.md. */
export function baselineMarkdown(summary: ConformanceSummary): string[] {
  if (summary.baseline === null && summary.known.length === 0) return [];
  const lines = ['', `## Known deviations (baseline \`${summary.baseline ?? 'none'}\`)`, ''];
  lines.push(`${summary.known.length} known, ${summary.new.length} new, ${summary.stale.length} stale.`, '');
  for (const d of summary.known) lines.push(`- known: ${knownLine(d)}`);
  for (const d of summary.new) lines.push(`- **new**: ${newLine(d)}`);
  for (const e of summary.stale) lines.push(`- stale: ${staleLine(e)} — \`${e.prune}\``);
  return lines;
}
