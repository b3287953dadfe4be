/**
 * The contract rules JSON Schema cannot express: relations between the request and the response,
 * fields scoped to one method, and the error status. Each rule is named, paraphrases its source and
 * says which page it comes from; the suite's semantic checks call the check functions below.
 *
 * Pages: ENDPOINT (the reference page), PID (person identifications page: same fields, inline code
 * intact), ERR (errors), RR (requests and responses), AUTH, SESS (identification sessions);
 * `inferred` where no page says it and api-contract.md gives the reasoning.
 */

export interface RuleViolation {
  rule: string;
  /** The response field concerned: `iban`, `errors[0].status`. */
  field: string;
  expected: string;
  actual: string;
  /** JSON pointer of the field in the response body: `/iban`, `/errors/0/status`. */
  path: string;
}

export interface ContractRule {
  id: string;
  source: 'ENDPOINT' | 'PID' | 'ERR' | 'RR' | 'AUTH' | 'SESS' | 'inferred';
  paraphrase: string;
}

export const IDENTIFICATION_RULES = [
  {
    id: 'method-echo',
    source: 'inferred',
    paraphrase:
      'The created identification has the method that was requested (api-contract: consistency with the request).',
  },
  {
    id: 'person-id-echo',
    source: 'inferred',
    paraphrase: 'person_id is the person_id of the request path: the identification is created for that person.',
  },
  { id: 'iban-echo', source: 'inferred', paraphrase: 'iban, when the response has one, is the IBAN that was sent.' },
  {
    id: 'language-echo',
    source: 'inferred',
    paraphrase: 'language, when the response has one, is the language that was sent.',
  },
  {
    id: 'proof-of-address-type-echo',
    source: 'inferred',
    paraphrase: 'proof_of_address_type, when the response has one, is the type that was sent.',
  },
  {
    id: 'proof-of-address-issued-at-echo',
    source: 'inferred',
    paraphrase: 'proof_of_address_issued_at, when the response has one, is the date that was sent.',
  },
  {
    id: 'url-idnow-only',
    source: 'ENDPOINT',
    paraphrase: 'url is "(IDnow only) Redirect URL used to start the identification process".',
  },
  {
    id: 'language-idnow-only',
    source: 'ENDPOINT',
    paraphrase: 'language is "(IDnow only) The customer\'s preferred language".',
  },
  {
    id: 'idnow-process-type-idnow-only',
    source: 'ENDPOINT',
    paraphrase: 'idnow_process_type reflects the IDnow process chosen "when method idnow is selected".',
  },
  {
    id: 'provider-status-code-fourthline-only',
    source: 'ENDPOINT',
    paraphrase: 'provider_status_code is "(Fourthline only) Status code returned by the identification provider".',
  },
  {
    id: 'iban-bank-methods-only',
    source: 'PID',
    paraphrase:
      'iban is the "optional IBAN provided for bank and bank_id identifications" (method names restored from PID); an IBAN the client did not send may only appear on those.',
  },
  {
    id: 'account-verification-error-needs-failure-reason',
    source: 'ENDPOINT',
    paraphrase:
      'account_verification_error "will only be populated when failure_reason is account_snaphot_failed or account_snapshot_expired".',
  },
  {
    id: 'id-new',
    source: 'inferred',
    paraphrase: 'Every created identification has an id not seen before (checked only when earlier ids are given).',
  },
] as const satisfies readonly ContractRule[];

export const ERROR_RULES = [
  {
    id: 'error-status-matches-http',
    source: 'ERR',
    paraphrase:
      'Each error object\'s status (an integer, or a string such as "400") is the HTTP status code of the response.',
  },
] as const satisfies readonly ContractRule[];

/** Every rule, for the README and the report. */
export const CONTRACT_RULES: readonly ContractRule[] = [...IDENTIFICATION_RULES, ...ERROR_RULES];

export type IdentificationRuleId = (typeof IDENTIFICATION_RULES)[number]['id'];
export type ErrorRuleId = (typeof ERROR_RULES)[number]['id'];

/** The page spells the first one `account_snaphot_failed` (sic); that is the value the API sends. */
export const ACCOUNT_VERIFICATION_FAILURE_REASONS: readonly string[] = [
  'account_snaphot_failed',
  'account_snapshot_expired',
];

export interface IdentificationRulesInput {
  sentBody: Record<string, unknown>;
  pathPersonId: string;
  identification: Record<string, unknown>;
  /** Ids of identifications created earlier in the same run; `id-new` is checked only when given. */
  earlierIds?: ReadonlySet<string>;
}

/** RR: null values are ignored, so a sent null counts as not sent; a response null counts as absent. */
const given = (v: unknown): boolean => v !== undefined && v !== null;
const show = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));

