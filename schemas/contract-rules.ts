/**
 * Every rule the contract states for this endpoint (requests, responses, errors, transport), each
 * with what breaks it in a run and the check that judges it, or the reason it cannot be tested from
 * outside the API. schemas/CONTRACT-RULES.md is rendered from this list (`npm run rules:table`), and
 * tests/unit/schemas/contract-rules.spec.ts proves the references real: every `brokenBy` names an invalid
 * rule of generators/invalid/, a probe of suite/engine/probes.ts or a fault of sandbox/faults.ts,
 * every `judgedBy` a check of suite/checks/, and every named rule of schemas/rules.ts
 * and every invalid rule appears here. The ids stay string literals because schemas/ imports
 * nothing outside schemas/ (ARCHITECTURE.md).
 *
 * Sources as in schemas/rules.ts: ENDPOINT (the reference page), PID (person identifications page),
 * ERR (errors), RR (requests and responses), AUTH, SESS (identification sessions), OBS (what the
 * real API is seen to send), `inferred` where no page says it and the contract reasons it out.
 */

export const STATEMENT_SOURCES = ['ENDPOINT', 'PID', 'ERR', 'RR', 'AUTH', 'SESS', 'OBS', 'inferred'] as const;
export type StatementSource = (typeof STATEMENT_SOURCES)[number];

export const APPLIES_TO = ['request', 'response', 'error', 'transport'] as const;
export type AppliesTo = (typeof APPLIES_TO)[number];

/**
 * What makes a rule matter in a run:
 * - `valid-cases`: every generated valid request exercises it (acceptance rules, 200 bodies);
 * - `invalid-cases`: every generated invalid request exercises it (error answers);
 * - `invalid:<rule>`: the invalid rule (generators/invalid/<rule>.ts) that breaks it;
 * - `probe:<variant>`: the scenario probe of suite/engine/probes.ts that breaks it;
 * - `fault:<name>`: the sandbox fault of sandbox/faults.ts that breaks it on the server side, which
 *   proves the judging check catches a target that breaks it.
 */
export type Breaker = 'valid-cases' | 'invalid-cases' | `invalid:${string}` | `probe:${string}` | `fault:${string}`;

interface StatementBase {
  /** Kebab-case; the same id as schemas/rules.ts where the rule is one of those. */
  id: string;
  source: readonly [StatementSource, ...StatementSource[]];
  /** The rule in one sentence, in this project's words. */
  statement: string;
  appliesTo: AppliesTo;
}

export interface TestedStatement extends StatementBase {
  brokenBy: readonly [Breaker, ...Breaker[]];
  /** Ids of the checks (suite/checks/<id>.ts) whose verdict covers the rule. */
  judgedBy: readonly [string, ...string[]];
  /** Where the check holds less than the rule says, or holds it under a condition. */
  note?: string;
  untestable?: never;
  notYetTested?: never;
}

export interface UntestableStatement extends StatementBase {
  /** Why no request from outside the API can break or show the rule. */
  untestable: string;
  brokenBy?: never;
  judgedBy?: never;
  notYetTested?: never;
}

export interface NotYetTestedStatement extends StatementBase {
  /** The rule can be tested from outside; what is missing (a generator, a check) to test it. */
  notYetTested: string;
  brokenBy?: never;
  judgedBy?: never;
  untestable?: never;
}

export type ContractStatement = TestedStatement | UntestableStatement | NotYetTestedStatement;

export type Coverage = 'tested' | 'untestable' | 'not-yet-tested';

export const coverageOf = (s: ContractStatement): Coverage =>
  s.brokenBy !== undefined ? 'tested' : s.untestable !== undefined ? 'untestable' : 'not-yet-tested';

const FOUR_XX_FLOOR =
  'The check asks for a 4xx with the error envelope, the floor the suite settles on, not the exact status; status-code still refuses a 4xx the contract does not document (415, 422).';

