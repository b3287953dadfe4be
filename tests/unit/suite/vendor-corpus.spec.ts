/**
 * The checks against what the vendor really sends (issue 11, item 3). The corpus in
 * tests/unit/suite/vendor-corpus/ is written from the facts in api-contract.md (source OBS): null-heavy
 * identifications of all six methods, undocumented fields, millisecond timestamps, error bodies with
 * integer or string status, source and backtrace, the token answer.
 *
 * 1. No false alarm: every check stays silent on every corpus body, in the exchange it answers, also
 *    with a read-back whose status moved on, and with null and absent swapped (the contract treats a
 *    null exactly like an absent field).
 * 2. No missed violation: each one-rule mutation of a corpus body fires the check that owns the rule
 *    (and, where the rule is a semantic one, that rule), and no check outside the expected ones.
 * 3. The suite's token parsing accepts the token answer.
 */
import { NULLABLE_FIELDS, UNDOCUMENTED_FIELDS } from '../contract-fields';
import http from 'node:http';
import zlib from 'node:zlib';
import { expect, request, test } from '@playwright/test';
import fc from 'fast-check';
import { judge } from '../../../suite/checks/registry';
import type { CheckId, Exchange, Violation } from '../../../suite/checks/types';
import { validateRequest } from '../../../schemas/validators';
import { fetchToken } from '../../../suite/http/client';
import {
  type ErrorEntry,
  type IdentificationEntry,
  type JsonObject,
  clone,
  errorExchange,
  identificationExchange,
  isObject,
  loadErrors,
  loadIdentifications,
  loadToken,
  rejectionCheckFor,
  vendorResponse,
  withoutNulls,
} from './vendor-corpus-support';

const IDENTIFICATIONS = loadIdentifications();
const ERRORS = loadErrors();
const TOKEN = loadToken();

const ADDRESS_FIELDS = ['line_1', 'line_2', 'postal_code', 'city', 'country', 'state'] as const;
const DOCUMENT_FIELDS = ['id', 'name', 'content_type', 'document_type', 'size'] as const;
/** The 16 statuses of the page's 200 enum. */
const STATUSES = [
  'aborted',
  'authorization_required',
  'confirmation_required',
  'confirmed',
  'created',
  'canceled',
  'expired',
  'failed',
  'identification_data_required',
  'pending',
  'pending_successful',
  'pending_failed',
  'processed',
  'rejected',
  'successful',
  'signed',
] as const;

const OTHER_PERSON = '9f1e2d3c4b5a69788796a5b4c3d2e1f0cper';
const OTHER_IBAN = 'DE89370400440532013000';
const OTHER_IBAN_2 = 'DE02120300000000202051';
const MS_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

const given = (v: unknown): boolean => v !== undefined && v !== null;
const firing = (ex: Exchange): CheckId[] => [...new Set(judge(ex).violations.map((v) => v.check))].sort();
const showViolations = (vs: readonly Violation[]): string =>
  vs
    .map((v) => `${v.check}${v.rule ? `/${v.rule}` : ''}: ${v.title} (expected ${v.expected}; got ${v.actual})`)
    .join(' | ') || 'none';
const withField = (body: JsonObject, field: string, value: unknown): JsonObject => ({ ...clone(body), [field]: value });
const without = (body: JsonObject, field: string): JsonObject => {
  const copy = clone(body);
  delete copy[field];
  return copy;
};
const firstDocument = (body: JsonObject): JsonObject | null =>
  Array.isArray(body.documents) && isObject(body.documents[0]) ? body.documents[0] : null;
const withFirstDocument = (body: JsonObject, patch: JsonObject): JsonObject => {
  const copy = clone(body);
  const docs = copy.documents as JsonObject[];
  docs[0] = { ...docs[0], ...patch };
  return copy;
};

