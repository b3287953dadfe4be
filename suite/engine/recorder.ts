/**
 * What a test keeps of the cases it judged, shared by properties (property.ts) and probes
 * (probes.ts): created ids, per-check counts, what the target sent beyond the contract, the
 * deviations met, and per check the first case that broke it, new or known (its evidence).
 */
import type { IdentificationMethod } from '../../generators/case';
import type { Baseline } from '../baseline/baseline';
import { judge } from '../checks/registry';
import type { CheckId, Exchange, Violation } from '../checks/types';
import { DeviationJudge } from './deviations';
import { logEntry, type ExchangeLog } from './exchange-log';
import type { DeviationTally } from './deviations';
import { ObservationCollector } from './observations';
import { createdId } from './send';
import { StatsCollector } from './stats';
import { UnjudgedTally } from './unjudged';
import type { UnansweredError } from '../http/client';
import { CASE_HEADER } from '../model/case-header';

export interface Failure {
  index: number;
  path: string;
  exchange: Exchange;
  violations: Violation[];
  shrunk: boolean;
}

/** What a test recorded of its cases: what finishTest (property.ts) reports, beside the test's own facts. */
export interface RecordedResults {
  stats: StatsCollector;
  /** Reported beside the stats, never judged: nothing in finishTest's verdict reads it. */
  observations: ObservationCollector;
  /** Per check, the first case with a new violation of it. */
  firstByCheck: Map<CheckId, Failure>;
  /** Per check, the first case whose violations of it are all known deviations (reported, passing). */
  firstKnownByCheck?: Map<CheckId, Failure>;
  /** Every deviation met, known or new. */
  deviations?: DeviationTally[];
  /** The test's lines of the run's exchange log, written before the verdict. */
  log?: ExchangeLog | null;
  /** Cases the target gave no answer to judge (counted in the stats; the run decides what they mean). */
  unjudged?: UnjudgedTally;
}

export class CaseRecorder {
  readonly stats = new StatsCollector();
  /** Reported beside the stats, never judged. */
  readonly observations = new ObservationCollector();
  readonly ids = new Set<string>();
  readonly deviations: DeviationJudge;
  /** Per check, the earliest case with a new violation of it: the evidence of a failure. */
  readonly firstByCheck = new Map<CheckId, Failure>();
  /** Per check, the earliest case whose violations of it are all known deviations: their evidence. */
  readonly firstKnownByCheck = new Map<CheckId, Failure>();
  /** The earliest case with any new violation: where shrinking starts. */
  first: Failure | null = null;
  /** Cases (and read-backs) the target gave no answer to judge: never violations, but counted and named. */
  readonly unjudged = new UnjudgedTally();

  constructor(
    method: IdentificationMethod,
    baseline: Baseline | null,
    private readonly example: (path: string) => string,
    /** Every recorded case gets its line (suite/engine/exchange-log.ts). */
    readonly log: ExchangeLog | null = null,
  ) {
    this.deviations = new DeviationJudge(baseline, method);
  }

  private remember(exchange: Exchange): { applied: CheckId[]; violations: Violation[] } {
    const judgement = judge(exchange);
    const id = createdId(exchange);
    if (id !== null) this.ids.add(id);
    return judgement;
  }

  /** A case the target gave no answer to judge, after every retry: counted and named, never judged. */
  unanswered(caseId: string, error: UnansweredError): void {
    this.unjudged.add({ case: caseId, part: 'request', reason: error.reason, detail: error.message });
  }

  /** Judges one case of the test and counts it; returns its new violations (the known ones are only reported). */
  record(exchange: Exchange, index: number, path: string): Violation[] {
    if (exchange.readBackUnanswered !== undefined) {
      const { reason, detail } = exchange.readBackUnanswered;
      this.unjudged.add({ case: exchange.request.headers[CASE_HEADER] ?? path, part: 'read-back', reason, detail });
    }
    const { applied, violations } = this.remember(exchange);
    const { known, fresh } = this.deviations.record(violations);
    this.log?.add(
      logEntry(exchange, this.log.place, index, path, [
        ...known.map((violation) => ({ violation, known: true })),
        ...fresh.map((violation) => ({ violation, known: false })),
      ]),
    );
    const freshChecks = new Set(fresh.map((v) => v.check));
    this.stats.record(applied, freshChecks, new Set(known.map((v) => v.check).filter((c) => !freshChecks.has(c))));
    // Observed where cases are counted: shrinking's re-sends are not new responses to report.
    this.observations.observe(exchange);
    const earliest = (map: Map<CheckId, Failure>, failure: Failure, check: CheckId): void => {
      if ((map.get(check)?.index ?? Infinity) > index) map.set(check, failure);
    };
    if (known.length > 0) {
      const failure: Failure = { index, path, exchange, violations: known, shrunk: false };
      for (const v of known) if (!freshChecks.has(v.check)) earliest(this.firstKnownByCheck, failure, v.check);
    }
    if (fresh.length === 0) return fresh;
    const failure: Failure = { index, path, exchange, violations: fresh, shrunk: false };
    for (const v of fresh) {
      earliest(this.firstByCheck, failure, v.check);
      // Cut to length in finishTest, after secrets are scrubbed: a cut could split a secret.
      this.stats.addExample(v.check, {
        summary: `${v.title}: expected ${v.expected}; got ${v.actual}`,
        replay: this.example(path),
      });
    }
    if (this.first === null || this.first.index > index) this.first = failure;
    return fresh;
  }

  /** What finishTest reports. */
  results(): RecordedResults {
    return {
      unjudged: this.unjudged,
      log: this.log,
      stats: this.stats,
      observations: this.observations,
      firstByCheck: this.firstByCheck,
      firstKnownByCheck: this.firstKnownByCheck,
      deviations: this.deviations.list(),
    };
  }

  /** Judges a re-sent case (shrinking) without counting it; returns its new violations. */
  judgeOnly(exchange: Exchange): Violation[] {
    return this.deviations.split(this.remember(exchange).violations).fresh;
  }
}