export function checkIdentificationRules(input: IdentificationRulesInput): RuleViolation[] {
  const { sentBody, pathPersonId, identification: got, earlierIds } = input;
  const out: RuleViolation[] = [];
  const violate = (rule: IdentificationRuleId, field: string, expected: string, actual: unknown): void => {
    out.push({ rule, field, expected, actual: show(actual), path: `/${field}` });
  };

  if (given(sentBody.method) && given(got.method) && got.method !== sentBody.method) {
    violate('method-echo', 'method', `${show(sentBody.method)} (the requested method)`, got.method);
  }
  // Absent method or person_id is the schema's finding (required), not a second one here.
  if (given(got.person_id) && got.person_id !== pathPersonId)
    violate('person-id-echo', 'person_id', `${show(pathPersonId)} (the path's person_id)`, got.person_id);

  const echoes: [IdentificationRuleId, string][] = [
    ['iban-echo', 'iban'],
    ['language-echo', 'language'],
    ['proof-of-address-type-echo', 'proof_of_address_type'],
    ['proof-of-address-issued-at-echo', 'proof_of_address_issued_at'],
  ];
  for (const [rule, field] of echoes) {
    if (given(sentBody[field]) && given(got[field]) && got[field] !== sentBody[field]) {
      violate(rule, field, `${show(sentBody[field])} (the value sent)`, got[field]);
    }
  }

  // The response's own method decides which method-scoped fields it may carry; the sent one stands in
  // when the response lacks a method (the schema reports that separately).
  const method = typeof got.method === 'string' ? got.method : sentBody.method;
  const only = (rule: IdentificationRuleId, field: string, methods: readonly string[]): void => {
    if (given(got[field]) && !methods.includes(String(method))) {
      violate(
        rule,
        field,
        `absent (only ${methods.join(' or ')} identifications have it; method is ${show(method)})`,
        got[field],
      );
    }
  };
  only('url-idnow-only', 'url', ['idnow']);
  only('language-idnow-only', 'language', ['idnow']);
  only('idnow-process-type-idnow-only', 'idnow_process_type', ['idnow']);
  only('provider-status-code-fourthline-only', 'provider_status_code', ['fourthline']);
  // Echoing an IBAN the client sent with another method is not something the page forbids outright;
  // an IBAN out of nowhere on a non-bank identification is.
  if (!(given(sentBody.iban) && got.iban === sentBody.iban))
    only('iban-bank-methods-only', 'iban', ['bank', 'bank_id']);

  if (
    given(got.account_verification_error) &&
    !ACCOUNT_VERIFICATION_FAILURE_REASONS.includes(String(got.failure_reason))
  ) {
    violate(
      'account-verification-error-needs-failure-reason',
      'account_verification_error',
      `absent unless failure_reason is ${ACCOUNT_VERIFICATION_FAILURE_REASONS.join(' or ')} (failure_reason is ${show(got.failure_reason)})`,
      got.account_verification_error,
    );
  }

  if (earlierIds && typeof got.id === 'string' && earlierIds.has(got.id)) {
    violate('id-new', 'id', 'an id not returned for an earlier identification', got.id);
  }
  return out;
}

/** `error-status-matches-http`. Bodies that are not the envelope, or statuses that are not digits, are the schema's to report. */
export function checkErrorRules(input: { httpStatus: number; body: unknown }): RuleViolation[] {
  const { httpStatus, body } = input;
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { errors?: unknown }).errors)) return [];
  const errors = (body as { errors: unknown[] }).errors;
  const out: RuleViolation[] = [];
  errors.forEach((item, i) => {
    if (typeof item !== 'object' || item === null) return;
    const status = (item as { status?: unknown }).status;
    const value =
      typeof status === 'number' && Number.isInteger(status)
        ? status
        : typeof status === 'string' && /^[0-9]+$/.test(status)
          ? Number(status)
          : undefined;
    if (value !== undefined && value !== httpStatus) {
      out.push({
        rule: 'error-status-matches-http',
        field: `errors[${i}].status`,
        expected: `${httpStatus} (the HTTP status), as an integer or a string of digits`,
        actual: show(status),
        path: `/errors/${i}/status`,
      });
    }
  });
  return out;
}

export type ExpectedOutcome = { expect: 'accept' } | { expect: 'accept-or-reject'; reason: string };

/**
 * What the contract lets the API answer to a schema-valid request: 200, or also any 4xx with a valid
 * error body where the contract does not settle acceptance. Reasons are joined when several apply.
 */
export function expectedOutcome(
  sentBody: Record<string, unknown>,
  sessionMethods: readonly string[] | null,
): ExpectedOutcome {
  const method = sentBody.method;
  if (typeof method !== 'string') {
    throw new Error(`expectedOutcome: expects a schema-valid request, but method is ${show(method)}`);
  }
  const reasons: string[] = [];
  if (method === 'manual' || method === 'postident') {
    reasons.push(
      `method ${method} is not in the session request enum (bank, bank_id, fourthline, idnow), so no session can offer it`,
    );
  } else if (sessionMethods === null) {
    reasons.push("the session's methods are unknown, so the method may be one the session was not created for");
  } else if (!sessionMethods.includes(method)) {
    reasons.push(`a method the session was not created for (session methods: ${sessionMethods.join(', ') || 'none'})`);
  }
  if (given(sentBody.language) && method !== 'idnow')
    reasons.push(`language sent with method ${method}: language is IDnow-only`);
  if (method === 'bank') {
    reasons.push(
      'Bankident accepts German IBANs from allowed banks only, and the allowed-bank list is not part of the contract',
    );
  }
  return reasons.length === 0 ? { expect: 'accept' } : { expect: 'accept-or-reject', reason: reasons.join('; ') };
}