test.describe('the corpus is what the brief and the contract say', () => {
  test('identifications: 12+, all six methods, 2+ statuses each, ids and timestamps in the observed shape', () => {
    expect(IDENTIFICATIONS.length).toBeGreaterThanOrEqual(12);
    const names = IDENTIFICATIONS.map((e) => e.name);
    expect(new Set(names).size, 'entry names are unique').toBe(names.length);
    const ids = IDENTIFICATIONS.map((e) => e.body.id);
    expect(new Set(ids).size, 'identification ids are unique').toBe(ids.length);
    const statuses = new Map<string, Set<string>>();
    for (const e of IDENTIFICATIONS) statuses.set(e.method, new Set([...(statuses.get(e.method) ?? []), e.status]));
    expect([...statuses.keys()].sort()).toEqual(['bank', 'bank_id', 'fourthline', 'idnow', 'manual', 'postident']);
    for (const [m, s] of statuses) expect(s.size, `statuses of ${m}`).toBeGreaterThanOrEqual(2);
    for (const e of IDENTIFICATIONS)
      expect(STATUSES, `${e.name}: status and laterStatus are statuses of the page`).toEqual(
        expect.arrayContaining([e.status, e.laterStatus]),
      );

    const problems: string[] = [];
    for (const e of IDENTIFICATIONS) {
      const b = e.body;
      if (b.method !== e.method || e.sent.method !== e.method)
        problems.push(`${e.name}: method ${String(b.method)} / sent ${String(e.sent.method)} / entry ${e.method}`);
      if (b.status !== e.status) problems.push(`${e.name}: status ${String(b.status)} is not the entry's ${e.status}`);
      if (!/^[0-9a-f]{32}cidt$/.test(String(b.id))) problems.push(`${e.name}: id ${String(b.id)}`);
      if (!/^[0-9a-f]{32}cper$/.test(e.personId)) problems.push(`${e.name}: personId ${e.personId}`);
      if (given(b.person_id) && b.person_id !== e.personId)
        problems.push(`${e.name}: person_id is not the path's person`);
      for (const doc of Array.isArray(b.documents) ? b.documents : []) {
        if (isObject(doc) && given(doc.id) && !/^[0-9a-f]{32}cdoc$/.test(String(doc.id)))
          problems.push(`${e.name}: document id ${String(doc.id)}`);
      }
      for (const field of [
        'completed_at',
        'authorization_expires_at',
        'confirmation_expires_at',
        'terms_and_conditions_signed_at',
      ]) {
        if (given(b[field]) && !MS_TIMESTAMP.test(String(b[field])))
          problems.push(`${e.name}: ${field} ${String(b[field])} is not the observed millisecond-Z shape`);
      }
      const requestErrors = validateRequest(e.sent);
      if (requestErrors.length > 0)
        problems.push(`${e.name}: sent is not a valid request: ${JSON.stringify(requestErrors)}`);
    }
    expect(problems).toEqual([]);
  });

  test('identifications carry what the vendor really sends: nulls at every depth, undocumented fields, person_id absent', () => {
    const bodies = IDENTIFICATIONS.map((e) => e.body);
    expect(
      bodies.some((b) => !('person_id' in b)),
      'one with person_id absent',
    ).toBe(true);
    expect(
      bodies.some((b) => isObject(b.address) && Object.values(b.address).includes(null)),
      'one address with nulls',
    ).toBe(true);
    expect(
      bodies.some(
        (b) => Array.isArray(b.documents) && b.documents.some((d) => isObject(d) && Object.values(d).includes(null)),
      ),
      'one document with nulls',
    ).toBe(true);
    expect(
      bodies.some((b) => b.address === null && b.documents === null),
      'one with address and documents null',
    ).toBe(true);
    for (const field of UNDOCUMENTED_FIELDS)
      expect(
        bodies.some((b) => field in b),
        `undocumented ${field} appears`,
      ).toBe(true);
    for (const field of NULLABLE_FIELDS)
      expect(
        bodies.some((b) => b[field] === null),
        `${field} is null somewhere`,
      ).toBe(true);
    const has = (name: string, pred: (b: JsonObject) => boolean): void =>
      expect(
        IDENTIFICATIONS.some((e) => pred(e.body)),
        name,
      ).toBe(true);
    has(
      'idnow created with url and reference',
      (b) => b.method === 'idnow' && b.status === 'created' && given(b.url) && given(b.reference),
    );
    has(
      'bank authorization_required with iban',
      (b) => b.method === 'bank' && b.status === 'authorization_required' && given(b.iban),
    );
    has(
      'bank_id identification_data_required',
      (b) => b.method === 'bank_id' && b.status === 'identification_data_required',
    );
    has('fourthline with provider_status_code', (b) => b.method === 'fourthline' && given(b.provider_status_code));
    has(
      'a successful one with completed_at and documents',
      (b) => b.status === 'successful' && given(b.completed_at) && Array.isArray(b.documents) && b.documents.length > 0,
    );
    has(
      'a failed one with failure_reason',
      (b) => (b.status === 'failed' || b.status === 'rejected') && given(b.failure_reason),
    );
  });

  test('errors: 6+, statuses 400/401/403/404/409/500, integer and string status equal to HTTP, source, backtrace, hex and UUID ids', () => {
    expect(ERRORS.length).toBeGreaterThanOrEqual(6);
    expect([...new Set(ERRORS.map((e) => e.httpStatus))].sort()).toEqual([400, 401, 403, 404, 409, 500]);
    const items = ERRORS.flatMap((e) => (e.body.errors as JsonObject[]).map((item) => ({ e, item })));
    const problems = items.filter(({ e, item }) => Number(item.status) !== e.httpStatus).map(({ e }) => e.name);
    expect(problems, 'error status equals the HTTP status in the corpus').toEqual([]);
    expect(items.some(({ item }) => typeof item.status === 'number')).toBe(true);
    expect(items.some(({ item }) => typeof item.status === 'string')).toBe(true);
    expect(items.some(({ item }) => isObject(item.source))).toBe(true);
    expect(items.some(({ item }) => /^[0-9a-f]{32}$/.test(String(item.id)))).toBe(true);
    expect(
      items.some(({ item }) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(String(item.id))),
    ).toBe(true);
    expect(ERRORS.some((e) => Array.isArray(e.body.backtrace))).toBe(true);
    for (const code of [
      'invalid_iban',
      'validation_error',
      'invalid_token',
      'model_not_found',
      'unauthorized_action',
      'generic_error',
    ]) {
      expect(
        items.some(({ item }) => item.code === code),
        `code ${code}`,
      ).toBe(true);
    }
  });

  test('token: the AUTH answer', () => {
    expect(TOKEN.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 3599,
      scope: 'partners',
    });
  });
});

