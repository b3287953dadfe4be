/**
 * reports/conformance.json: the machine-readable verdict, a typed contract with users' CI
 * (see README "Reading the report"). Built from the tests' stats attachments, so it works the same
 * for a single run and for shard reports merged with `playwright merge-reports`.
 */
import { IDENTIFICATION_METHODS } from '../generators/case';
import { RULE_FAMILIES } from '../generators/catalogue';
import { CHECK_IDS } from '../suite/checks/registry';
import { defaultOf } from '../suite/model/variables';
import type { CheckId } from '../suite/checks/types';
import {
  PRUNE_COMMAND,
  REASON_TO_WRITE,
  staleEntries,
  type Baseline,
  type BaselineEntry,
} from '../suite/baseline/baseline';
import type { DeviationTally } from '../suite/engine/deviations';
import type { Observation } from '../suite/engine/observations';
import type { CellStats, TestStats, ViolationExample } from '../suite/engine/stats';
import { ObservationTally } from './observations';
import type { UnansweredReason } from '../suite/http/transport-policy';
import type { UnjudgedCase } from '../suite/engine/unjudged';

/** `conformant-with-known-deviations`: every violation is listed in the baseline file (exit 0, as conformant). */
export type Verdict = 'conformant' | 'conformant-with-known-deviations' | 'nonconformant' | 'error';

export interface CheckEntry {
  id: CheckId;
  method?: string;
  /** failed: a new violation; passed: none, or only known deviations (see `known`). */
  status: 'passed' | 'failed' | 'skipped';
  cases: number;
  /** Cases with a violation the baseline does not excuse. */
  violations: number;
  /** Cases whose violations of this check are all known deviations. */
  known: number;
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
  totals: {
    cases: number;
    requests: number;
    violations: number;
    known: number;
    tests: number;
    failedTests: number;
    /** Cases (and read-backs) the target gave no answer to judge after every retry: never violations. */
    unjudged: number;
  };
  checks: CheckEntry[];
  /** What could not be judged, why, and the share a run may leave before its verdict is "error". */
  unjudged: UnjudgedSummary;
  /** The known-deviations file this run used (as configured or found), or null. */
  baseline: string | null;
  /** Deviations the baseline lists and this run met: they do not fail it, and stay listed. */
  known: KnownDeviation[];
  /** Deviations the baseline does not list (or whose entry expired): these fail the run. */
  new: NewDeviation[];
  /** Baseline entries this run did not meet: the vendor may have fixed them (prune with `prune`). */
  stale: StaleDeviation[];
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

export interface UnjudgedSummary {
  count: number;
  /** Per cent of the cases sent (judged and unjudged); above `limitPercent` the verdict is "error". */
  percent: number;
  limitPercent: number;
  byReason: Partial<Record<UnansweredReason, number>>;
  /** The first of them, by test, with their case ids (as sent in X-Conformance-Case). */
  examples: Array<UnjudgedCase & { test: string }>;
}

const DEFAULT_MAX_UNJUDGED_PERCENT = defaultOf('CONFORMANCE_MAX_UNJUDGED_PERCENT');
/** Unjudged cases listed by name in conformance.json; all are counted. */
const UNJUDGED_EXAMPLES = 20;

/** A deviation as this run met it: check, method and the key a baseline entry names it by. */
export interface MetDeviation {
  check: CheckId;
  method: string;
  key: string;
  cases: number;
}

export interface KnownDeviation extends MetDeviation {
  reason: string;
  /** The entry's method: the test's, or `*`. */
  entryMethod: string;
  /** The reason is still --update-baseline's placeholder. */
  reasonMissing?: true;
}

export interface NewDeviation extends MetDeviation {
  /** Listed, but the entry's `expires` day has come: it counts as new again. */
  expired?: true;
}

export interface StaleDeviation extends BaselineEntry {
  /** The command that drops it (and every other entry this run did not meet). */
  prune: string;
}

/** One cell of a grid: how many cases were judged there and how many violations they showed. */
export interface GridCell {
  cases: number;
  violations: number;
  /** Cases whose violations are all known deviations (amber in the HTML grid). */
  known?: number;
  /** Owed at least one case and got none: the run proves nothing there, and the verdict is "error". */
  gap?: true;
  /** Family cells only: the checks that found violations among the family's cases. */
  failedChecks?: CheckId[];
  /** Family cells only: the checks that found only known deviations among the family's cases. */
  knownChecks?: CheckId[];
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
  known: number;
  owed: boolean;
}

/** Violations a test found, summed over its checks (a case breaking two checks counts twice). */
const violationsOf = (stats: TestStats): number =>
  Object.values(stats.checks).reduce((sum, cell) => sum + (cell?.violations ?? 0), 0);

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
  known = 0;
  /** check, method, key → the deviation as the tests met it. */
  private readonly deviations = new Map<string, DeviationTally & { method: string }>();
  /** The run's seed as the tests saw it: what a merged report has when its own environment has none. */
  seed: number | null = null;
  private readonly unjudged: UnjudgedSummary = { count: 0, percent: 0, limitPercent: 0, byReason: {}, examples: [] };

