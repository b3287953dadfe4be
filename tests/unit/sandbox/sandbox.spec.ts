/**
 * The reference sandbox, rule by rule, over HTTP (no faults). These tests are the sandbox's own
 * oracle check against api-contract.md, independent of the conformance suite's checks and schemas.
 */
import { DOCUMENTED_FIELDS, UNDOCUMENTED_FIELDS } from '../contract-fields';
import { test as base, expect } from '@playwright/test';
import { connect, endpointPath, type Answer, type SandboxClient } from '../../../sandbox/client';
import { startSandbox } from '../../../sandbox/server';

const test = base.extend<object, { client: SandboxClient }>({
  client: [
    async ({}, use) => {
      const sandbox = await startSandbox({ port: 0 });
      await use(await connect(sandbox));
      await sandbox.close();
    },
    { scope: 'worker' },
  ],
});

const IBAN_DE = 'DE89370400440532013000';
const IBAN_GB = 'GB82WEST12345698765432';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The vendor's other error-id shape: 32 lowercase hex characters and a suffix. */
const HEX_ID = /^[0-9a-f]{32}[a-z]+$/;
/** A value the contract counts as given: null is "no value", like absent. */
const valued = (v: unknown): boolean => v !== undefined && v !== null;
const FIELDS = [
  'method',
  'language',
  'reference',
  'proof_of_address_type',
  'proof_of_address_issued_at',
  'iban',
  'device_data',
];
/** One valid body per method (the ready session allows all four session methods). */
const VALID: Record<string, Record<string, unknown>> = {
  idnow: { method: 'idnow', language: 'DE' },
  fourthline: { method: 'fourthline' },
  bank: { method: 'bank', iban: IBAN_DE },
  bank_id: { method: 'bank_id', iban: IBAN_GB },
  manual: { method: 'manual' },
  postident: { method: 'postident' },
};

/** Asserts the documented error envelope and returns its first item. */
function expectError(answer: Answer, status: number, code?: string): Record<string, unknown> {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.contentType).toBe('application/json; charset=utf-8');
  expect(Array.isArray(answer.json?.errors) && answer.json.errors.length > 0, answer.text).toBe(true);
  for (const item of answer.json.errors as Record<string, unknown>[]) {
    // An integer or a string of digits (the vendor sends both), always the HTTP status.
    expect(['number', 'string']).toContain(typeof item.status);
    expect(String(item.status)).toBe(String(status));
    expect(String(item.id)).toMatch(new RegExp(`${UUID.source}|${HEX_ID.source}`));
    for (const key of ['code', 'title', 'detail']) expect(typeof item[key], `${key} in ${answer.text}`).toBe('string');
  }
  expect(
    Array.isArray(answer.json.backtrace) && answer.json.backtrace.every((line: unknown) => typeof line === 'string'),
    answer.text,
  ).toBe(true);
  const first = answer.json.errors[0] as Record<string, unknown>;
  if (code !== undefined) expect(first.code).toBe(code);
  return first;
}

/** A 400 whose errors name `field` in source.field. */
function expectFieldError(answer: Answer, field: string): void {
  expectError(answer, 400);
  const fields = (answer.json.errors as { source?: { field?: string } }[]).map((e) => e.source?.field);
  expect(fields, answer.text).toContain(field);
}

function expectOk(answer: Answer): Record<string, unknown> {
  expect(answer.status, answer.text).toBe(200);
  expect(answer.contentType).toBe('application/json; charset=utf-8');
  return answer.json as Record<string, unknown>;
}