/** Every variant of an entry that the contract says is the same answer: no check may fire on any. */
function silentVariants(entry: IdentificationEntry): Array<[string, Exchange]> {
  const body = entry.body;
  const later = { ...clone(body), status: entry.laterStatus };
  const allNull = clone(body);
  for (const field of NULLABLE_FIELDS) allNull[field] = null;
  const nestedNull = clone(body);
  if (isObject(nestedNull.address)) nestedNull.address = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, null]));
  if (Array.isArray(nestedNull.documents))
    nestedNull.documents = nestedNull.documents.map(() => Object.fromEntries(DOCUMENT_FIELDS.map((f) => [f, null])));
  return [
    ['as sent', identificationExchange(entry)],
    [
      `read back with status ${entry.laterStatus}`,
      identificationExchange(entry, { readBack: vendorResponse(200, later) }),
    ],
    // Status may move on: a read-back with any other status of the enum is the same identification.
    ...STATUSES.filter((st) => st !== entry.status).map((st): [string, Exchange] => [
      `read back with status ${st}`,
      identificationExchange(entry, { readBack: vendorResponse(200, { ...clone(body), status: st }) }),
    ]),
    [
      'read back without its nulls (null ≡ absent)',
      identificationExchange(entry, { readBack: vendorResponse(200, withoutNulls(later)) }),
    ],
    [
      'created without nulls, read back with them',
      identificationExchange(entry, { body: withoutNulls(body), readBack: vendorResponse(200, later) }),
    ],
    ['every null removed', identificationExchange(entry, { body: withoutNulls(body) })],
    [
      'every documented field but id, method, status null',
      identificationExchange(entry, {
        body: allNull,
        readBack: vendorResponse(200, { ...allNull, status: entry.laterStatus }),
      }),
    ],
    ['address and documents null inside', identificationExchange(entry, { body: nestedNull })],
    [
      'the request sent its optional fields as null too',
      identificationExchange(entry, {
        sent: {
          ...Object.fromEntries(
            ['language', 'reference', 'proof_of_address_type', 'proof_of_address_issued_at', 'device_data'].map((f) => [
              f,
              null,
            ]),
          ),
          ...entry.sent,
        },
      }),
    ],
    [
      'other identifications created earlier in the run',
      identificationExchange(entry, {
        earlierIds: IDENTIFICATIONS.filter((e) => e !== entry).map((e) => String(e.body.id)),
      }),
    ],
  ];
}

/** Checks that must have judged a 200 identification (a silent check that never ran proves nothing). */
const IDENTIFICATION_CHECKS: readonly CheckId[] = [
  'positive-acceptance',
  'response-schema',
  'status-code',
  'content-type',
  'semantic-consistency',
  'not-a-server-error',
];

test.describe('no check fires on a vendor-shaped identification', () => {
  for (const entry of IDENTIFICATIONS) {
    test(`identification ${entry.name}`, () => {
      const noisy: string[] = [];
      for (const [variant, ex] of silentVariants(entry)) {
        const { applied, violations } = judge(ex);
        const missing = IDENTIFICATION_CHECKS.filter((id) => !applied.includes(id));
        if (missing.length > 0) noisy.push(`${variant}: checks did not apply: ${missing.join(', ')}`);
        if (ex.readBack && !applied.includes('read-after-create'))
          noisy.push(`${variant}: read-after-create did not apply`);
        if (violations.length > 0) noisy.push(`${variant}: ${showViolations(violations)}`);
      }
      expect(noisy, `corpus entry "${entry.name}"`).toEqual([]);
    });
  }

  test('property: any documented field but id, method, status null or absent, at any depth, with any undocumented fields', () => {
    const nullablePaths = [
      ...NULLABLE_FIELDS.map((f) => [f]),
      ...ADDRESS_FIELDS.map((f) => ['address', f]),
      ...DOCUMENT_FIELDS.flatMap((f) => [0, 1, 2].map((i) => ['documents', String(i), f])),
    ];
    const arbitrary = fc.record({
      index: fc.nat({ max: IDENTIFICATIONS.length - 1 }),
      nulled: fc.subarray(nullablePaths),
      dropNulls: fc.boolean(),
      extra: fc.dictionary(
        fc.constantFrom(...UNDOCUMENTED_FIELDS, 'risk_score', 'provider', 'identification_session_id'),
        fc.jsonValue({ maxDepth: 2 }),
        { maxKeys: 4 },
      ),
      laterStatus: fc.boolean(),
    });
    fc.assert(
      fc.property(arbitrary, ({ index, nulled, dropNulls, extra, laterStatus }) => {
        const entry = IDENTIFICATIONS[index]!;
        const body: JsonObject = { ...clone(entry.body), ...clone(extra) };
        for (const [head, key, field] of nulled) {
          if (key === undefined) body[head!] = null;
          else if (head === 'address' && isObject(body.address)) body.address[key] = null;
          else if (
            head === 'documents' &&
            Array.isArray(body.documents) &&
            isObject(body.documents[Number(key)]) &&
            field !== undefined
          )
            (body.documents[Number(key)] as JsonObject)[field] = null;
        }
        // Valid by construction: account_verification_error exists only with its failure_reason (a rule of its own).
        if (!given(body.failure_reason)) body.account_verification_error = null;
        const answered = dropNulls ? (withoutNulls(body) as JsonObject) : body;
        const readBack = laterStatus ? vendorResponse(200, { ...answered, status: entry.laterStatus }) : undefined;
        const violations = judge(
          identificationExchange(entry, { body: answered, ...(readBack ? { readBack } : {}) }),
        ).violations;
        if (violations.length > 0)
          throw new Error(
            `corpus entry "${entry.name}" with ${JSON.stringify(nulled)} null${dropNulls ? ' then dropped' : ''}: ${showViolations(violations)}`,
          );
      }),
      { numRuns: 300 },
    );
  });
});

