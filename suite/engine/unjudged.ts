/**
 * The cases a test could not judge: the target gave no answer the checks may judge after every
 * retry (suite/http/transport-policy.ts). They are never violations; the run counts them, names
 * them, and ends "could not judge" (exit 2) when they are more than a small share of its cases.
 */
import type { UnansweredReason } from '../http/transport-policy';

export interface UnjudgedCase {
  /** The case's id (exchange-log.ts caseId), as its X-Conformance-Case header said it to the target. */
  case: string;
  /** `request`: the case itself went unjudged; `read-back`: its create was judged, the GET after it was not. */
  part: 'request' | 'read-back';
  reason: UnansweredReason;
  /** The last trouble, e.g. "HTTP 429, Retry-After 1" or "socket hang up". */
  detail: string;
}

/** What a test reports of them (stats.ts); a few named, all counted. */
export interface UnjudgedStats {
  count: number;
  byReason: Partial<Record<UnansweredReason, number>>;
  examples: UnjudgedCase[];
}

const EXAMPLES_PER_TEST = 5;

export class UnjudgedTally {
  private readonly stats: UnjudgedStats = { count: 0, byReason: {}, examples: [] };

  add(unjudged: UnjudgedCase): void {
    this.stats.count++;
    this.stats.byReason[unjudged.reason] = (this.stats.byReason[unjudged.reason] ?? 0) + 1;
    if (this.stats.examples.length < EXAMPLES_PER_TEST) this.stats.examples.push(unjudged);
  }

  get count(): number {
    return this.stats.count;
  }

  /** Absent from a test's stats when every case was judged, as in older attachments. */
  finish(): UnjudgedStats | undefined {
    return this.stats.count === 0 ? undefined : this.stats;
  }
}