test.describe('token endpoint', () => {
  test('Basic auth and form fields both get a bearer token', async ({ client }) => {
    const { sandbox } = client;
    const basic = await client.send(sandbox.authUrl, {
      authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64')}`,
      contentType: 'application/x-www-form-urlencoded',
      raw: 'grant_type=client_credentials&scope=partners',
    });
    expect(basic.status).toBe(200);
    expect(basic.json).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{64}$/),
      token_type: 'bearer',
      expires_in: 3599,
      scope: 'partners',
    });
    const form = await client.send(sandbox.authUrl, {
      authorization: null,
      contentType: 'application/x-www-form-urlencoded',
      raw: `grant_type=client_credentials&client_id=${sandbox.clientId}&client_secret=${sandbox.clientSecret}`,
    });
    expect(form.status).toBe(200);
    expect(form.json.access_token).not.toBe(basic.json.access_token);
    // The new token works on the API.
    expectOk(await client.identify(VALID.manual, { authorization: `Bearer ${form.json.access_token}` }));
  });

  test('bad or missing credentials get 401 in the envelope; another grant type 400', async ({ client }) => {
    const { sandbox } = client;
    const form = { contentType: 'application/x-www-form-urlencoded', authorization: null } as const;
    expectError(
      await client.send(sandbox.authUrl, {
        ...form,
        raw: `grant_type=client_credentials&client_id=${sandbox.clientId}&client_secret=nope`,
      }),
      401,
      'invalid_client',
    );
    expectError(
      await client.send(sandbox.authUrl, { ...form, raw: 'grant_type=client_credentials' }),
      401,
      'invalid_client',
    );
    expectError(
      await client.send(sandbox.authUrl, {
        ...form,
        authorization: `Basic ${Buffer.from('x:y').toString('base64')}`,
        raw: 'grant_type=client_credentials',
      }),
      401,
    );
    expectError(
      await client.send(sandbox.authUrl, {
        ...form,
        raw: `grant_type=password&client_id=${sandbox.clientId}&client_secret=${sandbox.clientSecret}`,
      }),
      400,
    );
  });
});

test.describe('authentication, resources and order of judgement', () => {
  test('no token → 401 token_required; malformed or unknown token → 401 invalid_token', async ({ client }) => {
    expectError(await client.identify(VALID.idnow, { authorization: null }), 401, 'token_required');
    expectError(
      await client.identify(VALID.idnow, { authorization: 'Bearer ' + 'ab'.repeat(32) }),
      401,
      'invalid_token',
    );
    expectError(await client.identify(VALID.idnow, { authorization: 'Bearer not a token' }), 401, 'invalid_token');
    expectError(await client.identify(VALID.idnow, { authorization: `Basic ${client.token}` }), 401, 'invalid_token');
    // Every /v1 route is protected, not only the endpoint under test.
    expectError(await client.send('/v1/persons', { body: {}, authorization: null }), 401, 'token_required');
  });

  test('unknown person, unknown session and a session of another person → 404 model_not_found', async ({ client }) => {
    const { sandbox } = client;
    const unknownPerson = 'f'.repeat(32) + 'cper';
    const unknownSession = 'e'.repeat(32) + 'ises';
    expectError(
      await client.identify(VALID.idnow, { path: endpointPath(unknownPerson, sandbox.sessionId) }),
      404,
      'model_not_found',
    );
    expectError(
      await client.identify(VALID.idnow, { path: endpointPath(sandbox.personId, unknownSession) }),
      404,
      'model_not_found',
    );
    const other = await client.send('/v1/persons', { body: { first_name: 'Other' } });
    const otherSession = await client.send(`/v1/persons/${other.json.id}/identification_sessions`, {
      body: { identification_methods: ['idnow'] },
    });
    expectError(
      await client.identify(VALID.idnow, { path: endpointPath(sandbox.personId, otherSession.json.id) }),
      404,
      'model_not_found',
    );
    // …while the other person's own path works.
    expectOk(await client.identify(VALID.idnow, { path: endpointPath(other.json.id, otherSession.json.id) }));
  });

  test('401 before 404 before Content-Type/JSON before body rules', async ({ client }) => {
    const unknown = endpointPath('0'.repeat(32) + 'cper', client.sandbox.sessionId);
    expectError(await client.send(unknown, { raw: '{bad', authorization: null }), 401, 'token_required');
    expectError(await client.send(unknown, { raw: '{bad' }), 404, 'model_not_found');
    expectError(
      await client.send(client.endpoint, { raw: '{"method":"nope"}', contentType: 'text/plain' }),
      400,
      'invalid_json',
    );
    expectError(await client.send(client.endpoint, { raw: '{bad' }), 400, 'invalid_json');
  });
});

test.describe('unreadable bodies', () => {
  test('malformed JSON and an empty body → 400 invalid_json', async ({ client }) => {
    for (const raw of [
      '{bad',
      '',
      '   ',
      '{"method":"idnow",}',
      "{'method':'idnow'}",
      'null null',
      '{"method":"idnow"',
    ]) {
      expectError(await client.send(client.endpoint, { raw }), 400, 'invalid_json');
    }
  });

  test('a JSON body that is not an object → 400', async ({ client }) => {
    for (const body of [[], [VALID.idnow], 'idnow', 42, true, null]) {
      expectError(await client.send(client.endpoint, { raw: JSON.stringify(body) }), 400, 'invalid_model');
    }
  });

  test('Content-Type other than application/json → 400; parameters and case are fine', async ({ client }) => {
    const raw = JSON.stringify(VALID.idnow);
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/jsonx',
      'text/json',
      null,
    ]) {
      expectError(await client.send(client.endpoint, { raw, contentType }), 400);
    }
    for (const contentType of [
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/json;charset=UTF-8',
    ]) {
      expectOk(await client.send(client.endpoint, { raw, contentType }));
    }
  });
});