test.describe('no check fires on a vendor-shaped error answer', () => {
  for (const entry of ERRORS) {
    test(`error ${entry.name}`, () => {
      const ex = errorExchange(entry);
      const { applied, violations } = judge(ex);
      expect(applied, `corpus entry "${entry.name}": the body checks judged it`).toEqual(
        expect.arrayContaining(['response-schema', 'error-precision', 'content-type', rejectionCheckFor(entry)]),
      );
      expect(firing(ex), `corpus entry "${entry.name}": ${showViolations(violations)}`).toEqual(
        [...entry.expectedChecks].sort(),
      );
      expect(
        violations.filter((v) => ['response-schema', 'error-precision', 'content-type'].includes(v.check)),
        `corpus entry "${entry.name}": its body is a valid error answer`,
      ).toEqual([]);
    });
  }
});

interface Mutation<E> {
  name: string;
  /** The check that must fire. */
  fires: CheckId;
  /** The named rule (schemas/rules.ts) the violation must carry, where the check reports one. */
  rule?: string;
  /** Checks that may fire with it because the same break also breaks their rule (named in the mutation). */
  alsoAllowed?: (entry: E) => CheckId[];
  /** The mutated exchange, or null where the mutation does not apply to the entry. */
  build: (entry: E) => Exchange | null;
}

type IdMutation = Mutation<IdentificationEntry>;
const onBody =
  (f: (e: IdentificationEntry) => JsonObject | null) =>
  (e: IdentificationEntry): Exchange | null => {
    const body = f(e);
    return body === null ? null : identificationExchange(e, { body });
  };
const isIdnow = (e: IdentificationEntry): boolean => e.method === 'idnow';
const hasDocuments = (e: IdentificationEntry): boolean => firstDocument(e.body) !== null;

