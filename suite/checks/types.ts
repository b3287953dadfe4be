/**
 * What a check sees and what it returns. A check is a pure function from one exchange to its
 * findings; the engine sends, the checks judge, the reporters format (Schemathesis' split).
 * Each check declares itself in suite/checks/<id>.ts with defineCheck (define.ts); the registry
 * (registry.ts) finds the files, so no list of check ids is written anywhere else.
 */
import type { UnansweredReason } from '../http/transport-policy';
import type { IdentificationMethod, RequestCase } from '../../generators/case';

/**
 * A check's id: the name the HTML report, JUnit, conformance.json and the self-test use. Declared
 * once, in the check's own file; validated at load (registry.ts), not by the compiler.
 */
export type CheckId = string;

/** Why a request was sent: a generated case, or one of the scenario probes. */
export type Probe =
  | { kind: 'generated' }
  | { kind: 'auth'; variant: 'no-token' | 'malformed-token' | 'unknown-token' }
  | { kind: 'unknown-resource'; variant: 'unknown-person' | 'unknown-session' | 'foreign-session' };

/** The kinds of scenario probe (suite/engine/probes.ts); a probe test sends probes of one kind. */
export type ProbeKind = Exclude<Probe['kind'], 'generated'>;
const PROBE_KIND_SET: Record<ProbeKind, true> = { auth: true, 'unknown-resource': true };
export const PROBE_KINDS = Object.keys(PROBE_KIND_SET) as ProbeKind[];

export interface SentRequest {
  method: 'POST';
  url: string;
  /** Header values as sent, except Authorization, which is always stored redacted. */
  headers: Record<string, string>;
  /** The exact body text sent ('' for none). */
  bodyText: string;
}

export interface ReceivedResponse {
  status: number;
  headers: Record<string, string>;
  bodyText: string;
  /** The parsed body, or undefined when the body is not JSON (see jsonError). */
  json: unknown;
  jsonError?: string;
}

export interface TargetContext {
  personId: string;
  sessionId: string;
  /** The methods the identification session was created for; null when the suite could not read them. */
  sessionMethods: readonly IdentificationMethod[] | null;
}

export interface Exchange {
  case: RequestCase;
  probe: Probe;
  request: SentRequest;
  response: ReceivedResponse;
  target: TargetContext;
  /** Identification ids seen earlier in the same property run (for the "every id is new" rule). */
  earlierIds: ReadonlySet<string>;
  /** GET /v1/persons/{person_id}/identifications/{id} right after a 200, for a sample of creations. */
  readBack?: ReceivedResponse;
  /** The read-back was due but got no answer to judge after every retry (why, and the last trouble). */
  readBackUnanswered?: { reason: UnansweredReason; detail: string };
}

export interface Violation {
  check: CheckId;
  /** One sentence, stable across repeats, for grouping (e.g. "error status differs from HTTP status"). */
  title: string;
  /** What the contract expects and what arrived, for the report. */
  expected: string;
  actual: string;
  /** JSON pointer into the response body, where one applies. */
  path?: string;
  /** The named contract rule from schemas/rules.ts, where the violation comes from one. */
  rule?: string;
  /**
   * What identifies the deviation whatever values were generated: the rule or schema keyword with
   * the field or JSON pointer it concerns, or the HTTP status. A known-deviations entry names it
   * (suite/baseline/). A check sets it where its title carries generated values; otherwise
   * defineCheck derives it (violationKey).
   */
  key: string;
}

/** What a check's run returns: a violation without its check id, which the registered check stamps, and maybe without its key. */
export type Finding = Omit<Violation, 'check' | 'key'> & { key?: string };

/**
 * Which tests must have judged at least one case with the check; a test that owes a check and
 * judged none with it is a coverage gap (the run proves nothing there and its verdict is "error").
 * - `valid`: the valid-request tests, `always`, or only `when-accepted`: when the test had at least
 *   one case the contract says must get 200 (checks that judge 200 answers only);
 * - `invalid`: the invalid-request tests, `all` of them, or `own-families`: the tests of the rule
 *   families whose rules name this check in `judgedBy` (generators/invalid/<rule>.ts);
 * - `probes`: the probe tests, `all` of them or those of the listed probe kinds.
 * A key left out: no test of that kind owes the check.
 */
export interface OwedBy {
  valid?: 'always' | 'when-accepted';
  invalid?: 'all' | 'own-families';
  probes?: 'all' | readonly ProbeKind[];
}

/** What suite/checks/<id>.ts passes to defineCheck: everything about the check, in one place. */
export interface CheckDeclaration {
  /** Kebab-case, the file's name without `.ts`. */
  id: CheckId;
  /** One sentence for QA: what the check asserts (the README's check table, every evidence attachment). */
  meaning: string;
  /** Position among the checks: the report grid's rows, conformance.json, the README table, the order checks judge in. */
  order: number;
  /** Which tests owe the check (see OwedBy). */
  owedBy: OwedBy;
  /**
   * The check judges the read-back (Exchange.readBack): the engine GETs a sample of created
   * identifications, and every one while it shrinks a failure of this check.
   */
  readsBack?: boolean;
  /** Whether the check has anything to say about this exchange (used for case counts per check). */
  appliesTo(exchange: Exchange): boolean;
  run(exchange: Exchange): Finding[];
}

/** A registered check: the declaration, with run's findings stamped with the check's id. */
export interface Check extends Omit<CheckDeclaration, 'run'> {
  run(exchange: Exchange): Violation[];
}