test.describe('request rules', () => {
  test('method is required; absent or null → 400 source.field method', async ({ client }) => {
    expectFieldError(await client.identify({}), 'method');
    expectFieldError(await client.identify({ method: null, language: 'DE' }), 'method');
  });

  test('enums are case-sensitive', async ({ client }) => {
    for (const method of ['IDNOW', 'Idnow', 'video', '', 'bank ident'])
      expectFieldError(await client.identify({ method }), 'method');
    for (const language of ['de', 'en', 'FR', ''])
      expectFieldError(await client.identify({ method: 'idnow', language }), 'language');
    for (const type of ['gas_bill', 'Gas_Bill', 'PASSPORT', ''])
      expectFieldError(
        await client.identify({ method: 'manual', proof_of_address_type: type }),
        'proof_of_address_type',
      );
    for (const type of [
      'BANK_ACCOUNT_STATEMENT',
      'CERTIFICATE_OF_REGISTRATION',
      'ELECTRICITY_BILL',
      'GAS_BILL',
      'HEATING_BILL',
      'INTERNET_BILL',
      'TELEPHONE_BILL',
      'WATER_BILL',
    ]) {
      expect(
        expectOk(await client.identify({ method: 'manual', proof_of_address_type: type })).proof_of_address_type,
      ).toBe(type);
    }
  });

  test('every documented field must be a string when not null', async ({ client }) => {
    for (const field of FIELDS) {
      for (const value of [1, 0, true, {}, [], ['DE'], 1.5]) {
        const body = { ...VALID.bank, [field]: value };
        const answer = await client.identify(body);
        expectFieldError(answer, field);
        expect(answer.json.errors.find((e: { source?: { field?: string } }) => e.source?.field === field).code).toBe(
          'type_error',
        );
      }
    }
  });

  test('leading or trailing whitespace is rejected in every field', async ({ client }) => {
    const valid: Record<string, string> = {
      method: 'idnow',
      language: 'DE',
      reference: 'ref-1',
      proof_of_address_type: 'GAS_BILL',
      proof_of_address_issued_at: '2021-12-03',
      iban: IBAN_DE,
      device_data: 'Web;abc',
    };
    for (const field of FIELDS) {
      for (const pad of [' ', '\t', '\n', '\u00a0', '\u2003']) {
        expectFieldError(await client.identify({ ...valid, [field]: pad + valid[field] }), field);
        expectFieldError(await client.identify({ ...valid, [field]: valid[field] + pad }), field);
      }
    }
    // Inner spaces are fine.
    expectOk(await client.identify({ method: 'manual', reference: 'a b  c' }));
  });

  test('proof_of_address_issued_at must be a real YYYY-MM-DD date', async ({ client }) => {
    for (const date of ['2021-12-03', '2024-02-29', '2000-02-29', '1999-12-31']) {
      expect(
        expectOk(await client.identify({ method: 'manual', proof_of_address_issued_at: date }))
          .proof_of_address_issued_at,
      ).toBe(date);
    }
    for (const date of [
      '2021-02-29',
      '1900-02-29',
      '2021-13-01',
      '2021-00-10',
      '2021-04-31',
      '2021-12-00',
      '2021-12-3',
      '20211203',
      '03.12.2021',
      '2021-12-03T00:00:00Z',
      '2021/12/03',
      '',
    ]) {
      expectFieldError(
        await client.identify({ method: 'manual', proof_of_address_issued_at: date }),
        'proof_of_address_issued_at',
      );
    }
  });

  test('iban: valid IBANs accepted; an invalid non-empty one rejected with any method', async ({ client }) => {
    expect(expectOk(await client.identify({ method: 'bank', iban: IBAN_DE })).iban).toBe(IBAN_DE);
    expect(expectOk(await client.identify({ method: 'bank_id', iban: IBAN_GB })).iban).toBe(IBAN_GB);
    for (const method of ['bank', 'bank_id', 'idnow', 'manual']) {
      for (const iban of [
        'DE89370400440532013001',
        'de89370400440532013000',
        'DE89 3704 0044 0532 0130 00',
        'XX89370400440532013000',
        'DE8937040044053201300',
        'not-an-iban',
      ]) {
        expectFieldError(await client.identify({ method, iban }), 'iban');
      }
    }
  });

  test('iban is required for bank and bank_id: absent, null or empty → 400 source.field iban', async ({ client }) => {
    for (const method of ['bank', 'bank_id']) {
      expectFieldError(await client.identify({ method }), 'iban');
      expectFieldError(await client.identify({ method, iban: null }), 'iban');
      expectFieldError(await client.identify({ method, iban: '' }), 'iban');
    }
    // Other methods do not need one, and an empty one is as good as none.
    const idnow = expectOk(await client.identify({ method: 'idnow', iban: '' }));
    expect(idnow.iban).toBeNull();
  });

  test('nulls and unknown fields are ignored', async ({ client }) => {
    const body = expectOk(
      await client.identify({
        method: 'idnow',
        language: null,
        reference: null,
        proof_of_address_type: null,
        proof_of_address_issued_at: null,
        iban: null,
        device_data: null,
        extra: 1,
        nested: { a: [1] },
        Method: 'x',
      }),
    );
    expect(body.method).toBe('idnow');
    expect(body.language).toBeNull();
    expect('extra' in body).toBe(false);
  });

  test('long and non-ASCII text is valid (the page example device_data is ~3,400 characters)', async ({ client }) => {
    expectOk(
      await client.identify({
        method: 'manual',
        device_data: 'Web;' + 'A+/='.repeat(1500),
        reference: 'r'.repeat(300),
      }),
    );
    expectOk(
      await client.identify({ method: 'manual', reference: 'Müller-Lüdenscheidt ñ 中文 😀', device_data: 'Web;é' }),
    );
  });

  test('a session method the session was not created for → 400 source.field method; manual and postident always accepted', async ({
    client,
  }) => {
    const session = await client.send(`/v1/persons/${client.sandbox.personId}/identification_sessions`, {
      body: { identification_methods: ['idnow'] },
    });
    const path = endpointPath(client.sandbox.personId, session.json.id);
    for (const method of ['bank', 'bank_id', 'fourthline'])
      expectFieldError(await client.identify(VALID[method], { path }), 'method');
    for (const method of ['idnow', 'manual', 'postident']) expectOk(await client.identify(VALID[method], { path }));
  });

  test('language with a non-IDnow method is accepted and not echoed', async ({ client }) => {
    for (const method of ['fourthline', 'manual', 'postident', 'bank']) {
      const body = expectOk(await client.identify({ ...VALID[method], language: 'EN' }));
      expect(body.language).toBeNull();
    }
  });
});