const IDENTIFICATION_MUTATIONS: readonly IdMutation[] = [
  // Type of a non-null value.
  {
    name: 'reference: 5 (a number)',
    fires: 'response-schema',
    build: onBody((e) => withField(e.body, 'reference', 5)),
  },
  {
    name: 'completed_at: a Unix time number',
    fires: 'response-schema',
    build: onBody((e) => withField(e.body, 'completed_at', 1654781608)),
  },
  // Not where account_verification_error is set: that rule reads failure_reason and would fire too.
  {
    name: 'failure_reason: an object',
    fires: 'response-schema',
    build: onBody((e) =>
      given(e.body.account_verification_error) ? null : withField(e.body, 'failure_reason', { code: 'x' }),
    ),
  },
  {
    name: 'documents: an object, not an array',
    fires: 'response-schema',
    build: onBody((e) => withField(e.body, 'documents', { id: 'x' })),
  },
  {
    name: 'documents[0].size: a string',
    fires: 'response-schema',
    build: onBody((e) => (hasDocuments(e) ? withFirstDocument(e.body, { size: '803580' }) : null)),
  },
  {
    name: 'address.postal_code: a number',
    fires: 'response-schema',
    build: onBody((e) =>
      isObject(e.body.address) ? withField(e.body, 'address', { ...e.body.address, postal_code: 14169 }) : null,
    ),
  },
  {
    name: 'address: a string',
    fires: 'response-schema',
    build: onBody((e) => withField(e.body, 'address', 'BERLINER STR. 45, 14169 Berlin')),
  },
  { name: 'id: a number', fires: 'response-schema', build: onBody((e) => withField(e.body, 'id', 12345)) },
  {
    name: 'provider_status_code: "1000" (a string)',
    fires: 'response-schema',
    build: onBody((e) => (e.method === 'fourthline' ? withField(e.body, 'provider_status_code', '1000') : null)),
  },
  // Enums.
  {
    name: "status: 'pre_successful' (a webhook-only status)",
    fires: 'response-schema',
    build: onBody((e) => withField(e.body, 'status', 'pre_successful')),
  },
  {
    name: "status: 'SUCCESSFUL' (case)",
    fires: 'response-schema',
    build: onBody((e) => withField(e.body, 'status', 'SUCCESSFUL')),
  },
  {
    name: "method: 'bank_plus' (an enum value of another endpoint)",
    fires: 'response-schema',
    // The response's method is also not the requested one (method-echo), and a method-scoped field the entry carries is then on a method it does not belong to.
    alsoAllowed: () => ['semantic-consistency'],
    build: onBody((e) => withField(e.body, 'method', 'bank_plus')),
  },
  {
    name: "documents[0].document_type: 'PASSPORT'",
    fires: 'response-schema',
    build: onBody((e) => (hasDocuments(e) ? withFirstDocument(e.body, { document_type: 'PASSPORT' }) : null)),
  },
  {
    name: 'provider_status_code: 999 (not in the enum)',
    fires: 'response-schema',
    build: onBody((e) => (e.method === 'fourthline' ? withField(e.body, 'provider_status_code', 999) : null)),
  },
  {
    name: "account_verification_error: 'wrong_pin' (not in the enum)",
    fires: 'response-schema',
    build: onBody((e) =>
      e.body.failure_reason === 'account_snapshot_expired' || e.body.failure_reason === 'account_snaphot_failed'
        ? withField(e.body, 'account_verification_error', 'wrong_pin')
        : null,
    ),
  },
  {
    name: "proof_of_address_type: 'GAS_BILLS' (not sent)",
    fires: 'response-schema',
    build: onBody((e) =>
      given(e.sent.proof_of_address_type) ? null : withField(e.body, 'proof_of_address_type', 'GAS_BILLS'),
    ),
  },
  {
    name: "language: 'de' (case)",
    fires: 'response-schema',
    build: onBody((e) => (isIdnow(e) && !given(e.sent.language) ? withField(e.body, 'language', 'de') : null)),
  },
  // Formats.
  {
    name: "completed_at: '2022-06-09T13:33:28' (no zone)",
    fires: 'response-schema',
    build: onBody((e) => withField(e.body, 'completed_at', '2022-06-09T13:33:28')),
  },
  {
    name: "completed_at: '09.06.2022 13:33' (not RFC 3339)",
    fires: 'response-schema',
    build: onBody((e) => withField(e.body, 'completed_at', '09.06.2022 13:33')),
  },
  {
    name: "authorization_expires_at: '2022-06-09T13:43:28.000' (no zone)",
    fires: 'response-schema',
    build: onBody((e) => withField(e.body, 'authorization_expires_at', '2022-06-09T13:43:28.000')),
  },
  {
    name: "confirmation_expires_at: '2022-06-09 13:48:28' (no T, no zone)",
    fires: 'response-schema',
    build: onBody((e) => withField(e.body, 'confirmation_expires_at', '2022-06-09 13:48:28')),
  },
  {
    name: "proof_of_address_issued_at: '2022-05-30T00:00:00.000Z' (a date-time, not a date; not sent)",
    fires: 'response-schema',
    build: onBody((e) =>
      given(e.sent.proof_of_address_issued_at)
        ? null
        : withField(e.body, 'proof_of_address_issued_at', '2022-05-30T00:00:00.000Z'),
    ),
  },
  {
    name: "url: 'identifications/TST-ELCCJ' (not an absolute URI)",
    fires: 'response-schema',
    build: onBody((e) => (isIdnow(e) ? withField(e.body, 'url', 'identifications/TST-ELCCJ') : null)),
  },
  {
    name: 'documents[0].size: -1 (a byte count below zero)',
    fires: 'response-schema',
    build: onBody((e) => (hasDocuments(e) ? withFirstDocument(e.body, { size: -1 }) : null)),
  },
  {
    name: "proof_of_address_issued_at: '2022-02-30' (not sent)",
    fires: 'response-schema',
    build: onBody((e) =>
      given(e.sent.proof_of_address_issued_at) ? null : withField(e.body, 'proof_of_address_issued_at', '2022-02-30'),
    ),
  },
  // Required id, status, method.
  { name: 'id missing', fires: 'response-schema', build: onBody((e) => without(e.body, 'id')) },
  { name: 'id null', fires: 'response-schema', build: onBody((e) => withField(e.body, 'id', null)) },
  { name: 'status missing', fires: 'response-schema', build: onBody((e) => without(e.body, 'status')) },
  { name: 'status null', fires: 'response-schema', build: onBody((e) => withField(e.body, 'status', null)) },
  { name: 'method missing', fires: 'response-schema', build: onBody((e) => without(e.body, 'method')) },
  { name: 'method null', fires: 'response-schema', build: onBody((e) => withField(e.body, 'method', null)) },
  // Echoes of the request.
  {
    name: 'iban differs from the one sent',
    fires: 'semantic-consistency',
    rule: 'iban-echo',
    build: onBody((e) =>
      given(e.sent.iban) && given(e.body.iban)
        ? withField(e.body, 'iban', e.sent.iban === OTHER_IBAN ? OTHER_IBAN_2 : OTHER_IBAN)
        : null,
    ),
  },
  {
    name: "person_id is another person than the path's",
    fires: 'semantic-consistency',
    rule: 'person-id-echo',
    build: onBody((e) => withField(e.body, 'person_id', OTHER_PERSON)),
  },
  // Any other documented method: the schema is content; method-scoped fields the entry carries may also be flagged, by the same check.
  {
    name: 'method is a documented method other than the one sent',
    fires: 'semantic-consistency',
    rule: 'method-echo',
    build: onBody((e) => withField(e.body, 'method', e.method === 'manual' ? 'postident' : 'manual')),
  },
  {
    name: 'language differs from the one sent',
    fires: 'semantic-consistency',
    rule: 'language-echo',
    build: onBody((e) =>
      given(e.sent.language) && given(e.body.language)
        ? withField(e.body, 'language', e.body.language === 'DE' ? 'EN' : 'DE')
        : null,
    ),
  },
  {
    name: 'proof_of_address_type differs from the one sent',
    fires: 'semantic-consistency',
    rule: 'proof-of-address-type-echo',
    build: onBody((e) =>
      given(e.sent.proof_of_address_type) && given(e.body.proof_of_address_type)
        ? withField(
            e.body,
            'proof_of_address_type',
            e.body.proof_of_address_type === 'WATER_BILL' ? 'GAS_BILL' : 'WATER_BILL',
          )
        : null,
    ),
  },
  {
    name: 'proof_of_address_issued_at differs from the one sent',
    fires: 'semantic-consistency',
    rule: 'proof-of-address-issued-at-echo',
    build: onBody((e) =>
      given(e.sent.proof_of_address_issued_at) && given(e.body.proof_of_address_issued_at)
        ? withField(e.body, 'proof_of_address_issued_at', '2020-01-01')
        : null,
    ),
  },
  // Method-scoped fields.
  {
    name: 'url on a non-IDnow identification',
    fires: 'semantic-consistency',
    rule: 'url-idnow-only',
    build: onBody((e) =>
      isIdnow(e) ? null : withField(e.body, 'url', 'https://go.test.idnow.de/solarisbankag/identifications/TST-AAAAA'),
    ),
  },
  {
    name: 'language on a non-IDnow identification',
    fires: 'semantic-consistency',
    rule: 'language-idnow-only',
    build: onBody((e) => (isIdnow(e) || given(e.sent.language) ? null : withField(e.body, 'language', 'DE'))),
  },
  {
    name: 'idnow_process_type on a non-IDnow identification',
    fires: 'semantic-consistency',
    rule: 'idnow-process-type-idnow-only',
    build: onBody((e) => (isIdnow(e) ? null : withField(e.body, 'idnow_process_type', 'eid'))),
  },
  {
    name: 'provider_status_code on a non-Fourthline identification',
    fires: 'semantic-consistency',
    rule: 'provider-status-code-fourthline-only',
    build: onBody((e) => (e.method === 'fourthline' ? null : withField(e.body, 'provider_status_code', 1000))),
  },
  {
    name: 'an iban nobody sent on a non-bank identification',
    fires: 'semantic-consistency',
    rule: 'iban-bank-methods-only',
    build: onBody((e) =>
      e.method === 'bank' || e.method === 'bank_id' || given(e.sent.iban)
        ? null
        : withField(e.body, 'iban', OTHER_IBAN),
    ),
  },
  {
    name: 'account_verification_error without an account-snapshot failure_reason',
    fires: 'semantic-consistency',
    rule: 'account-verification-error-needs-failure-reason',
    build: onBody((e) =>
      e.body.failure_reason === 'account_snapshot_expired' || e.body.failure_reason === 'account_snaphot_failed'
        ? null
        : withField(e.body, 'account_verification_error', 'tech_error'),
    ),
  },
  {
    name: 'id returned for an earlier identification of the run',
    fires: 'semantic-consistency',
    rule: 'id-new',
    build: (e) => identificationExchange(e, { earlierIds: [String(e.body.id)] }),
  },
  // Read-back.
  {
    name: 'read-back differs in id',
    fires: 'read-after-create',
    build: (e) =>
      identificationExchange(e, {
        readBack: vendorResponse(200, {
          ...clone(e.body),
          status: e.laterStatus,
          id: 'ffffffffffffffffffffffffffffffffcidt',
        }),
      }),
  },
  {
    name: 'read-back differs in method',
    fires: 'read-after-create',
    build: (e) =>
      identificationExchange(e, {
        readBack: vendorResponse(200, {
          ...clone(e.body),
          status: e.laterStatus,
          method: e.method === 'manual' ? 'postident' : 'manual',
        }),
      }),
  },
  {
    name: 'read-back differs in iban',
    fires: 'read-after-create',
    build: (e) =>
      given(e.body.iban)
        ? identificationExchange(e, {
            readBack: vendorResponse(200, {
              ...clone(e.body),
              iban: e.body.iban === OTHER_IBAN ? OTHER_IBAN_2 : OTHER_IBAN,
            }),
          })
        : null,
  },
  {
    name: 'read-back answers 404',
    fires: 'read-after-create',
    build: (e) =>
      identificationExchange(e, {
        readBack: vendorResponse(404, {
          errors: [{ id: '0', status: 404, code: 'model_not_found', title: 'Model Not Found', detail: 'x' }],
        }),
      }),
  },
  {
    name: 'read-back has status null',
    fires: 'read-after-create',
    build: (e) => identificationExchange(e, { readBack: vendorResponse(200, { ...clone(e.body), status: null }) }),
  },
  // Transport.
  {
    name: 'answered 201 instead of 200',
    fires: 'status-code',
    alsoAllowed: () => ['positive-acceptance'],
    build: (e) => identificationExchange(e, { httpStatus: 201 }),
  },
  {
    name: 'labelled text/html',
    fires: 'content-type',
    build: (e) => identificationExchange(e, { contentType: 'text/html; charset=utf-8' }),
  },
];

