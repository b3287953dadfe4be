/**
 * What a check sees and what it returns. A check is a pure function from one exchange to its
 * violations; the engine sends, the checks judge, the reporters format (Schemathesis' split).
 */
import type { IdentificationMethod, RequestCase } from '../../generators/case';

/** Stable ids: the names the HTML report, JUnit, conformance.json and the self-test use. */
export const CHECK_IDS = [
  'positive-acceptance',
  'response-schema',
  'status-code',
  'content-type',
  'negative-rejection',
  'error-precision',
  'not-a-server-error',
  'semantic-consistency',
  'auth',
  'unknown-resources',
  'malformed-requests',
  'read-after-create',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** Why a request was sent: a generated case, or one of the scenario probes. */
export type Probe =
  | { kind: 'generated' }
  | { kind: 'auth'; variant: 'no-token' | 'malformed-token' | 'unknown-token' }
  | { kind: 'unknown-resource'; variant: 'unknown-person' | 'unknown-session' | 'foreign-session' };

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
}

export interface Check {
  id: CheckId;
  /** One sentence for QA: what the check asserts. */
  description: string;
  /** Whether the check has anything to say about this exchange (used for case counts per check). */
  appliesTo(exchange: Exchange): boolean;
  run(exchange: Exchange): Violation[];
}