test.describe('the 200 identification', () => {
  for (const method of Object.keys(VALID)) {
    test(`${method}: shape, echoes and method-scoped fields`, async ({ client }) => {
      const sent = { ...VALID[method], proof_of_address_type: 'WATER_BILL', proof_of_address_issued_at: '2021-12-03' };
      const body = expectOk(await client.identify(sent));
      expect(body.id).toMatch(/^[0-9a-f]{32}cidt$/);
      expect(body.method).toBe(method);
      // The vendor leaves person_id out of some answers; when it is there, it is the path's.
      if ('person_id' in body) expect(body.person_id).toBe(client.sandbox.personId);
      expect(['created', 'pending']).toContain(body.status);
      expect(body.proof_of_address_type).toBe('WATER_BILL');
      expect(body.proof_of_address_issued_at).toBe('2021-12-03');
      expect([[], null]).toContainEqual(body.documents);
      // Every documented field but person_id is there, null when it has no value.
      for (const field of DOCUMENTED_FIELDS.filter((f) => f !== 'person_id'))
        expect(field in body, `${field} in ${JSON.stringify(body)}`).toBe(true);
      for (const field of UNDOCUMENTED_FIELDS) expect(field in body, `${field} in ${JSON.stringify(body)}`).toBe(true);
      expect(
        Object.keys(body).filter((k) => !DOCUMENTED_FIELDS.includes(k) && !UNDOCUMENTED_FIELDS.includes(k)),
      ).toEqual([]);
      for (const field of [
        'completed_at',
        'address',
        'failure_reason',
        'authorization_expires_at',
        'confirmation_expires_at',
        'account_verification_error',
        'current_reference_token',
      ]) {
        expect(body[field], field).toBeNull();
      }
      const idnow = method === 'idnow';
      expect(valued(body.url)).toBe(idnow);
      expect(valued(body.idnow_process_type)).toBe(idnow);
      expect(valued(body.language)).toBe(idnow);
      expect(valued(body.provider_status_code)).toBe(method === 'fourthline');
      expect(valued(body.iban)).toBe(method === 'bank' || method === 'bank_id');
      if (idnow) {
        expect(body.url).toMatch(/^https:\/\/go\.test\.idnow\.de\//);
        expect(body.reference).toMatch(/^TST-[A-Z]{5}$/);
        expect(body.language).toBe('DE');
        expect(body.idnow_process_type).toBe('eid');
      } else {
        expect(body.reference).toBeNull();
      }
      if (method === 'fourthline') expect(body.provider_status_code).toBe(1000);
      if (method === 'bank' || method === 'bank_id') expect(body.iban).toBe(VALID[method]!.iban);
    });
  }

  test('every identification gets a new id, and GET returns it for its person only', async ({ client }) => {
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(expectOk(await client.identify(VALID.idnow)).id as string);
    expect(ids.size).toBe(20);
    const id = [...ids][0]!;
    const got = await client.send(`/v1/persons/${client.sandbox.personId}/identifications/${id}`, { method: 'GET' });
    expect(got.status).toBe(200);
    expect(got.json.id).toBe(id);
    expectError(
      await client.send(`/v1/persons/${'1'.repeat(32)}cper/identifications/${id}`, { method: 'GET' }),
      404,
      'model_not_found',
    );
    expectError(
      await client.send(`/v1/persons/${client.sandbox.personId}/identifications/${'2'.repeat(32)}cidt`, {
        method: 'GET',
      }),
      404,
      'model_not_found',
    );
    expectError(
      await client.send(`/v1/persons/${client.sandbox.personId}/identifications/${id}`, {
        method: 'GET',
        authorization: null,
      }),
      401,
    );
  });
});

test.describe('persons and sessions', () => {
  test('POST person 201; POST session 201; GET session; validation and 404s', async ({ client }) => {
    const person = await client.send('/v1/persons', { body: { first_name: 'Ada' } });
    expect(person.status).toBe(201);
    expect(person.json.id).toMatch(/^[0-9a-f]{32}cper$/);
    const sessions = `/v1/persons/${person.json.id}/identification_sessions`;
    const session = await client.send(sessions, {
      body: { callback_url: 'https://example.test/cb', identification_methods: ['idnow', 'bank'] },
    });
    expect(session.status).toBe(201);
    expect(session.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}ises$/),
      url: expect.any(String),
      callback_url: 'https://example.test/cb',
      identification_methods: ['idnow', 'bank'],
      status: 'created',
    });
    const got = await client.send(`${sessions}/${session.json.id}`, { method: 'GET' });
    expect(got.status).toBe(200);
    expect(got.json).toEqual(session.json);
    expectError(
      await client.send(`/v1/persons/${client.sandbox.personId}/identification_sessions/${session.json.id}`, {
        method: 'GET',
      }),
      404,
      'model_not_found',
    );
    for (const bad of [
      {},
      { identification_methods: [] },
      { identification_methods: ['manual'] },
      { identification_methods: 'idnow' },
    ]) {
      expectFieldError(await client.send(sessions, { body: bad }), 'identification_methods');
    }
    expectFieldError(
      await client.send(sessions, { body: { identification_methods: ['idnow'], callback_url: 5 } }),
      'callback_url',
    );
    expectError(
      await client.send(`/v1/persons/${'3'.repeat(32)}cper/identification_sessions`, {
        body: { identification_methods: ['idnow'] },
      }),
      404,
      'model_not_found',
    );
    expectError(await client.send('/v1/persons', { raw: '[]' }), 400);
  });

  test('the ready session allows the four session methods', async ({ client }) => {
    const got = await client.send(
      `/v1/persons/${client.sandbox.personId}/identification_sessions/${client.sandbox.sessionId}`,
      { method: 'GET' },
    );
    expect(got.json.identification_methods).toEqual(['bank', 'bank_id', 'fourthline', 'idnow']);
  });
});

test.describe('routing and the fault report', () => {
  test('unknown routes → 404 and wrong HTTP methods → 405, both in the envelope', async ({ client }) => {
    expectError(await client.send('/v2/nothing', { body: {} }), 404);
    expectError(await client.send('/v1/persons/x/identification_sessions/y/identifications/z', { body: {} }), 404);
    expectError(await client.send(client.endpoint, { method: 'GET' }), 405);
    expectError(await client.send(client.endpoint, { method: 'PUT', body: VALID.idnow }), 405);
  });

  test('GET /__sandbox/faults with no faults', async ({ client }) => {
    const report = await client.send('/__sandbox/faults', { method: 'GET', authorization: null });
    expect(report.json).toEqual({ active: [], triggered: {}, cases: {}, chaos: {} });
  });
});