type ErrMutation = Mutation<ErrorEntry>;
const items = (e: ErrorEntry): JsonObject[] => e.body.errors as JsonObject[];
const onFirstItem =
  (f: (item: JsonObject, e: ErrorEntry) => JsonObject) =>
  (e: ErrorEntry): Exchange => {
    const body = clone(e.body);
    const list = body.errors as JsonObject[];
    list[0] = f({ ...list[0] }, e);
    return errorExchange(e, body);
  };
const dropKey = (key: string) =>
  onFirstItem((item) => {
    delete item[key];
    return item;
  });
/** Every source.field of a 400 for a one-field invalid case renamed to another request field. */
function sourceNamesAnotherField(e: ErrorEntry): Exchange | null {
  const a = e.answers;
  if (a.kind !== 'invalid' || a.field === null || e.httpStatus !== 400 || !items(e).some((i) => isObject(i.source)))
    return null;
  const other = a.field === 'reference' ? 'device_data' : 'reference';
  return errorExchange(e, {
    ...clone(e.body),
    errors: items(e).map((i) => (isObject(i.source) ? { ...i, source: { ...i.source, field: other } } : i)),
  });
}
/** A check that judges the rejection reads the envelope too: a broken envelope is its finding as well. */
const envelopeReader = (e: ErrorEntry): CheckId[] => [rejectionCheckFor(e)];