const STATEMENTS = [
  // ── request ──────────────────────────────────────────────────────────────────────────────────
  {
    id: 'method-required',
    source: ['inferred'],
    statement: 'A request whose `method` is missing or null has nothing to create and is refused with 400.',
    appliesTo: 'request',
    brokenBy: ['invalid:method-required'],
    judgedBy: ['negative-rejection', 'error-precision'],
  },
  {
    id: 'method-enum',
    source: ['ENDPOINT', 'RR'],
    statement:
      '`method` is one of bank, bank_id, fourthline, idnow, manual, postident, matched case-sensitively (IDNOW, Bank are wrong); any other value gets 400.',
    appliesTo: 'request',
    brokenBy: ['invalid:enum', 'fault:accept-bad-enum'],
    judgedBy: ['negative-rejection', 'error-precision'],
  },
  {
    id: 'language-enum',
    source: ['ENDPOINT', 'RR'],
    statement: '`language` is DE or EN in exactly that case; de, FR and the like get 400.',
    appliesTo: 'request',
    brokenBy: ['invalid:enum', 'fault:accept-bad-enum'],
    judgedBy: ['negative-rejection', 'error-precision'],
  },
  {
    id: 'proof-of-address-type-enum',
    source: ['ENDPOINT', 'RR'],
    statement:
      '`proof_of_address_type` is one of the eight document types the page lists, case-sensitively; any other value gets 400.',
    appliesTo: 'request',
    brokenBy: ['invalid:enum', 'fault:accept-bad-enum'],
    judgedBy: ['negative-rejection', 'error-precision'],
  },
  {
    id: 'proof-of-address-issued-at-date',
    source: ['ENDPOINT'],
    statement:
      '`proof_of_address_issued_at` is a date that exists, written YYYY-MM-DD; impossible days, other layouts and date-times get 400.',
    appliesTo: 'request',
    brokenBy: ['invalid:date-format', 'fault:accept-invalid-date'],
    judgedBy: ['negative-rejection', 'error-precision'],
  },
  {
    id: 'iban-required-for-bank-methods',
    source: ['PID'],
    statement:
      'With method bank or bank_id the request has to carry a non-empty `iban`; leaving it out, null or empty gets 400.',
    appliesTo: 'request',
    brokenBy: ['invalid:iban-required', 'fault:accept-missing-iban'],
    judgedBy: ['negative-rejection', 'error-precision'],
  },
  {
    id: 'iban-valid',
    source: ['PID'],
    statement:
      'A non-empty `iban` is an ISO 13616 IBAN in electronic form (known country, right length for it, legal characters, mod-97 check digits); anything else gets 400.',
    appliesTo: 'request',
    brokenBy: ['invalid:iban-format', 'fault:accept-bad-iban'],
    judgedBy: ['negative-rejection', 'error-precision'],
  },
  {
    id: 'bankident-german-iban-only',
    source: ['PID'],
    statement:
      'Bankident (method bank) takes German IBANs only, so a valid IBAN of another country with method bank must not create an identification.',
    appliesTo: 'request',
    brokenBy: ['invalid:iban-country', 'fault:accept-foreign-iban-bankident'],
    judgedBy: ['negative-rejection', 'error-precision'],
  },
  {
    id: 'bankident-allowed-banks',
    source: ['PID'],
    statement: "Bankident accepts IBANs only from the banks on Solaris's allowed list.",
    appliesTo: 'request',
    untestable:
      'The list lives on a guide page outside the contract, so no IBAN is known to be refused or accepted for its bank; positive-acceptance therefore takes 200 or a 4xx with the error envelope for every bank request (expectedOutcome in schemas/rules.ts).',
  },
  {
    id: 'string-fields-typed-string',
    source: ['ENDPOINT'],
    statement: 'Every documented request field is a string; a number, boolean, object or array in its place gets 400.',
    appliesTo: 'request',
    brokenBy: ['invalid:type', 'fault:accept-wrong-types'],
    judgedBy: ['negative-rejection', 'error-precision'],
  },
  {
    id: 'no-surrounding-whitespace',
    source: ['RR'],
    statement: 'A string value that starts or ends with whitespace is refused with 400, not trimmed and accepted.',
    appliesTo: 'request',
    brokenBy: ['invalid:whitespace', 'fault:accept-padded-trimmed'],
    judgedBy: ['negative-rejection', 'error-precision'],
  },
  {
    id: 'unknown-fields-ignored',
    source: ['RR'],
    statement:
      'Fields the contract does not document are ignored: a valid request carrying extra fields is still accepted.',
    appliesTo: 'request',
    brokenBy: ['valid-cases', 'fault:reject-unknown-fields'],
    judgedBy: ['positive-acceptance'],
  },
  {
    id: 'null-ignored',
    source: ['RR'],
    statement:
      'An optional field sent as null counts as not sent, so it never turns a valid request into a refused one.',
    appliesTo: 'request',
    brokenBy: ['valid-cases', 'fault:reject-nulls'],
    judgedBy: ['positive-acceptance'],
  },
  {
    id: 'proof-of-address-optional-at-creation',
    source: ['PID', 'inferred'],
    statement:
      'The two proof-of-address fields may be left out when the identification is created, since the API cannot know yet whether the ID document shows an address.',
    appliesTo: 'request',
    brokenBy: ['valid-cases'],
    judgedBy: ['positive-acceptance'],
  },
  {
    id: 'proof-of-address-required-without-address',
    source: ['PID'],
    statement:
      'The proof-of-address type and issue date become mandatory for a customer whose ID document carries no address.',
    appliesTo: 'request',
    untestable:
      'Whether the document shows an address is known only after the provider has examined it, later than this call, and the create request has no field that says it; at creation the rule can only be proof-of-address-optional-at-creation.',
  },
  {
    id: 'reference-free-text',
    source: ['ENDPOINT'],
    statement:
      '`reference` is free text, so any string without edge whitespace, non-ASCII letters and emoji included, is accepted without a server error.',
    appliesTo: 'request',
    brokenBy: ['valid-cases', 'fault:reject-non-ascii', 'fault:crash-emoji'],
    judgedBy: ['positive-acceptance', 'not-a-server-error'],
  },
  {
    id: 'device-data-realistic-size',
    source: ['ENDPOINT'],
    statement:
      "`device_data` is an opaque fingerprint; values as long as the page's own example (about 4,000 characters) or longer are accepted, never answered with a length error or a crash.",
    appliesTo: 'request',
    brokenBy: ['valid-cases', 'fault:reject-long-text', 'fault:crash-long-device-data'],
    judgedBy: ['positive-acceptance', 'not-a-server-error'],
  },
  {
    id: 'language-with-other-method',
    source: ['ENDPOINT'],
    statement:
      '`language` matters for idnow only; sent with another method it may be ignored (200) or refused with any 4xx that carries the error envelope.',
    appliesTo: 'request',
    brokenBy: ['valid-cases'],
    judgedBy: ['positive-acceptance'],
  },
  {
    id: 'method-offered-by-session',
    source: ['SESS', 'inferred'],
    statement:
      'A method the session was not created for (manual and postident never can be, the session request lacks them) may be accepted or refused with any 4xx that carries the error envelope.',
    appliesTo: 'request',
    brokenBy: ['valid-cases'],
    judgedBy: ['positive-acceptance'],
  },
  {
    id: 'body-json-object',
    source: ['RR', 'inferred'],
    statement:
      'The body is a JSON object; an array, string, number, boolean or null as the whole body gets 400 with the error envelope.',
    appliesTo: 'request',
    brokenBy: ['invalid:not-an-object', 'fault:non-object-accepted'],
    judgedBy: ['malformed-requests', 'status-code'],
    note: FOUR_XX_FLOOR,
  },
  {
    id: 'body-parseable-json',
    source: ['RR', 'ERR'],
    statement:
      'A body that is not parseable JSON (cut short, trailing comma, single quotes, unquoted key, NaN) gets 400 with the error envelope, never a server error.',
    appliesTo: 'request',
    brokenBy: ['invalid:malformed-json', 'fault:malformed-json-accepted', 'fault:malformed-json-500'],
    judgedBy: ['malformed-requests', 'status-code', 'not-a-server-error'],
    note: FOUR_XX_FLOOR,
  },
  {
    id: 'invalid-json-code',
    source: ['ERR'],
    statement: 'The error for a body that does not parse has the code invalid_json.',
    appliesTo: 'request',
    brokenBy: ['invalid:malformed-json', 'invalid:empty-body', 'fault:malformed-json-wrong-code'],
    judgedBy: ['malformed-requests'],
  },
  {
    id: 'body-not-empty',
    source: ['RR', 'inferred'],
    statement: 'An empty body sent as application/json cannot be read and gets 400 with the error envelope.',
    appliesTo: 'request',
    brokenBy: ['invalid:empty-body', 'fault:malformed-json-accepted'],
    judgedBy: ['malformed-requests', 'status-code'],
    note: FOUR_XX_FLOOR,
  },
  {
    id: 'body-content-type-json',
    source: ['RR', 'inferred'],
    statement:
      'The body is sent as application/json; a JSON body labelled text/plain, form-urlencoded, XML or HTML gets 400 (415 is not a documented status) with the error envelope.',
    appliesTo: 'request',
    brokenBy: ['invalid:content-type', 'fault:content-type-ignored'],
    judgedBy: ['malformed-requests', 'status-code'],
    note: FOUR_XX_FLOOR,
  },
  {
    id: 'charset-json-accepted',
    source: ['OBS'],
    statement: 'A body labelled `application/json; charset=utf-8` is JSON like any other and is accepted.',
    appliesTo: 'request',
    brokenBy: ['valid-cases', 'fault:reject-charset-json'],
    judgedBy: ['positive-acceptance'],
    note: 'Valid cases are sent with both application/json and application/json; charset=utf-8 (generators/valid-case.ts VALID_CONTENT_TYPES).',
  },
  {
    id: 'bearer-token-accepted',
    source: ['AUTH'],
    statement: 'A call carrying `Authorization: Bearer` with a token from the client-credentials flow is served.',
    appliesTo: 'request',
    brokenBy: ['valid-cases'],
    judgedBy: ['positive-acceptance'],
  },

  // ── response (200) ───────────────────────────────────────────────────────────────────────────
  {
    id: 'success-is-200',
    source: ['ENDPOINT'],
    statement:
      'A created identification is answered 200; the 201 of other Solaris creates is a deviation for this endpoint.',
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:status-201-created'],
    judgedBy: ['status-code', 'positive-acceptance'],
  },
  {
    id: 'required-id-method-status',
    source: ['inferred', 'OBS'],
    statement: 'Every identification has `id`, `method` and `status`, and none of the three is null.',
    appliesTo: 'response',
    brokenBy: [
      'valid-cases',
      'fault:schema-missing-status',
      'fault:schema-null-id',
      'fault:schema-null-status',
      'fault:schema-null-method',
    ],
    judgedBy: ['response-schema'],
  },
  {
    id: 'other-fields-nullable',
    source: ['OBS'],
    statement:
      'Any documented field other than id, method and status (person_id included) may be null or missing, and a null means the same as a missing field.',
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['response-schema', 'semantic-consistency'],
    note: "An allowance, so nothing for a target to break: the checks must stay silent on it. The reference sandbox leaves person_id out of some answers, so the self-test's clean run proves they do.",
  },
  {
    id: 'documented-types',
    source: ['ENDPOINT'],
    statement:
      "Each documented field that has a value has the page's type: text fields strings, address an object of strings, documents an array, provider_status_code an integer.",
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:schema-wrong-type', 'fault:schema-usually-null-wrong-type'],
    judgedBy: ['response-schema'],
  },
  {
    id: 'status-enum',
    source: ['ENDPOINT'],
    statement:
      "`status` is one of the page's 16 values; the three extra values of the identification webhook (pre_successful among them) are not valid here.",
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:schema-bad-status-enum'],
    judgedBy: ['response-schema'],
  },
  {
    id: 'response-method-enum',
    source: ['ENDPOINT'],
    statement:
      '`method` in the answer is one of the six documented methods; names the vendor uses elsewhere (bank_plus, fourthline_signing, idnow_autoident) are deviations.',
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['response-schema'],
  },
  {
    id: 'date-times-rfc3339',
    source: ['ENDPOINT'],
    statement:
      'completed_at, authorization_expires_at and confirmation_expires_at, when they have a value, are RFC 3339 date-times with a time zone.',
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:schema-bad-date-time', 'fault:schema-completed-at-no-zone'],
    judgedBy: ['response-schema'],
  },
  {
    id: 'response-issued-at-date',
    source: ['ENDPOINT'],
    statement: '`proof_of_address_issued_at` in the answer, when it has a value, is a full YYYY-MM-DD date.',
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['response-schema'],
  },
  {
    id: 'response-request-enums',
    source: ['ENDPOINT'],
    statement:
      '`language` and `proof_of_address_type` in the answer, when they have a value, come from the same lists as in the request.',
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['response-schema'],
  },
  {
    id: 'documents-shape',
    source: ['ENDPOINT'],
    statement:
      "`documents` is a list whose items name a document_type among the page's eight and give their size as a whole, non-negative number of bytes.",
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:schema-wrong-type'],
    judgedBy: ['response-schema'],
  },
  {
    id: 'provider-status-code-enum',
    source: ['ENDPOINT'],
    statement: "`provider_status_code`, when it has a value, is an integer from the page's list (1000 to 3620).",
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['response-schema'],
  },
  {
    id: 'account-verification-error-enum',
    source: ['ENDPOINT'],
    statement:
      '`account_verification_error`, when it has a value, is one of the fifteen Tink session errors the page lists.',
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['response-schema'],
  },
  {
    id: 'url-is-uri',
    source: ['ENDPOINT'],
    statement: '`url`, when it has a value, is an absolute URL to send the customer to.',
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['response-schema'],
  },
  {
    id: 'undocumented-fields-allowed',
    source: ['OBS'],
    statement:
      'The answer may carry fields the page does not list (estimated_waiting_time, next_step and others), and they are never a violation.',
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['response-schema'],
    note: "An allowance, so nothing for a target to break: the schema leaves the object open. The fields seen are listed in the report's observations, never judged.",
  },
  {
    id: 'method-echo',
    source: ['inferred'],
    statement: 'The identification has the method the request asked for.',
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:echo-wrong-method'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'person-id-echo',
    source: ['inferred'],
    statement: '`person_id`, when the answer has one, is the person_id of the request path.',
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:echo-wrong-person-id'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'iban-echo',
    source: ['inferred'],
    statement: '`iban`, when both the request and the answer have one, is the same IBAN.',
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:echo-wrong-iban'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'language-echo',
    source: ['inferred'],
    statement: '`language`, when both the request and the answer have one, is the same value.',
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'proof-of-address-type-echo',
    source: ['inferred'],
    statement: '`proof_of_address_type`, when both the request and the answer have one, is the same value.',
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'proof-of-address-issued-at-echo',
    source: ['inferred'],
    statement: '`proof_of_address_issued_at`, when both the request and the answer have one, is the same date.',
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'url-idnow-only',
    source: ['ENDPOINT'],
    statement: '`url` belongs to IDnow identifications and has no value on other methods.',
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:idnow-fields-on-other-method'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'language-idnow-only',
    source: ['ENDPOINT'],
    statement: '`language` belongs to IDnow identifications and has no value on other methods.',
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:idnow-fields-on-other-method'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'idnow-process-type-idnow-only',
    source: ['ENDPOINT'],
    statement:
      '`idnow_process_type` tells which IDnow process was used, so it has a value on idnow identifications only.',
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:idnow-fields-on-other-method'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'provider-status-code-fourthline-only',
    source: ['ENDPOINT'],
    statement: '`provider_status_code` comes from Fourthline and has a value on fourthline identifications only.',
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:fourthline-field-on-other-method'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'iban-bank-methods-only',
    source: ['PID'],
    statement: 'An IBAN the client did not send appears only on bank and bank_id identifications.',
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'account-verification-error-needs-failure-reason',
    source: ['ENDPOINT'],
    statement:
      "`account_verification_error` has a value only when failure_reason is account_snaphot_failed (the page's spelling) or account_snapshot_expired.",
    appliesTo: 'response',
    brokenBy: ['valid-cases'],
    judgedBy: ['semantic-consistency'],
  },
  {
    id: 'id-new',
    source: ['inferred'],
    statement: 'Every successful POST creates a new identification, whose id was never returned before.',
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:id-reuse'],
    judgedBy: ['semantic-consistency'],
    note: 'Compared with the ids created earlier in the same property run.',
  },
  {
    id: 'read-back',
    source: ['PID'],
    statement:
      'The identification just created can be fetched with GET /v1/persons/{person_id}/identifications/{id}, and it is the same resource (its status may have moved on).',
    appliesTo: 'response',
    brokenBy: ['valid-cases', 'fault:read-back-not-found', 'fault:read-back-different'],
    judgedBy: ['read-after-create'],
    note: 'A sample of the identifications created in each run is read back.',
  },

  // ── errors ───────────────────────────────────────────────────────────────────────────────────
  {
    id: 'error-envelope',
    source: ['ERR'],
    statement:
      'An error body is an object whose `errors` list holds one or more items, each with id, status, code, title and detail; one bare error object is not the format.',
    appliesTo: 'error',
    brokenBy: ['invalid-cases', 'fault:error-flat-envelope', 'fault:schema-error-missing-title'],
    judgedBy: ['response-schema', 'negative-rejection', 'malformed-requests'],
  },
  {
    id: 'error-status-matches-http',
    source: ['ERR'],
    statement: 'The status inside each error item is the HTTP status of the answer.',
    appliesTo: 'error',
    brokenBy: ['invalid-cases', 'probe:unknown-person', 'fault:error-status-mismatch', 'fault:error-status-404-as-400'],
    judgedBy: ['error-precision'],
  },
  {
    id: 'error-status-integer-or-digits',
    source: ['ERR', 'ENDPOINT'],
    statement: 'An error item\'s status may be an integer (400) or a string of digits ("400"); both forms are right.',
    appliesTo: 'error',
    brokenBy: ['invalid-cases'],
    judgedBy: ['response-schema'],
    note: "An allowance: the reference sandbox sends both forms, so the self-test's clean run proves the checks accept them.",
  },
  {
    id: 'error-id-any-shape',
    source: ['ERR', 'ENDPOINT'],
    statement:
      "An error item's id is a UUID on some pages and hex on others, so only its being a string is held against it.",
    appliesTo: 'error',
    brokenBy: ['invalid-cases'],
    judgedBy: ['response-schema'],
    note: "An allowance: the checks must stay silent on either shape; the reference sandbox sends both, so the self-test's clean run proves they do.",
  },
  {
    id: 'error-extra-keys-allowed',
    source: ['OBS'],
    statement:
      'An error body may carry top-level keys besides `errors` (the sandbox adds a backtrace) without being wrong.',
    appliesTo: 'error',
    brokenBy: ['invalid-cases'],
    judgedBy: ['response-schema'],
    note: 'An allowance: the schema leaves the envelope open.',
  },
  {
    id: 'source-field-names-broken-field',
    source: ['ERR'],
    statement: '`source` is optional, but where an error gives source.field it names the request field that was wrong.',
    appliesTo: 'error',
    brokenBy: ['invalid-cases', 'fault:error-wrong-source-field'],
    judgedBy: ['error-precision'],
    note: 'Judged on 400 answers to invalid cases that break one field.',
  },
  {
    id: 'validation-is-400',
    source: ['ENDPOINT', 'ERR'],
    statement: 'A field that fails validation (type, enum, date, IBAN, missing iban) is answered 400, not 422.',
    appliesTo: 'error',
    brokenBy: ['invalid-cases', 'fault:status-422-validation'],
    judgedBy: ['negative-rejection', 'status-code'],
  },
  {
    id: 'documented-statuses-only',
    source: ['ENDPOINT', 'ERR', 'AUTH'],
    statement:
      'The endpoint answers only 200, 400, 401, 403, 404, 409 or 500; statuses seen on neighbouring APIs (412 identification_attempts_exceeded, 422 already identified) are deviations to report.',
    appliesTo: 'error',
    brokenBy: ['valid-cases', 'invalid-cases', 'fault:status-422-validation', 'fault:status-201-created'],
    judgedBy: ['status-code'],
  },
  {
    id: 'no-token-401',
    source: ['AUTH', 'ERR'],
    statement: 'A call without an Authorization header is answered 401 with the error envelope.',
    appliesTo: 'error',
    brokenBy: ['probe:no-token', 'fault:auth-no-token-accepted'],
    judgedBy: ['auth'],
  },
  {
    id: 'invalid-token-401',
    source: ['AUTH', 'ERR'],
    statement: 'A call whose bearer token is malformed or was never issued is answered 401 with the error envelope.',
    appliesTo: 'error',
    brokenBy: ['probe:malformed-token', 'probe:unknown-token', 'fault:auth-any-bearer'],
    judgedBy: ['auth'],
  },
  {
    id: 'auth-error-codes',
    source: ['ERR'],
    statement:
      'A missing token is reported with the code token_required, a malformed, unknown or expired one with invalid_token.',
    appliesTo: 'error',
    brokenBy: ['probe:no-token', 'probe:malformed-token', 'probe:unknown-token', 'fault:auth-wrong-error-code'],
    judgedBy: ['auth'],
  },
  {
    id: 'expired-token-401',
    source: ['AUTH', 'ERR'],
    statement: 'Tokens live one hour (expires_in 3599); a token past that is refused with 401.',
    appliesTo: 'error',
    untestable:
      'An expired token exists only once an issued one has aged an hour: the suite cannot make one, and a run does not wait that long. The answer it must get is the one the unknown-token probe already tests.',
  },
  {
    id: 'forbidden-403',
    source: ['ENDPOINT', 'ERR'],
    statement:
      'An authenticated partner that may not perform the action, or may not touch the person, is answered 403 (unauthorized_action, unauthorized_partner).',
    appliesTo: 'error',
    untestable:
      "Provoking it takes credentials of a partner that lacks a permission, and the suite runs with one partner's credentials; a 403 that does arrive is still held to the envelope and to the documented statuses.",
  },
  {
    id: 'unknown-person-404',
    source: ['ERR'],
    statement: 'A person_id in the path that names no person is answered 404 (model_not_found).',
    appliesTo: 'error',
    brokenBy: ['probe:unknown-person', 'fault:unknown-person-accepted'],
    judgedBy: ['unknown-resources'],
    note: FOUR_XX_FLOOR,
  },
  {
    id: 'unknown-session-404',
    source: ['ERR'],
    statement: 'A session id in the path that names no session is answered 404 (model_not_found).',
    appliesTo: 'error',
    brokenBy: ['probe:unknown-session', 'fault:unknown-session-accepted'],
    judgedBy: ['unknown-resources'],
    note: FOUR_XX_FLOOR,
  },
  {
    id: 'foreign-session-404',
    source: ['ERR'],
    statement:
      "A session that belongs to another person than the one in the path is answered 404 (model_not_found), never used for the path's person.",
    appliesTo: 'error',
    brokenBy: ['probe:foreign-session', 'fault:foreign-session-accepted'],
    judgedBy: ['unknown-resources'],
    note: `${FOUR_XX_FLOOR} The probe needs a second person, which global setup provisions; without one it is skipped.`,
  },
  {
    id: 'record-not-unique-409',
    source: ['ERR'],
    statement: 'A request that would create a record that already exists is answered 409 (record_not_unique).',
    appliesTo: 'error',
    untestable:
      'The contract does not say what makes an identification a duplicate (every successful POST creates a new one), so no request is known to provoke it; a 409 that does arrive is still held to the envelope.',
  },
  {
    id: 'never-500',
    source: ['ERR'],
    statement: 'A 500 is a fault of the server and never an acceptable answer to any request, valid or not.',
    appliesTo: 'error',
    brokenBy: ['valid-cases', 'invalid-cases', 'fault:crash-long-device-data', 'fault:crash-emoji'],
    judgedBy: ['not-a-server-error'],
  },

  // ── transport ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'response-content-type-json',
    source: ['RR', 'OBS'],
    statement: 'Every answer with a body, errors included, is labelled application/json (a charset parameter is fine).',
    appliesTo: 'transport',
    brokenBy: ['valid-cases', 'invalid-cases', 'fault:content-type-text-success', 'fault:content-type-html-errors'],
    judgedBy: ['content-type'],
  },
  {
    id: 'compression-chunking-reconnects',
    source: ['OBS'],
    statement:
      'Answers may come gzip-compressed or chunked without a Content-Length, and the server may close a kept-alive connection between calls; none of that is a deviation.',
    appliesTo: 'transport',
    untestable:
      'It grants the API freedoms instead of imposing duties, so no answer can break it. What it asks of the suite (decode gzip, read chunked bodies, reconnect) is proven against the reference sandbox, which answers that way by default.',
  },
  {
    id: 'no-rate-limit-contract',
    source: ['OBS'],
    statement:
      'No rate-limit header or 429 answer is documented; partners report a limit of about 255 concurrent calls.',
    appliesTo: 'transport',
    untestable:
      'Nothing is documented to hold the API to, and finding the limit would mean overloading a shared sandbox; the suite bounds its own rate and concurrency, and a 429 that arrives is reported by status-code as undocumented.',
  },
  {
    id: 'no-idempotency-key',
    source: ['inferred'],
    statement: 'No idempotency key is documented, so repeating a POST creates another identification.',
    appliesTo: 'transport',
    untestable:
      'There is no idempotency mechanism to exercise; the part an outside client can see, a new id for every creation, is the rule id-new.',
  },
  {
    id: 'token-not-in-url',
    source: ['AUTH'],
    statement: 'A token travels in the Authorization header only, never in a URL.',
    appliesTo: 'transport',
    untestable:
      'A duty of the client, not of the API: the suite keeps it (tokens only in the Authorization header, redacted in evidence), and no answer of the API can show it broken.',
  },
] as const satisfies readonly ContractStatement[];

