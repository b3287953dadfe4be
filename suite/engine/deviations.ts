/**
 * Splits each case's violations into known deviations (listed in the baseline, not expired) and
 * new ones, and counts every deviation a test met: the verdict reads the new ones only, the report
 * lists both (suite/baseline/baseline.ts says what an entry is).
 */
import { findEntry, isExpired, today, type Baseline } from '../baseline/baseline';
import type { CheckId, Violation } from '../checks/types';

/** One deviation as one test met it, for the stats attachment and conformance.json's known/new lists. */
export interface DeviationTally {
  check: CheckId;
  key: string;
  cases: number;
  /** known: listed and in force; new: not listed; expired: listed, but its `expires` day has come (counts as new). */
  status: 'known' | 'new' | 'expired';
  /** The entry's reason, for known and expired ones. */
  reason?: string;
  /** The entry's method (`*` or the test's), for known and expired ones. */
  entryMethod?: string;
}

export class DeviationJudge {
  private readonly tally = new Map<string, DeviationTally>();

  constructor(
    private readonly baseline: Baseline | null,
    private readonly method: string,
    private readonly day = today(),
  ) {}

  private classify(v: Violation): Omit<DeviationTally, 'cases'> {
    const entry =
      this.baseline === null
        ? undefined
        : findEntry(this.baseline.entries, { check: v.check, method: this.method, key: v.key });
    if (entry === undefined) return { check: v.check, key: v.key, status: 'new' };
    return {
      check: v.check,
      key: v.key,
      status: isExpired(entry, this.day) ? 'expired' : 'known',
      reason: entry.reason,
      entryMethod: entry.method,
    };
  }

  /** The violations of one case the baseline excuses, and the rest; without counting (shrinking's re-sends). */
  split(violations: readonly Violation[]): { known: Violation[]; fresh: Violation[] } {
    const known: Violation[] = [];
    const fresh: Violation[] = [];
    for (const v of violations) (this.classify(v).status === 'known' ? known : fresh).push(v);
    return { known, fresh };
  }

  /** split, counting each deviation once per case (a case can break one key at two pointers). */
  record(violations: readonly Violation[]): { known: Violation[]; fresh: Violation[] } {
    const seen = new Set<string>();
    const known: Violation[] = [];
    const fresh: Violation[] = [];
    for (const v of violations) {
      const id = `${v.check}\u0000${v.key}`;
      let tally = this.tally.get(id);
      if (!tally) this.tally.set(id, (tally = { ...this.classify(v), cases: 0 }));
      if (!seen.has(id)) tally.cases++;
      seen.add(id);
      (tally.status === 'known' ? known : fresh).push(v);
    }
    return { known, fresh };
  }

  list(): DeviationTally[] {
    return [...this.tally.values()];
  }
}