  add(stats: TestStats): void {
    this.tests++;
    this.seed ??= stats.seed;
    this.cases += stats.cases;
    this.requests += stats.requests;
    const method = stats.method ?? '';
    this.observed.add(stats);
    this.addFamily(stats, method);
    this.addUnjudged(stats);
    for (const id of stats.expects) this.cell(id, method).owed = true;
    for (const d of stats.deviations ?? []) {
      const key = `${d.check}\u0000${method}\u0000${d.key}`;
      const met = this.deviations.get(key);
      if (met) met.cases += d.cases;
      else this.deviations.set(key, { ...d, method });
    }
    for (const [id, cell] of Object.entries(stats.checks) as Array<[CheckId, CellStats]>) {
      const target = this.cell(id, method);
      target.cases += cell.cases;
      target.violations += cell.violations;
      target.known += cell.known ?? 0;
      this.violations += cell.violations;
      this.known += cell.known ?? 0;
      for (const example of cell.examples) if (target.examples.length < 3) target.examples.push(example);
    }
  }

  private addUnjudged(stats: TestStats): void {
    if (stats.unjudged === undefined) return;
    this.unjudged.count += stats.unjudged.count;
    for (const [reason, n] of Object.entries(stats.unjudged.byReason) as Array<[UnansweredReason, number]>)
      this.unjudged.byReason[reason] = (this.unjudged.byReason[reason] ?? 0) + n;
    const test = `${stats.method ?? ''} ${stats.family}`.trim();
    for (const example of stats.unjudged.examples)
      if (this.unjudged.examples.length < UNJUDGED_EXAMPLES) this.unjudged.examples.push({ ...example, test });
  }

  /** The unjudged cases against the limit; over it, the reason the verdict is "error". */
  private unjudgedView(limitPercent: number): { view: UnjudgedSummary; error: string | null } {
    const sent = this.cases + this.unjudged.count;
    const percent = sent === 0 ? 0 : Math.round((1000 * this.unjudged.count) / sent) / 10;
    const view = { ...this.unjudged, percent, limitPercent };
    if (this.unjudged.count === 0 || (100 * this.unjudged.count) / sent <= limitPercent) return { view, error: null };
    const reasons = Object.entries(this.unjudged.byReason)
      .map(([reason, n]) => `${n} ${reason}`)
      .join(', ');
    return {
      view,
      error: `${this.unjudged.count} of ${sent} cases (${percent} %) could not be judged (${reasons}): more than the ${limitPercent} % a run may leave (CONFORMANCE_MAX_UNJUDGED_PERCENT); the target's transport, not its contract, kept them from an answer`,
    };
  }

  private addFamily(stats: TestStats, method: string): void {
    // Batched tests (`valid requests (2/3)`) report the same family: their cells add up.
    let row = this.familyCells.get(stats.family);
    if (!row) this.familyCells.set(stats.family, (row = new Map()));
    const cell: GridCell = row.get(method) ?? { cases: 0, violations: 0, failedChecks: [] };
    cell.knownChecks ??= [];
    cell.cases += stats.cases;
    cell.violations += violationsOf(stats);
    cell.known = (cell.known ?? 0) + Object.values(stats.checks).reduce((sum, c) => sum + (c?.known ?? 0), 0);
    for (const [id, c] of Object.entries(stats.checks) as Array<[CheckId, CellStats]>) {
      if (c.violations > 0 && !cell.failedChecks?.includes(id)) cell.failedChecks?.push(id);
      if ((c.known ?? 0) > 0 && !cell.knownChecks?.includes(id)) cell.knownChecks?.push(id);
    }
    cell.knownChecks = cell.knownChecks?.filter((id) => !cell.failedChecks?.includes(id));
    // Only where a baseline excused something: a run without known deviations reads as before.
    if (!cell.known) delete cell.known;
    if (!cell.knownChecks?.length) delete cell.knownChecks;
    row.set(method, cell);
  }

