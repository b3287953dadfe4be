/**
 * reports/conformance.json: the machine-readable verdict, a typed contract with users' CI
 * (see README "Reading the report"). Built from the tests' stats attachments, so it works the same
 * for a single run and for shard reports merged with `playwright merge-reports`.
 */
import { IDENTIFICATION_METHODS } from '../generators/case';
import { CHECK_IDS, type CheckId } from '../tests/checks/types';
import type { CellStats, TestStats, ViolationExample } from '../tests/engine/stats';

export type Verdict = 'conformant' | 'nonconformant' | 'error';

export interface CheckEntry {
  id: CheckId;
  method?: string;
  status: 'passed' | 'failed' | 'skipped';
  cases: number;
  violations: number;
  /** Set when a test owed this cell at least one case and it got none. */
  gap?: true;
  examples: ViolationExample[];
}

export interface ConformanceSummary {
  verdict: Verdict;
  target: string;
  seed: number | null;
  startedAt: string;
  durationMs: number;
  totals: { cases: number; requests: number; violations: number; tests: number; failedTests: number };
  checks: CheckEntry[];
  /** Why the verdict is "error", when it is. */
  errors: string[];
  gaps: string[];
}

interface Cell extends CellStats {
  owed: boolean;
}

/** Accumulates test stats into method × check cells. */
export class SummaryBuilder {
  private readonly cells = new Map<string, Cell>();
  cases = 0;
  requests = 0;
  tests = 0;
  failedTests = 0;
  readonly errors: string[] = [];
  violations = 0;

  add(stats: TestStats): void {
    this.tests++;
    this.cases += stats.cases;
    this.requests += stats.requests;
    const method = stats.method ?? '';
    for (const id of stats.expects) this.cell(id, method).owed = true;
    for (const [id, cell] of Object.entries(stats.checks) as Array<[CheckId, CellStats]>) {
      const target = this.cell(id, method);
      target.cases += cell.cases;
      target.violations += cell.violations;
      this.violations += cell.violations;
      for (const example of cell.examples) if (target.examples.length < 3) target.examples.push(example);
    }
  }

  private cell(id: CheckId, method: string): Cell {
    const key = `${id}\u0000${method}`;
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { cases: 0, violations: 0, examples: [], owed: false }));
    return cell;
  }

  entries(): CheckEntry[] {
    const methods = [...IDENTIFICATION_METHODS, ''];
    const out: CheckEntry[] = [];
    for (const id of CHECK_IDS) {
      for (const method of methods) {
        const cell = this.cells.get(`${id}\u0000${method}`);
        if (!cell) continue;
        const gap = cell.owed && cell.cases === 0;
        out.push({
          id,
          ...(method ? { method } : {}),
          status: cell.violations > 0 ? 'failed' : cell.cases > 0 ? 'passed' : 'skipped',
          cases: cell.cases,
          violations: cell.violations,
          ...(gap ? { gap: true as const } : {}),
          examples: cell.examples,
        });
      }
    }
    return out;
  }

  gaps(): string[] {
    return this.entries().filter((e) => e.gap).map((e) => `${e.id}${e.method ? ` × ${e.method}` : ''}`);
  }

  build(meta: { target: string; seed: number | null; startedAt: Date; durationMs: number }): ConformanceSummary {
    const checks = this.entries();
    const gaps = this.gaps();
    const verdict: Verdict = this.errors.length > 0 ? 'error' : this.violations > 0 ? 'nonconformant' : gaps.length > 0 || this.tests === 0 ? 'error' : 'conformant';
    const errors = [...this.errors];
    if (verdict === 'error' && this.tests === 0 && errors.length === 0) errors.push('no conformance test ran');
    if (verdict === 'error' && gaps.length > 0 && this.violations === 0) errors.push(`coverage gaps: ${gaps.join(', ')}`);
    return {
      verdict,
      target: meta.target,
      seed: meta.seed,
      startedAt: meta.startedAt.toISOString(),
      durationMs: meta.durationMs,
      totals: { cases: this.cases, requests: this.requests, violations: this.violations, tests: this.tests, failedTests: this.failedTests },
      checks,
      errors,
      gaps,
    };
  }
}

/** The method × check grid as fixed-width text, for the console and the report. */
export function gridText(summary: ConformanceSummary): string {
  const methods = IDENTIFICATION_METHODS.filter((m) => summary.checks.some((c) => c.method === m));
  const ids = CHECK_IDS.filter((id) => summary.checks.some((c) => c.id === id));
  const cellText = (id: CheckId, method: string): string => {
    const entry = summary.checks.find((c) => c.id === id && c.method === method);
    if (!entry) return '·';
    if (entry.gap) return 'GAP';
    return entry.violations > 0 ? `✗${entry.violations}/${entry.cases}` : `${entry.cases}`;
  };
  const width = Math.max(...ids.map((id) => id.length), 5);
  const colWidth = Math.max(...methods.map((m) => m.length), 9) + 1;
  const header = `${'check'.padEnd(width)} ${methods.map((m) => m.padStart(colWidth)).join('')}`;
  const rows = ids.map((id) => `${id.padEnd(width)} ${methods.map((m) => cellText(id, m).padStart(colWidth)).join('')}`);
  return [header, ...rows].join('\n');
}