const ERROR_MUTATIONS: readonly ErrMutation[] = [
  {
    name: 'error status differs from the HTTP status (same JSON type)',
    fires: 'error-precision',
    rule: 'error-status-matches-http',
    build: onFirstItem((item, e) => ({
      ...item,
      status: typeof item.status === 'number' ? e.httpStatus + 1 : String(e.httpStatus + 1),
    })),
  },
  { name: 'title missing', fires: 'response-schema', alsoAllowed: envelopeReader, build: dropKey('title') },
  { name: 'id missing', fires: 'response-schema', alsoAllowed: envelopeReader, build: dropKey('id') },
  { name: 'code missing', fires: 'response-schema', alsoAllowed: envelopeReader, build: dropKey('code') },
  { name: 'status missing', fires: 'response-schema', alsoAllowed: envelopeReader, build: dropKey('status') },
  {
    name: "status '4oo' (letters for zeros)",
    fires: 'response-schema',
    alsoAllowed: envelopeReader,
    build: onFirstItem((item, e) => ({ ...item, status: String(e.httpStatus).replace(/0/g, 'o') })),
  },
  {
    name: 'status null',
    fires: 'response-schema',
    alsoAllowed: envelopeReader,
    build: onFirstItem((item) => ({ ...item, status: null })),
  },
  {
    name: 'title: a number',
    fires: 'response-schema',
    alsoAllowed: envelopeReader,
    build: onFirstItem((item) => ({ ...item, title: 400 })),
  },
  {
    name: 'flat envelope (the error object without the errors array)',
    fires: 'response-schema',
    alsoAllowed: envelopeReader,
    build: (e) => errorExchange(e, { ...items(e)[0] }),
  },
  {
    name: 'errors: [] (no error object)',
    fires: 'response-schema',
    alsoAllowed: envelopeReader,
    build: (e) => errorExchange(e, { ...clone(e.body), errors: [] }),
  },
  {
    name: 'errors: an object, not an array',
    fires: 'response-schema',
    alsoAllowed: envelopeReader,
    build: (e) => errorExchange(e, { ...clone(e.body), errors: items(e)[0] }),
  },
  {
    name: 'source: a string, not {field, message}',
    fires: 'response-schema',
    alsoAllowed: envelopeReader,
    build: (e) =>
      items(e).some((i) => isObject(i.source))
        ? errorExchange(e, {
            ...clone(e.body),
            errors: items(e).map((i) => (isObject(i.source) ? { ...i, source: String(i.source.field) } : i)),
          })
        : null,
  },
  {
    name: 'source.field names a field the request did not break',
    fires: 'error-precision',
    rule: 'source-field-names-broken-field',
    build: sourceNamesAnotherField,
  },
  {
    name: 'labelled text/html',
    fires: 'content-type',
    build: (e) => ({ ...errorExchange(e), response: vendorResponse(e.httpStatus, e.body, 'text/html; charset=utf-8') }),
  },
];

