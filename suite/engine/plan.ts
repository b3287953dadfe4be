/**
 * The test plan: one Playwright test per (method × family), split into batches when a property
 * has more cases than one test should carry (a test's wall time and memory stay bounded, and
 * shards get even work).
 */
import { IDENTIFICATION_METHODS, RULE_FAMILIES, type IdentificationMethod, type InvalidRule, type RuleFamily } from '../../generators/case';
import { rulesFor } from '../../generators';
import type { CheckId } from '../checks/types';

export const BATCH_SIZE = 500;

export interface Batch {
  /** '' for a single batch, else ' (batch 2 of 4)'. */
  suffix: string;
  runs: number;
}

export function batches(runs: number, size = BATCH_SIZE): Batch[] {
  const count = Math.ceil(runs / size);
  return Array.from({ length: count }, (_, i) => ({
    suffix: count === 1 ? '' : ` (batch ${i + 1} of ${count})`,
    runs: i < count - 1 ? size : runs - size * (count - 1),
  }));
}

export interface FamilyPlan {
  family: RuleFamily;
  rules: InvalidRule[];
  /** The check that owns this family's verdict, besides the ones every error answer gets. */
  mainCheck: CheckId;
}

const MALFORMED: ReadonlySet<RuleFamily> = new Set<RuleFamily>(['malformed', 'body-shape']);

export function familiesFor(method: IdentificationMethod): FamilyPlan[] {
  const applicable = new Set(rulesFor(method));
  return (Object.entries(RULE_FAMILIES) as Array<[RuleFamily, readonly InvalidRule[]]>)
    .map(([family, rules]) => ({ family, rules: rules.filter((r) => applicable.has(r)), mainCheck: (MALFORMED.has(family) ? 'malformed-requests' : 'negative-rejection') as CheckId }))
    .filter((plan) => plan.rules.length > 0);
}

/** Every error answer is judged by these. */
export const ERROR_ANSWER_CHECKS: readonly CheckId[] = ['status-code', 'content-type', 'not-a-server-error', 'response-schema', 'error-precision'];
export const VALID_ANSWER_CHECKS: readonly CheckId[] = ['positive-acceptance', 'status-code', 'content-type', 'not-a-server-error', 'response-schema'];

export const METHODS: readonly IdentificationMethod[] = IDENTIFICATION_METHODS;
