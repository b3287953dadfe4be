/**
 * Each check on hand-built exchanges: it stays silent on a conformant answer (no false alarm) and
 * fires, with its own id, on the deviation it exists for. The sandbox-fault self-test proves the
 * same end to end; these pin the edges the faults do not reach.
 */
import { expect, test } from '@playwright/test';
import type { InvalidCase, RequestCase, ValidCase } from '../../../generators/case';
import { CHECK_IDS, judge } from '../../../suite/checks/registry';
import type { CheckId, Exchange, Probe } from '../../../suite/checks/types';

const PERSON = 'dc1a6812a14f6cc338cd084208535bcdcper';
const SESSION = '0b4bd6b4d2c5b1f1c6a3e5d7f9a1b3c5ises';
const ALL_SESSION_METHODS = ['bank', 'bank_id', 'fourthline', 'idnow'] as const;

const valid = (body: Record<string, unknown>): ValidCase => ({
  kind: 'valid',
  method: body.method as ValidCase['method'],
  rule: null,
  field: null,
  contentType: 'application/json',
  body,
});
const invalid = (
  method: ValidCase['method'],
  rule: InvalidCase['rule'],
  field: string | null,
  body: unknown,
): InvalidCase => ({
  kind: 'invalid',
  method,
  rule,
  field,
  variant: 'test',
  contentType: 'application/json',
  body,
  base: { method },
});

const identification = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: '9dfe2f4edaa67138be0c0c1cd3a7d849cidt',
  method: 'idnow',
  status: 'created',
  person_id: PERSON,
  url: 'https://go.test.idnow.de/company/identifications/x',
  reference: 'TST-ELCCJ',
  idnow_process_type: 'eid',
  documents: [],
  failure_reason: null,
  ...overrides,
});
const errorBody = (status: number | string, field?: string, code = 'validation_error') => ({
  errors: [
    {
      id: 'a95f2aaf-4e0c-4d49-8021-8a16a884ed86',
      status: String(status),
      code,
      title: 'Validation Error',
      detail: 'invalid',
      ...(field ? { source: { field, message: 'invalid' } } : {}),
    },
  ],
});