  grid(checks: readonly CheckEntry[]): CoverageGrid {
    const methods = [...IDENTIFICATION_METHODS, ''].filter(
      (m) => checks.some((c) => (c.method ?? '') === m) || [...this.familyCells.values()].some((row) => row.has(m)),
    );
    const checkRows: CoverageGrid['checks'] = [];
    for (const id of CHECK_IDS) {
      const cells: Record<string, GridCell> = {};
      for (const entry of checks.filter((c) => c.id === id)) {
        cells[entry.method ?? ''] = {
          cases: entry.cases,
          violations: entry.violations,
          ...(entry.known > 0 ? { known: entry.known } : {}),
          ...(entry.gap ? { gap: true as const } : {}),
        };
      }
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
    if (!cell) this.cells.set(key, (cell = { cases: 0, violations: 0, known: 0, examples: [], owed: false }));
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
          known: cell.known,
          ...(gap ? { gap: true as const } : {}),
          examples: cell.examples,
        });
      }
    }
    return out;
  }

  gaps(): string[] {
    return this.entries()
      .filter((e) => e.gap)
      .map((e) => `${e.id}${e.method ? ` × ${e.method}` : ''}`);
  }

  /** The baseline's view of the deviations met: known, new, and the entries not met (stale). */
  private baselineView(baseline: Baseline | null): Pick<ConformanceSummary, 'known' | 'new' | 'stale'> {
    const met = [...this.deviations.values()].sort((a, b) =>
      a.check + a.method + a.key < b.check + b.method + b.key ? -1 : 1,
    );
    // One line per baseline entry: a `*` entry met by six methods is one known deviation, not six.
    const byEntry = new Map<string, KnownDeviation>();
    for (const d of met.filter((x) => x.status === 'known')) {
      const entryMethod = d.entryMethod ?? d.method;
      const id = `${d.check}\u0000${entryMethod}\u0000${d.key}`;
      const seen = byEntry.get(id);
      if (seen) seen.cases += d.cases;
      else {
        byEntry.set(id, {
          check: d.check,
          method: entryMethod,
          key: d.key,
          cases: d.cases,
          reason: d.reason ?? '',
          entryMethod,
          ...(d.reason === REASON_TO_WRITE ? { reasonMissing: true as const } : {}),
        });
      }
    }
    const known = [...byEntry.values()];
    const fresh: NewDeviation[] = met
      .filter((d) => d.status !== 'known')
      .map((d) => ({
        check: d.check,
        method: d.method,
        key: d.key,
        cases: d.cases,
        ...(d.status === 'expired' ? { expired: true as const } : {}),
      }));
    const stale =
      baseline === null ? [] : staleEntries(baseline.entries, met).map((e) => ({ ...e, prune: PRUNE_COMMAND }));
    return { known, new: fresh, stale };
  }

  build(meta: {
    target: string;
    seed: number | null;
    startedAt: Date;
    durationMs: number;
    baseline?: Baseline | null;
    baselineLabel?: string | null;
    /** CONFORMANCE_MAX_UNJUDGED_PERCENT; its default when not given. */
    maxUnjudgedPercent?: number;
  }): ConformanceSummary {
    const checks = this.entries();
    const gaps = this.gaps();
    const unjudged = this.unjudgedView(meta.maxUnjudgedPercent ?? DEFAULT_MAX_UNJUDGED_PERCENT);
    if (unjudged.error !== null && !this.errors.includes(unjudged.error)) this.errors.push(unjudged.error);
    // list() settles whether the run's cap was reached, so it comes first. The verdict below reads
    // checks, gaps and errors only: an observation never changes it.
    const observations = this.observed.list();
    const verdict: Verdict =
      this.errors.length > 0
        ? 'error'
        : this.violations > 0
          ? 'nonconformant'
          : gaps.length > 0 || this.tests === 0
            ? 'error'
            : this.known > 0
              ? 'conformant-with-known-deviations'
              : 'conformant';
    const errors = [...this.errors];
    if (verdict === 'error' && this.tests === 0 && errors.length === 0) errors.push('no conformance test ran');
    if (verdict === 'error' && gaps.length > 0 && this.violations === 0)
      errors.push(`coverage gaps: ${gaps.join(', ')}`);
    return {
      verdict,
      target: meta.target,
      seed: meta.seed,
      startedAt: meta.startedAt.toISOString(),
      durationMs: meta.durationMs,
      totals: {
        cases: this.cases,
        requests: this.requests,
        violations: this.violations,
        known: this.known,
        tests: this.tests,
        failedTests: this.failedTests,
        unjudged: this.unjudged.count,
      },
      checks,
      unjudged: unjudged.view,
      baseline: meta.baselineLabel ?? null,
      ...this.baselineView(meta.baseline ?? null),
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
    if (entry.violations > 0) return `✗${entry.violations}/${entry.cases}`;
    return entry.known > 0 ? `~${entry.known}/${entry.cases}` : `${entry.cases}`;
  };
  const width = Math.max(...ids.map((id) => id.length), 5);
  const colWidth = Math.max(...methods.map((m) => m.length), 9) + 1;
  const header = `${'check'.padEnd(width)} ${methods.map((m) => m.padStart(colWidth)).join('')}`;
  const rows = ids.map(
    (id) => `${id.padEnd(width)} ${methods.map((m) => cellText(id, m).padStart(colWidth)).join('')}`,
  );
  return [header, ...rows].join('\n');
}
