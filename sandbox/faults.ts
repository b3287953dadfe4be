/**
 * Every fault the sandbox can inject, in one table. The self-test runs the suite once per fault and
 * expects `intendedCheck` to report it; `trigger` says which inputs make the fault change an answer,
 * so a fault that never fires under realistic traffic shows up as a gap rather than a silent pass.
 */
export interface FaultSpec {
  name: string;
  /** What the sandbox does wrong while the fault is on. */
  description: string;
  /**
   * The id of the check expected to catch it (suite/checks/<id>.ts). A string: the sandbox imports
   * nothing of the suite but suite/model/, so tests/unit/sandbox/faults.spec.ts and the self-test
   * check that it names a registered check.
   */
  intendedCheck: string;
  /** The inputs on which the misbehaviour shows (faults are deterministic, never random). */
  trigger: string;
}

/** Above this length the crash fault treats device_data as "too long" (the page's example is ~3,400). */
export const CRASH_DEVICE_DATA_LENGTH = 5000;
/** Above this length the long-text fault rejects any string value (a 255-character column, as in many APIs). */
export const LONG_TEXT_LENGTH = 255;

export const FAULTS = [
  // response-schema: 200 bodies and error bodies that break the documented shapes
  {
    name: 'schema-bad-status-enum',
    intendedCheck: 'response-schema',
    description: "200 body has status 'pre_successful' (a webhook-only value, not in the endpoint's enum)",
    trigger: 'every created identification',
  },
  {
    name: 'schema-wrong-type',
    intendedCheck: 'response-schema',
    description: '200 body has documents as an object {} instead of an array',
    trigger: 'every created identification',
  },
  {
    name: 'schema-bad-date-time',
    intendedCheck: 'response-schema',
    description: "200 body has authorization_expires_at '2021-09-14 18:18:28' (not RFC 3339)",
    trigger: 'every created identification',
  },
  {
    name: 'schema-missing-status',
    intendedCheck: 'response-schema',
    description: '200 body omits the required status',
    trigger: 'every created identification',
  },
  {
    name: 'schema-completed-at-no-zone',
    intendedCheck: 'response-schema',
    description: "200 body has completed_at '2022-06-09T13:33:28' (a date-time without a time zone is not RFC 3339)",
    trigger: 'every created identification',
  },
  {
    name: 'schema-usually-null-wrong-type',
    intendedCheck: 'response-schema',
    description: '200 body has completed_at 1654781608, a number (Unix seconds) in a field that is usually null',
    trigger: 'every created identification',
  },
  // null is "no value" in every documented field except the three an identification cannot do without
  {
    name: 'schema-null-id',
    intendedCheck: 'response-schema',
    description: '200 body has id: null',
    trigger: 'every created identification',
  },
  {
    name: 'schema-null-status',
    intendedCheck: 'response-schema',
    description: '200 body has status: null',
    trigger: 'every created identification',
  },
  {
    name: 'schema-null-method',
    intendedCheck: 'response-schema',
    description: '200 body has method: null',
    trigger: 'every created identification',
  },
  {
    name: 'schema-error-missing-title',
    intendedCheck: 'response-schema',
    description: 'error items lack title',
    trigger: 'every error answer',
  },
  {
    name: 'error-flat-envelope',
    intendedCheck: 'response-schema',
    description: 'error body is one flat error object, not {"errors": [...]}',
    trigger: 'every error answer',
  },
  // error-precision
  {
    name: 'error-status-mismatch',
    intendedCheck: 'error-precision',
    description: "error item status differs from the HTTP status ('422' on a 400, '400' otherwise)",
    trigger: 'every error answer',
  },
  {
    name: 'error-wrong-source-field',
    intendedCheck: 'error-precision',
    description: 'source.field names a different request field than the one broken',
    trigger: 'every error about one field',
  },
  // (A missing source is no fault: the contract makes `source` optional.)
  {
    name: 'error-status-404-as-400',
    intendedCheck: 'error-precision',
    description: "404 answers carry status '400' in their error items",
    trigger: 'every 404 (unknown person, session or identification)',
  },
  // status-code
  {
    name: 'status-201-created',
    intendedCheck: 'status-code',
    description: 'a created identification is answered 201 instead of 200',
    trigger: 'every created identification',
  },
  {
    name: 'status-422-validation',
    intendedCheck: 'status-code',
    description: 'field validation errors are answered 422 (status "422" in the body) instead of 400',
    trigger: 'every request rejected by field validation',
  },
  // content-type
  {
    name: 'content-type-text-success',
    intendedCheck: 'content-type',
    description: 'a created identification is labelled text/plain',
    trigger: 'every created identification',
  },
  {
    name: 'content-type-html-errors',
    intendedCheck: 'content-type',
    description: 'error answers are labelled text/html',
    trigger: 'every error answer',
  },
  // negative-rejection: invalid input accepted, one rule family each
  {
    name: 'accept-bad-enum',
    intendedCheck: 'negative-rejection',
    description:
      'method, language and proof_of_address_type are not checked against their enums (unknown method handled like manual)',
    trigger: 'any enum field outside its enum, case variants included',
  },
  {
    name: 'accept-bad-iban',
    intendedCheck: 'negative-rejection',
    description: 'a non-empty iban is not checked (checksum, country, length, characters)',
    trigger: 'any non-empty iban that is not a valid IBAN',
  },
  {
    name: 'accept-padded-trimmed',
    intendedCheck: 'negative-rejection',
    description: 'values with leading or trailing whitespace are trimmed and accepted',
    trigger: 'any documented string field matching /^\\s|\\s$/',
  },
  {
    name: 'accept-invalid-date',
    intendedCheck: 'negative-rejection',
    description: 'proof_of_address_issued_at is not checked (impossible dates and other formats accepted)',
    trigger: 'any proof_of_address_issued_at that is not a real YYYY-MM-DD date',
  },
  {
    name: 'accept-foreign-iban-bankident',
    intendedCheck: 'negative-rejection',
    description: 'bank (Bankident) accepts a valid non-German IBAN',
    trigger: 'method bank with a valid IBAN whose country is not DE',
  },
  {
    name: 'accept-missing-iban',
    intendedCheck: 'negative-rejection',
    description: 'bank and bank_id are accepted without an iban',
    trigger: "bank / bank_id with iban absent, null or ''",
  },
  {
    name: 'accept-wrong-types',
    intendedCheck: 'negative-rejection',
    description:
      'non-string values of documented fields are accepted and echoed as sent (a non-string method is handled like manual)',
    trigger: 'any documented field with a non-null, non-string value',
  },
  // positive-acceptance: valid input rejected
  {
    name: 'reject-unknown-fields',
    intendedCheck: 'positive-acceptance',
    description: 'unknown fields are rejected with 400 instead of ignored',
    trigger: 'any top-level field outside the 7 documented ones',
  },
  {
    name: 'reject-nulls',
    intendedCheck: 'positive-acceptance',
    description: 'null values are rejected with 400 instead of ignored',
    trigger: 'any top-level null value',
  },
  {
    name: 'reject-long-text',
    intendedCheck: 'positive-acceptance',
    description: `strings longer than ${LONG_TEXT_LENGTH} characters are rejected with 400`,
    trigger: `any documented string field longer than ${LONG_TEXT_LENGTH} characters (e.g. realistic device_data)`,
  },
  {
    name: 'reject-charset-json',
    intendedCheck: 'positive-acceptance',
    description:
      'a valid request sent with Content-Type application/json; charset=utf-8 (any media-type parameter) is rejected with 400',
    trigger: 'a request that passes every rule, sent with a Content-Type that has parameters',
  },
  {
    name: 'reject-non-ascii',
    intendedCheck: 'positive-acceptance',
    description: 'non-ASCII text is rejected with 400',
    trigger: 'any non-ASCII character in reference or device_data',
  },
  // not-a-server-error
  {
    name: 'crash-long-device-data',
    intendedCheck: 'not-a-server-error',
    description: `device_data longer than ${CRASH_DEVICE_DATA_LENGTH} characters is answered 500`,
    trigger: `a string device_data longer than ${CRASH_DEVICE_DATA_LENGTH} characters`,
  },
  {
    name: 'crash-emoji',
    intendedCheck: 'not-a-server-error',
    description: 'an emoji (or any character outside the BMP) in a string is answered 500',
    trigger: 'any top-level string with an Extended_Pictographic or astral-plane character',
  },
  // auth
  {
    name: 'auth-no-token-accepted',
    intendedCheck: 'auth',
    description: 'API requests without Authorization are served as if authenticated',
    trigger: 'any /v1 request without an Authorization header',
  },
  {
    name: 'auth-wrong-error-code',
    intendedCheck: 'auth',
    description: "401 answers carry the code 'unauthorized' instead of token_required / invalid_token",
    trigger: 'any /v1 request without a valid bearer token',
  },
  {
    name: 'auth-any-bearer',
    intendedCheck: 'auth',
    description: 'any Authorization value is accepted, malformed and unknown tokens included',
    trigger: 'any /v1 request whose Authorization is not a valid issued bearer token',
  },
  // semantic-consistency
  {
    name: 'echo-wrong-method',
    intendedCheck: 'semantic-consistency',
    description: 'the 200 body names a different method than the one requested',
    trigger: 'every created identification',
  },
  {
    name: 'echo-wrong-person-id',
    intendedCheck: 'semantic-consistency',
    description: "the 200 body carries a fresh person_id instead of the path's",
    trigger: 'every created identification',
  },
  {
    name: 'echo-wrong-iban',
    intendedCheck: 'semantic-consistency',
    description: 'the 200 body echoes a different (valid) IBAN than the one sent',
    trigger: 'every bank / bank_id identification with an iban',
  },
  {
    name: 'id-reuse',
    intendedCheck: 'semantic-consistency',
    description: 'every 2nd identification gets the id of the one created before it',
    trigger: 'the 2nd, 4th, 6th … identification created',
  },
  {
    name: 'idnow-fields-on-other-method',
    intendedCheck: 'semantic-consistency',
    description: 'url and idnow_process_type (and language when sent) appear on non-IDnow identifications',
    trigger: 'every non-idnow identification',
  },
  {
    name: 'fourthline-field-on-other-method',
    intendedCheck: 'semantic-consistency',
    description: 'provider_status_code appears on non-Fourthline identifications',
    trigger: 'every non-fourthline identification',
  },
  // unknown-resources
  {
    name: 'unknown-person-accepted',
    intendedCheck: 'unknown-resources',
    description: 'an unknown person_id is not answered 404; the request goes on with the session',
    trigger: 'an unknown person with an existing session',
  },
  {
    name: 'unknown-session-accepted',
    intendedCheck: 'unknown-resources',
    description: 'an unknown session id is treated as a session for every method',
    trigger: 'an existing person with an unknown session',
  },
  {
    name: 'foreign-session-accepted',
    intendedCheck: 'unknown-resources',
    description: "a session of another person is used as if it were the path person's",
    trigger: 'an existing person with a session that belongs to another person',
  },
  // malformed-requests
  {
    name: 'malformed-json-accepted',
    intendedCheck: 'malformed-requests',
    description: 'an unparseable or empty body is accepted as a manual identification',
    trigger: 'any body that is not valid JSON (empty included)',
  },
  {
    name: 'malformed-json-wrong-code',
    intendedCheck: 'malformed-requests',
    description: "an unparseable or empty body gets 400 with code 'validation_error' instead of invalid_json",
    trigger: 'any body that is not valid JSON (empty included)',
  },
  {
    name: 'malformed-json-500',
    intendedCheck: 'malformed-requests',
    description: 'an unparseable or empty body is answered 500',
    trigger: 'any body that is not valid JSON (empty included)',
  },
  {
    name: 'content-type-ignored',
    intendedCheck: 'malformed-requests',
    description: 'the Content-Type is not checked; the body is parsed as JSON anyway',
    trigger: 'any Content-Type other than application/json (missing included)',
  },
  {
    name: 'non-object-accepted',
    intendedCheck: 'malformed-requests',
    description: 'a JSON body that is not an object is accepted as a manual identification',
    trigger: 'an array, string, number, boolean or null body',
  },
  // read-after-create
  {
    name: 'read-back-not-found',
    intendedCheck: 'read-after-create',
    description: 'GET of a just-created identification answers 404',
    trigger: 'every GET /v1/persons/{person_id}/identifications/{id}',
  },
  {
    name: 'read-back-different',
    intendedCheck: 'read-after-create',
    description:
      "GET of a just-created identification reports another method ('manual', or 'postident' for a manual one)",
    trigger: 'every GET /v1/persons/{person_id}/identifications/{id} of an existing identification',
  },
] as const satisfies readonly FaultSpec[];

export type FaultName = (typeof FAULTS)[number]['name'];

export const FAULT_NAMES: readonly FaultName[] = FAULTS.map((f) => f.name);

/** A SANDBOX_FAULTS entry that names no fault: starting anyway would silently test nothing. */
export class UnknownFaultError extends Error {
  override name = 'UnknownFaultError';
}

/** Checks configured names against the table; throws naming every unknown one and the valid names. */
export function parseFaultNames(names: readonly string[]): FaultName[] {
  const known: ReadonlySet<string> = new Set(FAULT_NAMES);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new UnknownFaultError(
      `SANDBOX_FAULTS: unknown fault ${unknown.map((n) => JSON.stringify(n)).join(', ')}; known faults: ${FAULT_NAMES.join(', ')}`,
    );
  }
  return [...new Set(names)] as FaultName[];
}

/** SANDBOX_FAULTS=a,b → ['a', 'b'] (blanks and surrounding spaces dropped, so 'a, b' works). */
export function splitFaultList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
