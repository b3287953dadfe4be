/**
 * What `npm run compare` finds: the model the HTML page, the markdown and the JSON are written from
 * (compare.ts builds it; html.ts and markdown.ts only format it).
 */
import type { IdentificationMethod } from '../../generators/case';
import type { LoggedCase } from '../../suite/engine/exchange-log';

export const COMPARISON_FORMAT = 'conformance-comparison/1';

/**
 * How two answers to the same request differ, in the order the page lists them:
 * - acceptance: one target accepted (2xx) what the other rejected;
 * - status-class: both rejected, with a different status class (4xx against 5xx);
 * - error-code: both rejected, with different error codes;
 * - error-field: both rejected, naming different fields (source.field);
 * - violations: the checks found different violations (check and key).
 * Present and null fields, error ids, timestamps and other values the contract leaves open are
 * shown, never compared: two conformant targets may differ there.
 */
export const ASPECTS = ['acceptance', 'status-class', 'error-code', 'error-field', 'violations'] as const;
export type Aspect = (typeof ASPECTS)[number];

export const ASPECT_MEANING: Record<Aspect, string> = {
  acceptance: 'one accepts what the other rejects',
  'status-class': 'different status class',
  'error-code': 'different error code',
  'error-field': 'different error field (source.field)',
  violations: 'different violations',
};

/** One side of a disagreeing case, ready to show. */
export interface Side {
  case: LoggedCase;
  /** One line: status, error codes and fields, or the fields of an accepted body. */
  answer: string;
  /** A curl that sends this very request to this side's target (credentials as shell variables). */
  curl: string;
  /** The suite command that replays the case on this side's target. */
  replay: string;
  /** The request body as sent, whole: from the log, or regenerated from the seed when the log kept only its hash. */
  body: string | null;
}

export interface CaseDifference {
  id: string;
  method: IdentificationMethod;
  family: string;
  /** What was sent: `valid`, `invalid <rule> · <field> · <variant>`, or `probe auth: no-token`. */
  sent: string;
  aspects: Aspect[];
  a: Side;
  b: Side;
}

/** The disagreeing cases of one identification method × rule family. */
export interface Group {
  method: IdentificationMethod;
  family: string;
  /** Cases of the group both runs judged. */
  common: number;
  cases: CaseDifference[];
  /** How many of the group's cases differ in each aspect. */
  aspects: Partial<Record<Aspect, number>>;
}

/** A case only one run judged (a test skipped, a shard missing, a --grep). */
export interface OneSided {
  id: string;
  method: IdentificationMethod;
  family: string;
  sent: string;
  answer: string;
}

export interface RunDescription {
  /** As given on the command line. */
  folder: string;
  /** The exchange logs read (one per shard). */
  files: string[];
  target: string;
  env: string | null;
  seed: number | null;
  runs: number;
  /** e.g. ['1/4', '2/4']; empty for an unsharded run. */
  shards: string[];
  cases: number;
  startedAt: string | null;
}

export interface Comparison {
  format: typeof COMPARISON_FORMAT;
  /** Exit 0, 1, 2. */
  verdict: 'agree' | 'disagree' | 'cannot-compare';
  /** Why the runs cannot be compared (verdict cannot-compare). */
  reasons: string[];
  a: RunDescription;
  b: RunDescription;
  totals: {
    common: number;
    agree: number;
    disagree: number;
    onlyA: number;
    onlyB: number;
    /**
     * Agreeing cases whose answers differ only where the contract leaves the answer open (which fields
     * came null or were left out): seen, and on purpose not counted as disagreements.
     */
    openDifferences: number;
  };
  /** Disagreeing cases, grouped by method × family; groups without disagreement are left out. */
  groups: Group[];
  onlyA: OneSided[];
  onlyB: OneSided[];
  /** When the comparison was made (ISO). */
  comparedAt: string;
}
