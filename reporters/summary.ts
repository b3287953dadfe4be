/**
 * reports/conformance.json: the machine-readable verdict, a typed contract with users' CI
 * (see README "Reading the report"). Built from the tests' stats attachments, so it works the same
 * for a single run and for shard reports merged with `playwright merge-reports`.
 */
import { IDENTIFICATION_METHODS } from '../generators/case';
import { RULE_FAMILIES } from '../generators/catalogue';
import { CHECK_IDS } from '../suite/checks/registry';
import type { CheckId } from '../suite/checks/types';
import type { Observation } from '../suite/engine/observations';
import type { CellStats, TestStats, ViolationExample } from '../suite/engine/stats';
import { ObservationTally } from './observations';

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
  /** The coverage grid of the report's first screen, as data (see grid.ts). */
  grid: CoverageGrid;
  /**
   * What the target sent beyond the contract (undocumented response fields), sorted by kind and
   * field. Reported, never judged: the verdict above does not depend on it.
   */
  observations: Observation[];
  /** More undocumented fields were seen than `observations` lists (see reporters/observations.ts). */
  observationsCapped?: true;
}

/** One cell of a grid: how many cases were judged there and how many violations they showed. */
export interface GridCell {
  cases: number;
  violations: number;
  /** Owed at least one case and got none: the run proves nothing there, and the verdict is "error". */
  gap?: true;
  /** Family cells only: the checks that found violations among the family's cases. */
  failedChecks?: CheckId[];
}

/**
 * Methods × checks (the rows of checks[] rearranged) and methods × rule families (one Playwright
 * test per cell: valid requests, each invalid family, the probes). Cells absent from a row did not
 * apply to that method.
 */
export interface CoverageGrid {
  methods: string[];
  checks: Array<{ id: CheckId; cells: Record<string, GridCell> }>;
  families: Array<{ family: string; cells: Record<string, GridCell> }>;
}

interface Cell extends CellStats {
  owed: boolean;
}

/** Violations a test found, summed over its checks (a case breaking two checks counts twice). */
const violationsOf = (stats: TestStats): number => Object.values(stats.checks).reduce((sum, cell) => sum + (cell?.violations ?? 0), 0);

/** Accumulates test stats into method × check cells. */
export class SummaryBuilder {
  private readonly cells = new Map<string, Cell>();
  /** family → method → cell, in the order tests reported (sorted when built). */
  private readonly familyCells = new Map<string, Map<string, GridCell>>();
  private readonly observed = new ObservationTally();
  cases = 0;
  requests = 0;
  tests = 0;
  failedTests = 0;
  readonly errors: string[] = [];
  violations = 0;
  /** The run's seed as the tests saw it: what a merged report has when its own environment has none. */
  seed: number | null = null;

  add(stats: TestStats): void {
    this.tests++;
    this.seed ??= stats.seed;
    this.cases += stats.cases;
    this.requests += stats.requests;
    const method = stats.method ?? '';
    this.observed.add(stats);
    this.addFamily(stats, method);
    for (const id of stats.expects) this.cell(id, method).owed = true;
    for (const [id, cell] of Object.entries(stats.checks) as Array<[CheckId, CellStats]>) {
      const target = this.cell(id, method);
      target.cases += cell.cases;
      target.violations += cell.violations;
      this.violations += cell.violations;
      for (const example of cell.examples) if (target.examples.length < 3) target.examples.push(example);
    }
  }

  private addFamily(stats: TestStats, method: string): void {
    // Batched tests (`valid requests (2/3)`) report the same family: their cells add up.
    let row = this.familyCells.get(stats.family);
    if (!row) this.familyCells.set(stats.family, (row = new Map()));
    const cell = row.get(method) ?? { cases: 0, violations: 0, failedChecks: [] };
    cell.cases += stats.cases;
    cell.violations += violationsOf(stats);
    for (const [id, c] of Object.entries(stats.checks) as Array<[CheckId, CellStats]>) {
      if (c.violations > 0 && !cell.failedChecks?.includes(id)) cell.failedChecks?.push(id);
    }
    row.set(method, cell);
  }

  grid(checks: readonly CheckEntry[]): CoverageGrid {
    const methods = [...IDENTIFICATION_METHODS, ''].filter((m) => checks.some((c) => (c.method ?? '') === m) || [...this.familyCells.values()].some((row) => row.has(m)));
    const checkRows: CoverageGrid['checks'] = [];
    for (const id of CHECK_IDS) {
      const cells: Record<string, GridCell> = {};
      for (const entry of checks.filter((c) => c.id === id)) cells[entry.method ?? ''] = { cases: entry.cases, violations: entry.violations, ...(entry.gap ? { gap: true as const } : {}) };
      if (Object.keys(cells).length > 0) checkRows.push({ id, cells });
    }
    const families = [...this.familyCells.entries()]
      .sort(([a], [b]) => familyOrder(a) - familyOrder(b) || a.localeCompare(b))
      .map(([family, row]) => ({ family, cells: Object.fromEntries(row) }));
    return { methods, checks: checkRows, families };
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
    // list() settles whether the run's cap was reached, so it comes first. The verdict below reads
    // checks, gaps and errors only: an observation never changes it.
    const observations = this.observed.list();
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
      grid: this.grid(checks),
      observations,
      ...(this.observed.capped ? { observationsCapped: true as const } : {}),
    };
  }
}

/** Valid requests first, then the invalid families, then the probes: the order of the test file. */
const FAMILY_ORDER: readonly string[] = ['valid', ...Object.keys(RULE_FAMILIES), 'auth', 'unknown-resources'];
function familyOrder(family: string): number {
  const index = FAMILY_ORDER.indexOf(family);
  return index === -1 ? FAMILY_ORDER.length : index;
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