/** What fired that should not, what should have fired and did not; [] when the mutation was caught as intended. */
function judgeMutation<E>(mutation: Mutation<E>, entry: E, ex: Exchange, baseline: readonly CheckId[]): string[] {
  const { violations } = judge(ex);
  const fired = [...new Set(violations.map((v) => v.check))];
  const allowed = new Set<CheckId>([mutation.fires, ...baseline, ...(mutation.alsoAllowed?.(entry) ?? [])]);
  const problems: string[] = [];
  if (!fired.includes(mutation.fires)) problems.push(`${mutation.fires} did not fire`);
  if (mutation.rule !== undefined && !violations.some((v) => v.check === mutation.fires && v.rule === mutation.rule))
    problems.push(`no ${mutation.fires} violation of rule ${mutation.rule}`);
  const extra = fired.filter((c) => !allowed.has(c));
  if (extra.length > 0) problems.push(`unexpected checks fired: ${extra.join(', ')}`);
  return problems.length === 0 ? [] : [`${problems.join('; ')} — violations: ${showViolations(violations)}`];
}

test.describe('one broken rule in a vendor-shaped identification fires its check', () => {
  for (const mutation of IDENTIFICATION_MUTATIONS) {
    test(`identification mutation: ${mutation.name} → ${mutation.fires}${mutation.rule ? ` (${mutation.rule})` : ''}`, () => {
      const misses: string[] = [];
      let applied = 0;
      for (const entry of IDENTIFICATIONS) {
        const ex = mutation.build(entry);
        if (ex === null) continue;
        applied++;
        misses.push(...judgeMutation(mutation, entry, ex, []).map((m) => `corpus entry "${entry.name}": ${m}`));
      }
      expect(applied, 'the mutation applies to at least one corpus entry').toBeGreaterThan(0);
      expect(misses).toEqual([]);
    });
  }
});

test.describe('one broken rule in a vendor-shaped error answer fires its check', () => {
  for (const mutation of ERROR_MUTATIONS) {
    test(`error mutation: ${mutation.name} → ${mutation.fires}${mutation.rule ? ` (${mutation.rule})` : ''}`, () => {
      const misses: string[] = [];
      let applied = 0;
      for (const entry of ERRORS) {
        const ex = mutation.build(entry);
        if (ex === null) continue;
        applied++;
        misses.push(
          ...judgeMutation(mutation, entry, ex, entry.expectedChecks).map((m) => `corpus entry "${entry.name}": ${m}`),
        );
      }
      expect(applied, 'the mutation applies to at least one corpus entry').toBeGreaterThan(0);
      expect(misses).toEqual([]);
    });
  }
});

test.describe('the token answer', () => {
  interface Seen {
    method: string;
    url: string;
    authorization: string;
    contentType: string;
    body: string;
  }

  async function tokenServer(
    encoding: 'identity' | 'gzip',
  ): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
    const seen: Seen[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          authorization: req.headers.authorization ?? '',
          contentType: req.headers['content-type'] ?? '',
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const text = JSON.stringify(TOKEN.body);
        // Chunked (no Content-Length), as the vendor answers; gzip where asked.
        res.writeHead(TOKEN.httpStatus, {
          'content-type': TOKEN.contentType,
          ...(encoding === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
        });
        res.end(encoding === 'gzip' ? zlib.gzipSync(text) : text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('token server: no port');
    return {
      url: `http://127.0.0.1:${address.port}/oauth2/token`,
      seen,
      close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
    };
  }

  for (const encoding of ['identity', 'gzip'] as const) {
    test(`fetchToken accepts the corpus token answer (${encoding}, chunked)`, async () => {
      const server = await tokenServer(encoding);
      const ctx = await request.newContext();
      try {
        const before = Date.now();
        const token = await fetchToken(ctx, {
          authUrl: server.url,
          clientId: 'corpus-client',
          clientSecret: 'corpus-secret',
          timeoutMs: 5_000,
        });
        const after = Date.now();
        expect(token.value).toBe(TOKEN.body.access_token);
        expect(token.expiresAt).toBeGreaterThanOrEqual(before + TOKEN.body.expires_in * 1000);
        expect(token.expiresAt).toBeLessThanOrEqual(after + TOKEN.body.expires_in * 1000);
        expect(server.seen).toEqual([
          {
            method: 'POST',
            url: '/oauth2/token',
            authorization: `Basic ${Buffer.from('corpus-client:corpus-secret').toString('base64')}`,
            contentType: 'application/x-www-form-urlencoded',
            body: 'grant_type=client_credentials&scope=partners',
          },
        ]);
      } finally {
        await ctx.dispose();
        await server.close();
      }
    });
  }
});