function exchange(
  c: RequestCase,
  status: number,
  json: unknown,
  options: {
    probe?: Probe;
    contentType?: string;
    earlierIds?: string[];
    sessionMethods?: readonly string[] | null;
  } = {},
): Exchange {
  const bodyText = json === undefined ? '' : typeof json === 'string' ? json : JSON.stringify(json);
  let parsed: unknown;
  try {
    parsed = bodyText === '' ? undefined : JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  return {
    case: c,
    probe: options.probe ?? { kind: 'generated' },
    request: {
      method: 'POST',
      url: 'http://127.0.0.1/x',
      headers: {},
      bodyText: JSON.stringify((c as { body?: unknown }).body ?? ''),
    },
    response: {
      status,
      headers: { 'content-type': options.contentType ?? 'application/json; charset=utf-8' },
      bodyText,
      json: parsed,
      ...(parsed === undefined && bodyText !== '' ? { jsonError: 'not JSON' } : {}),
    },
    target: {
      personId: PERSON,
      sessionId: SESSION,
      sessionMethods: (options.sessionMethods === undefined
        ? ALL_SESSION_METHODS
        : options.sessionMethods) as Exchange['target']['sessionMethods'],
    },
    earlierIds: new Set(options.earlierIds ?? []),
  };
}

function withReadBack(ex: Exchange, status: number, json: unknown): Exchange {
  return {
    ...ex,
    readBack: { status, headers: { 'content-type': 'application/json' }, bodyText: JSON.stringify(json), json },
  };
}

const failing = (ex: Exchange): CheckId[] => [...new Set(judge(ex).violations.map((v) => v.check))].sort();

test.describe('no false alarms on conformant answers', () => {
  test('a 200 identification for a valid idnow request', () => {
    expect(
      failing(exchange(valid({ method: 'idnow', language: 'DE' }), 200, identification({ language: 'DE' }))),
    ).toEqual([]);
  });
  test('a read-back whose status moved on is still the same identification', () => {
    expect(
      failing(
        withReadBack(
          exchange(valid({ method: 'idnow' }), 200, identification()),
          200,
          identification({ status: 'pending' }),
        ),
      ),
    ).toEqual([]);
  });
  test('null is no value (OBS): nulls, no person_id and undocumented fields raise nothing, in the answer or its read-back', () => {
    const { person_id: _p, ...withoutPerson } = identification();
    const nulls = {
      ...withoutPerson,
      reference: null,
      language: null,
      iban: null,
      proof_of_address_type: null,
      completed_at: null,
      address: null,
      estimated_waiting_time: null,
      next_step: 'idnow',
    };
    const sent = valid({ method: 'idnow', language: 'DE', proof_of_address_type: 'GAS_BILL' });
    expect(
      failing(
        withReadBack(
          exchange(sent, 200, nulls),
          200,
          identification({ language: 'DE', proof_of_address_type: 'GAS_BILL' }),
        ),
      ),
    ).toEqual([]);
    expect(failing(withReadBack(exchange(sent, 200, identification({ language: 'DE' })), 200, nulls))).toEqual([]);
    expect(
      failing(
        exchange(valid({ method: 'bank', iban: 'DE89370400440532013000' }), 200, {
          ...nulls,
          method: 'bank',
          url: null,
          idnow_process_type: null,
          provider_status_code: null,
        }),
      ),
    ).toEqual([]);
  });
  test('a read-back naming another person is flagged, even when the created answer had no person_id', () => {
    const { person_id: _p, ...withoutPerson } = identification();
    expect(
      failing(
        withReadBack(
          exchange(valid({ method: 'idnow' }), 200, withoutPerson),
          200,
          identification({ person_id: '9f1e2d3c4b5a69788796a5b4c3d2e1f0cper' }),
        ),
      ),
    ).toEqual(['read-after-create']);
  });
  test('a read-back that disagrees on a value both sides have is flagged', () => {
    const sent = valid({ method: 'idnow', proof_of_address_type: 'GAS_BILL' });
    expect(
      failing(
        withReadBack(
          exchange(sent, 200, identification({ proof_of_address_type: 'GAS_BILL' })),
          200,
          identification({ proof_of_address_type: 'WATER_BILL' }),
        ),
      ),
    ).toEqual(['read-after-create']);
  });
  test('a 400 with the envelope for an invalid enum, status as integer or digit string', () => {
    const c = invalid('idnow', 'enum', 'language', { method: 'idnow', language: 'de' });
    expect(failing(exchange(c, 400, errorBody(400, 'language')))).toEqual([]);
    expect(failing(exchange(c, 400, { errors: [{ ...errorBody(400).errors[0], status: 400 }] }))).toEqual([]);
  });
  test('source.field may be a path whose last segment is the field', () => {
    const c = invalid('bank', 'iban-format', 'iban', { method: 'bank', iban: 'DE00' });
    expect(failing(exchange(c, 400, errorBody(400, 'identification.iban')))).toEqual([]);
  });
  test('a tolerated request (language with bank) may be rejected with any 4xx and the envelope', () => {
    expect(
      failing(
        exchange(valid({ method: 'bank_id', iban: 'DE89370400440532013000', language: 'EN' }), 403, errorBody(403)),
      ),
    ).toEqual([]);
  });
  test('manual and postident may be accepted or rejected (no session is created for them)', () => {
    expect(failing(exchange(valid({ method: 'manual' }), 400, errorBody(400, 'method')))).toEqual([]);
    expect(
      failing(
        exchange(
          valid({ method: 'postident' }),
          200,
          identification({ method: 'postident', url: undefined, reference: undefined, idnow_process_type: undefined }),
        ),
      ),
    ).toEqual([]);
  });
  test('auth probes answered 401 with the envelope and the documented code pass', () => {
    expect(
      failing(
        exchange(valid({ method: 'idnow' }), 401, errorBody(401, undefined, 'token_required'), {
          probe: { kind: 'auth', variant: 'no-token' },
        }),
      ),
    ).toEqual([]);
    expect(
      failing(
        exchange(valid({ method: 'idnow' }), 401, errorBody(401, undefined, 'invalid_token'), {
          probe: { kind: 'auth', variant: 'unknown-token' },
        }),
      ),
    ).toEqual([]);
  });
  test('a 401 with another code than the errors page gives it is an auth violation', () => {
    expect(
      failing(
        exchange(valid({ method: 'idnow' }), 401, errorBody(401, undefined, 'invalid_token'), {
          probe: { kind: 'auth', variant: 'no-token' },
        }),
      ),
    ).toEqual(['auth']);
  });
  test('unknown resources answered 403 (not the documented 404) still pass: the check asserts a 4xx', () => {
    expect(
      failing(
        exchange(valid({ method: 'idnow' }), 403, errorBody(403), {
          probe: { kind: 'unknown-resource', variant: 'foreign-session' },
        }),
      ),
    ).toEqual([]);
  });
  test('a malformed body answered 400 with the envelope passes', () => {
    const c: InvalidCase = {
      kind: 'invalid',
      method: 'idnow',
      rule: 'malformed-json',
      field: null,
      variant: 'truncated',
      contentType: 'application/json',
      raw: '{"method":',
      base: { method: 'idnow' },
    };
    expect(failing(exchange(c, 400, errorBody(400, undefined, 'invalid_json')))).toEqual([]);
    // Only the 400 has a documented code: another 4xx is judged on status and envelope alone.
    expect(failing(exchange(c, 422, errorBody(422)))).toEqual(['status-code']);
  });
  test('a 400 for a body that does not parse, without the code invalid_json, is a malformed-requests violation', () => {
    const c: InvalidCase = {
      kind: 'invalid',
      method: 'idnow',
      rule: 'empty-body',
      field: null,
      variant: 'empty',
      contentType: 'application/json',
      raw: '',
      base: { method: 'idnow' },
    };
    expect(failing(exchange(c, 400, errorBody(400)))).toEqual(['malformed-requests']);
  });
});

test.describe('each check fires on its deviation', () => {
  const cases: Array<[CheckId, () => Exchange]> = [
    ['positive-acceptance', () => exchange(valid({ method: 'idnow' }), 400, errorBody(400))],
    ['response-schema', () => exchange(valid({ method: 'idnow' }), 200, identification({ status: 'pre_successful' }))],
    ['status-code', () => exchange(valid({ method: 'idnow' }), 201, identification())],
    ['content-type', () => exchange(valid({ method: 'idnow' }), 200, identification(), { contentType: 'text/plain' })],
    [
      'negative-rejection',
      () => exchange(invalid('idnow', 'enum', 'language', { method: 'idnow', language: 'de' }), 200, identification()),
    ],
    [
      'error-precision',
      () =>
        exchange(
          invalid('idnow', 'enum', 'language', { method: 'idnow', language: 'de' }),
          400,
          errorBody(400, 'reference'),
        ),
    ],
    ['not-a-server-error', () => exchange(valid({ method: 'idnow' }), 500, errorBody(500))],
    ['semantic-consistency', () => exchange(valid({ method: 'idnow' }), 200, identification({ method: 'bank' }))],
    [
      'auth',
      () =>
        exchange(valid({ method: 'idnow' }), 200, identification(), {
          probe: { kind: 'auth', variant: 'unknown-token' },
        }),
    ],
    [
      'unknown-resources',
      () =>
        exchange(valid({ method: 'idnow' }), 200, identification(), {
          probe: { kind: 'unknown-resource', variant: 'unknown-person' },
        }),
    ],
    [
      'malformed-requests',
      () =>
        exchange(
          {
            kind: 'invalid',
            method: 'idnow',
            rule: 'empty-body',
            field: null,
            variant: 'empty',
            contentType: 'application/json',
            raw: '',
            base: { method: 'idnow' },
          },
          200,
          identification(),
        ),
    ],
    [
      'read-after-create',
      () => withReadBack(exchange(valid({ method: 'idnow' }), 200, identification()), 404, errorBody(404)),
    ],
  ];
  for (const [id, build] of cases) {
    test(id, () => {
      expect(failing(build())).toContain(id);
    });
  }
  test('every case above names a registered check (ids are checked at run time, not by the compiler)', () => {
    // A new check is proven by its sandbox faults (tests/unit/sandbox/faults.spec.ts, the self-test);
    // a case here pins an edge those do not reach.
    expect(cases.map(([id]) => id).filter((id) => !CHECK_IDS.includes(id))).toEqual([]);
  });
});

test.describe('edges', () => {
  test('error-precision: error status must equal the HTTP status', () => {
    expect(
      failing(
        exchange(
          invalid('idnow', 'type', 'reference', { method: 'idnow', reference: 1 }),
          400,
          errorBody(422, 'reference'),
        ),
      ),
    ).toContain('error-precision');
  });
  test('semantic-consistency: a reused id is flagged', () => {
    const ex = exchange(valid({ method: 'idnow' }), 200, identification(), {
      earlierIds: ['9dfe2f4edaa67138be0c0c1cd3a7d849cidt'],
    });
    expect(failing(ex)).toContain('semantic-consistency');
  });
  test('semantic-consistency: idnow-only url on a fourthline identification is flagged', () => {
    const ex = exchange(
      valid({ method: 'fourthline' }),
      200,
      identification({ method: 'fourthline', provider_status_code: 1000 }),
    );
    expect(judge(ex).violations.map((v) => v.rule)).toContain('url-idnow-only');
  });
  test('response-schema: a flat error object is not the envelope', () => {
    expect(
      failing(
        exchange(
          invalid('idnow', 'enum', 'language', { method: 'idnow', language: 'de' }),
          400,
          errorBody(400).errors[0],
        ),
      ),
    ).toContain('response-schema');
  });
  test('positive-acceptance: an accepted-or-rejected request must not get a 3xx or a 201', () => {
    expect(failing(exchange(valid({ method: 'manual' }), 302, undefined))).toContain('positive-acceptance');
  });
  test('positive-acceptance: with unknown session methods, every valid request is tolerated', () => {
    expect(failing(exchange(valid({ method: 'idnow' }), 404, errorBody(404), { sessionMethods: null }))).toEqual([]);
  });
  test('negative-rejection: invalid input needs exactly 400, not another 4xx', () => {
    expect(
      failing(
        exchange(
          invalid('idnow', 'date-format', 'proof_of_address_issued_at', {
            method: 'idnow',
            proof_of_address_issued_at: '2021-02-30',
          }),
          422,
          errorBody(422),
        ),
      ),
    ).toContain('negative-rejection');
  });
  test('read-after-create: a read-back with another method is flagged', () => {
    expect(
      failing(
        withReadBack(
          exchange(valid({ method: 'idnow' }), 200, identification()),
          200,
          identification({ method: 'manual' }),
        ),
      ),
    ).toContain('read-after-create');
  });
  test('content-type: an error labelled text/html is flagged', () => {
    expect(failing(exchange(valid({ method: 'idnow' }), 400, errorBody(400), { contentType: 'text/html' }))).toContain(
      'content-type',
    );
  });
});
