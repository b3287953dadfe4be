/**
 * The test plan: one Playwright test per (method × family), split into batches when a property
 * has more cases than one test should carry (a test's wall time and memory stay bounded, and
 * shards get even work); and which checks each test owes, derived from the checks' declarations
 * (`owedBy` in suite/checks/<id>.ts) and the rules' (`family`, `judgedBy` in generators/invalid/).
 */
import { expectedOutcome } from '../../schemas/rules';
import type fc from 'fast-check';
import {
  invalidCase,
  validCase,
  FAMILY_JUDGES,
  IDENTIFICATION_METHODS,
  RULE_FAMILIES,
  rulesFor,
  type IdentificationMethod,
  type InvalidRule,
  type RequestCase,
  type RuleFamily,
} from '../../generators';
import { CHECKS } from '../checks/registry';
import type { CheckId, OwedBy, ProbeKind, TargetContext } from '../checks/types';

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

/** What kind of test owes checks: valid requests, one invalid family, or a set of probes. */
export type OwingTest =
  /** `accepted`: the test had at least one case the contract says must get 200. */
  | { kind: 'valid'; accepted: boolean }
  | { kind: 'invalid'; family: RuleFamily }
  | { kind: 'probes'; probes: readonly ProbeKind[] };

function owes(owedBy: OwedBy, id: CheckId, test: OwingTest): boolean {
  switch (test.kind) {
    case 'valid':
      return owedBy.valid === 'always' || (owedBy.valid === 'when-accepted' && test.accepted);
    case 'invalid':
      return owedBy.invalid === 'all' || (owedBy.invalid === 'own-families' && FAMILY_JUDGES[test.family] === id);
    case 'probes': {
      const { probes } = owedBy;
      return probes === 'all'
        ? test.probes.length > 0
        : probes !== undefined && test.probes.some((kind) => probes.includes(kind));
    }
  }
}

/** The checks a test must have judged at least one case with (none: a coverage gap), in check order. */
export function owedChecks(test: OwingTest): CheckId[] {
  return [...CHECKS.values()].filter((check) => owes(check.owedBy, check.id, test)).map((check) => check.id);
}

/** What a valid-requests test owes, given the cases it ran and the methods the session was created for. */
export function owedByValidCases(
  cases: readonly RequestCase[],
  sessionMethods: TargetContext['sessionMethods'],
): CheckId[] {
  const accepted = cases.some((c) => c.kind === 'valid' && expectedOutcome(c.body, sessionMethods).expect === 'accept');
  return owedChecks({ kind: 'valid', accepted });
}

export interface FamilyPlan {
  family: RuleFamily;
  rules: InvalidRule[];
  /** The check that judges this family (its rules' `judgedBy`), besides the ones every error answer gets. */
  mainCheck: CheckId;
  /** The checks the family's test owes. */
  owes: CheckId[];
}

/** The check that judges a rule family, as its rules declare it. */
export function judgeOfFamily(family: RuleFamily): CheckId {
  const judge = FAMILY_JUDGES[family];
  if (judge === undefined)
    throw new Error(`no rule family "${family}"; families: ${Object.keys(FAMILY_JUDGES).join(', ')}`);
  return judge;
}

/** The family of a test of valid requests; the invalid ones are named by their rule family. */
export const VALID_FAMILY = 'valid';

/** The arbitrary the tests of the method and family draw their cases from. */
export function arbitraryFor(method: IdentificationMethod, family: string): fc.Arbitrary<RequestCase> {
  if (family === VALID_FAMILY) return validCase(method);
  const plan = familiesFor(method).find((p) => p.family === family);
  if (plan === undefined) throw new Error(`no rule family ${family} for ${method}`);
  return invalidCase(method, plan.rules);
}

export function familiesFor(method: IdentificationMethod): FamilyPlan[] {
  const applicable = new Set(rulesFor(method));
  return Object.entries(RULE_FAMILIES)
    .map(([family, rules]) => ({
      family,
      rules: rules.filter((r) => applicable.has(r)),
      mainCheck: judgeOfFamily(family),
      owes: owedChecks({ kind: 'invalid', family }),
    }))
    .filter((plan) => plan.rules.length > 0);
}

export const METHODS: readonly IdentificationMethod[] = IDENTIFICATION_METHODS;