export type ContractStatementId = (typeof STATEMENTS)[number]['id'];

/** Every rule of the contract, in table order (request, response, error, transport). */
export const CONTRACT_STATEMENTS: readonly ContractStatement[] = STATEMENTS;

/** Where the rendered table lives, relative to the repository root. */
export const CONTRACT_RULES_TABLE_FILE = 'schemas/CONTRACT-RULES.md';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (text: string): string => `\`${text}\``;

function renderBreaker(b: Breaker): string {
  if (b === 'valid-cases') return 'valid cases';
  if (b === 'invalid-cases') return 'invalid cases';
  const at = b.indexOf(':');
  const kind = b.slice(0, at);
  const label = kind === 'invalid' ? 'invalid rule' : kind === 'probe' ? 'probe' : 'fault';
  return `${label} ${code(b.slice(at + 1))}`;
}

function row(s: ContractStatement): string {
  const rule = `${code(s.id)}: ${s.statement}`;
  const source = s.source.join(', ');
  const [broken, judged, last] =
    s.brokenBy !== undefined
      ? [s.brokenBy.map(renderBreaker).join('; '), s.judgedBy.map(code).join(', '), s.note ?? '']
      : s.untestable !== undefined
        ? ['—', '—', `**untestable**: ${s.untestable}`]
        : ['—', '—', `**not yet tested**: ${s.notYetTested}`];
  return `| ${[rule, source, s.appliesTo, broken, judged, last].map(cell).join(' | ')} |`;
}

