/**
 * "Observed beyond the contract": the undocumented response fields the tests saw, merged over the
 * run, and their console form (the HTML form is in coverage-grid.ts, with the rest of the block). Reported, never judged: nothing here reaches the verdict,
 * which SummaryBuilder.build decides from checks and gaps alone.
 */
import {
  compareObservations,
  MAX_FIELDS_PER_TEST,
  type Observation,
  type ObservationKind,
} from '../suite/engine/observations';
import type { TestStats } from '../suite/engine/stats';

/**
 * Entries conformance.json keeps. Each test already keeps at most MAX_FIELDS_PER_TEST fields; this bounds a run of
 * many tests whose target echoes random request fields back (each test a different 50).
 */
export const MAX_OBSERVATIONS = 200;

/** Adds up the tests' observations per (kind, field); the example is the first test's, or the first non-null one. */
export class ObservationTally {
  private readonly byField = new Map<string, Observation>();
  /** Some test, or this tally, listed fewer fields than were seen. */
  capped = false;

  add(stats: Pick<TestStats, 'observations' | 'observationsCapped'>): void {
    if (stats.observationsCapped) this.capped = true;
    for (const o of stats.observations ?? []) {
      const key = `${o.kind}\u0000${o.field}`;
      const seen = this.byField.get(key);
      if (seen) {
        seen.count += o.count;
        // As within a test: a value says more than null about what the vendor is starting to send.
        if (seen.example === null && o.example !== null) {
          seen.example = o.example;
          if (o.truncated) seen.truncated = true;
        }
      } else this.byField.set(key, { ...o });
    }
  }

  /** Sorted by kind, then field: stable across runs and shard orders, whatever order tests ended in. */
  list(): Observation[] {
    let all = [...this.byField.values()];
    if (all.length > MAX_OBSERVATIONS) {
      // Keep the fields most responses carried: one-off echoes matter least.
      all = all.sort((a, b) => b.count - a.count || compareObservations(a, b)).slice(0, MAX_OBSERVATIONS);
      this.capped = true;
    }
    return all.sort(compareObservations);
  }
}

export const BODY_LABEL: Record<ObservationKind, string> = {
  'undocumented-field': 'identification',
  'undocumented-error-field': 'error body',
};

/** An example as JSON text; a truncated one already is (cut JSON, carried as a string). */
export const exampleText = (o: Observation): string =>
  o.truncated && typeof o.example === 'string' ? o.example : JSON.stringify(o.example);

export const OBSERVATIONS_HEADING = 'observed beyond the contract (reported, never judged)';
export const CAPPED_NOTE = `more undocumented fields were seen than are listed (a test keeps ${MAX_FIELDS_PER_TEST}, the run ${MAX_OBSERVATIONS})`;

/** The console section printed after the grid; '' when nothing was observed. */
export function observationsText(observations: readonly Observation[], capped = false): string {
  if (observations.length === 0) return '';
  const bodyWidth = Math.max(...observations.map((o) => BODY_LABEL[o.kind].length));
  const fieldWidth = Math.max(...observations.map((o) => o.field.length));
  const countWidth = Math.max(...observations.map((o) => String(o.count).length)) + 1;
  const lines = observations.map(
    (o) =>
      `  ${BODY_LABEL[o.kind].padEnd(bodyWidth)}  ${o.field.padEnd(fieldWidth)}  ${`×${o.count}`.padStart(countWidth)}  e.g. ${exampleText(o)}`,
  );
  return [
    `${OBSERVATIONS_HEADING}: field, responses that carried it, one example`,
    ...lines,
    ...(capped ? [`  (${CAPPED_NOTE})`] : []),
  ].join('\n');
}
