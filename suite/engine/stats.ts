/**
 * What one conformance test reports about itself, as a JSON attachment the conformance reporter
 * reads (also from merged shard reports). Counts only: evidence is attached separately, per failure.
 */
import type { IdentificationMethod } from '../../generators/case';
import type { CheckId } from '../checks/types';
import type { DeviationTally } from './deviations';
import type { Observation } from './observations';
import type { UnjudgedStats } from './unjudged';
import type { STATS_VERSION, VerdictKind } from './protocol';

export interface ViolationExample {
  summary: string;
  replay: string;
}

export interface CellStats {
  cases: number;
  /** Cases with a new violation of the check (not excused by the baseline). */
  violations: number;
  /** Cases whose violations of the check are all known deviations (absent in older attachments: none). */
  known?: number;
  examples: ViolationExample[];
}

export interface TestStats {
  version: typeof STATS_VERSION;
  method: IdentificationMethod | null;
  family: string;
  seed: number;
  propertySeed: number;
  cases: number;
  requests: number;
  durationMs: number;
  /** Checks this test must have judged at least one case for; zero cases there is a coverage gap. */
  expects: CheckId[];
  checks: Partial<Record<CheckId, CellStats>>;
  /** Undocumented response fields this test saw (suite/engine/observations.ts); never part of a verdict. Absent in older attachments. */
  observations?: Observation[];
  /** The test saw more distinct undocumented fields than it lists (MAX_FIELDS_PER_TEST). */
  observationsCapped?: true;
  /** Every deviation the test met, known or new (suite/engine/deviations.ts); absent: none, or an older attachment. */
  deviations?: DeviationTally[];
  /** Cases the target gave no answer to judge after every retry (never violations); absent: none. */
  unjudged?: UnjudgedStats;
  /** How the test ended (protocol.ts); absent in older attachments. */
  verdict?: VerdictKind;
}

export const MAX_EXAMPLES_PER_CELL = 3;

export class StatsCollector {
  readonly checks: Partial<Record<CheckId, CellStats>> = {};
  cases = 0;

  cell(id: CheckId): CellStats {
    return (this.checks[id] ??= { cases: 0, violations: 0, examples: [] });
  }

  /** One judged case: the checks that applied, those it broke anew, those it broke only in known ways. */
  record(applied: readonly CheckId[], violated: ReadonlySet<CheckId>, known: ReadonlySet<CheckId> = new Set()): void {
    this.cases++;
    for (const id of applied) {
      const cell = this.cell(id);
      cell.cases++;
      if (violated.has(id)) cell.violations++;
      else if (known.has(id)) cell.known = (cell.known ?? 0) + 1;
    }
  }

  addExample(id: CheckId, example: ViolationExample): void {
    const cell = this.cell(id);
    if (cell.examples.length < MAX_EXAMPLES_PER_CELL) cell.examples.push(example);
  }

  gaps(expects: readonly CheckId[]): CheckId[] {
    return expects.filter((id) => (this.checks[id]?.cases ?? 0) === 0);
  }

  violatedChecks(): CheckId[] {
    return (Object.keys(this.checks) as CheckId[]).filter((id) => (this.checks[id]?.violations ?? 0) > 0);
  }
}