/** The markdown of schemas/CONTRACT-RULES.md, generated from CONTRACT_STATEMENTS. */
export function renderContractRulesTable(statements: readonly ContractStatement[] = CONTRACT_STATEMENTS): string {
  const count = (c: Coverage): number => statements.filter((s) => coverageOf(s) === c).length;
  const lines = [
    '# Contract rules and what tests them',
    '',
    '<!-- Generated from schemas/contract-rules.ts by `npm run rules:table`; do not edit by hand. tests/unit/schemas/contract-rules.spec.ts fails when this file and the code differ. -->',
    '',
    "Each row is one rule the contract states for this endpoint, in this project's words, with the pages it comes from " +
      '(ENDPOINT the reference page, PID person identifications, ERR errors, RR requests and responses, AUTH, SESS ' +
      'identification sessions, OBS what the real API is seen to send, `inferred` where no page says it and the contract ' +
      'reasons it out) and whether it binds the request, the 200 answer, error answers or the transport. **Broken by** says ' +
      'what makes the rule matter in a run: an invalid rule of `generators/invalid/` whose cases break it, a scenario probe of ' +
      '`suite/engine/probes.ts`, "valid cases" or "invalid cases" where every generated request of that kind exercises it, and ' +
      'the sandbox fault of `sandbox/faults.ts` that breaks it on the server side, which the self-test uses to prove the ' +
      'check catches it. **Judged by** names the checks of `suite/checks/` whose verdict covers the rule (the ids in the ' +
      'report). A row without either says why the rule cannot be tested from outside the API (**untestable**) or what is ' +
      'still missing to test it (**not yet tested**); a note says where a check holds less than the rule.',
    '',
    `${statements.length} rules: ${count('tested')} tested, ${count('untestable')} untestable from outside the API, ${count('not-yet-tested')} not yet tested.`,
    '',
    '| rule | source | applies to | broken by | judged by | why untestable / note |',
    '|---|---|---|---|---|---|',
    ...statements.map(row),
  ];
  return `${lines.join('\n')}\n`;
}
