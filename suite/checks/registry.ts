/**
 * Every check, registered once. Adding a check: write suite/checks/<id>.ts, add its id to CHECK_IDS,
 * list it here, and add a sandbox fault that it catches (the self-test refuses a check no fault proves).
 */
import { auth } from './auth';
import { contentType } from './content-type';
import { errorPrecision } from './error-precision';
import { malformedRequests } from './malformed-requests';
import { negativeRejection } from './negative-rejection';
import { notAServerError } from './not-a-server-error';
import { positiveAcceptance } from './positive-acceptance';
import { readAfterCreate } from './read-after-create';
import { responseSchema } from './response-schema';
import { semanticConsistency } from './semantic-consistency';
import { statusCode } from './status-code';
import { CHECK_IDS, type Check, type CheckId, type Exchange, type Violation } from './types';
import { unknownResources } from './unknown-resources';

function register(checks: readonly Check[]): ReadonlyMap<CheckId, Check> {
  const byId = new Map<CheckId, Check>();
  for (const check of checks) {
    if (byId.has(check.id)) throw new Error(`checks registry: duplicate check id "${check.id}"`);
    byId.set(check.id, check);
  }
  const missing = CHECK_IDS.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new Error(`checks registry: no implementation for ${missing.join(', ')}`);
  return byId;
}

export const CHECKS: ReadonlyMap<CheckId, Check> = register([
  positiveAcceptance,
  responseSchema,
  statusCode,
  contentType,
  negativeRejection,
  errorPrecision,
  notAServerError,
  semanticConsistency,
  auth,
  unknownResources,
  malformedRequests,
  readAfterCreate,
]);

export function getCheck(id: string): Check {
  const check = CHECKS.get(id as CheckId);
  if (!check) throw new Error(`unknown check "${id}"; known: ${[...CHECKS.keys()].join(', ')}`);
  return check;
}

export interface Judgement {
  /** Checks that had something to say about the exchange. */
  applied: CheckId[];
  violations: Violation[];
}

/** Runs every applicable check on one exchange. */
export function judge(exchange: Exchange): Judgement {
  const applied: CheckId[] = [];
  const violations: Violation[] = [];
  for (const check of CHECKS.values()) {
    if (!check.appliesTo(exchange)) continue;
    applied.push(check.id);
    violations.push(...check.run(exchange));
  }
  return { applied, violations };
}
