import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ACCOUNT_VERIFICATION_ERRORS,
  DOCUMENTED_HTTP_STATUSES,
  DOCUMENT_TYPES,
  IDENTIFICATION_STATUSES,
  LANGUAGES,
  METHODS,
  PROOF_OF_ADDRESS_TYPES,
  PROVIDER_STATUS_CODES,
  REQUEST_FIELDS,
  REQUEST_STRING_FIELDS,
  SESSION_METHODS,
} from '../../../schemas/contract';
import {
  type SchemaError,
  formatSchemaErrors,
  isValidIban,
  validateErrorBody,
  validateIdentification,
  validateRequest,
} from '../../../schemas/validators';

type Obj = Record<string, unknown>;
const schemasDir = path.resolve(import.meta.dirname, '../../../schemas');
const readSchema = (name: string): Obj => JSON.parse(readFileSync(path.join(schemasDir, name), 'utf8')) as Obj;
const identificationSchema = readSchema('identification.schema.json');
const errorSchema = readSchema('error.schema.json');
const requestSchema = readSchema('identification-request.schema.json');

const props = (s: unknown): Record<string, Obj> => ((s as Obj).properties ?? {}) as Record<string, Obj>;
const firstExample = (s: Obj): unknown => (Array.isArray(s.examples) ? s.examples[0] : undefined);

/** The page's field examples assembled into one identification; enum-only fields take their first value. */
function identificationFromPageExamples(): Obj {
  const body: Obj = {};
  for (const [name, s] of Object.entries(props(identificationSchema))) {
    const example = firstExample(s);
    if (example !== undefined) body[name] = example;
    else if (Array.isArray(s.enum)) body[name] = s.enum[0];
    else if (s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'))) {
      const nested: Obj = {};
      for (const [child, cs] of Object.entries(props(s))) nested[child] = firstExample(cs);
      body[name] = nested;
    }
  }
  return body;
}

const GOOD_IBAN = 'DE89370400440532013000';
const pick = (errs: SchemaError[]): [string, string][] => errs.map((e) => [e.keyword, e.path]);

test.describe('page examples validate', () => {
  test('field examples assembled into an identification', () => {
    const body = identificationFromPageExamples();
    expect(Object.keys(body)).toEqual(
      expect.arrayContaining(['id', 'status', 'method', 'person_id', 'address', 'documents']),
    );
    expect((body.address as Obj).line_1).toBe('BERLINER STR. 45');
    // The page's iban example fails mod-97, which is why the response schema carries no iban format.
    expect(isValidIban(String(body.iban))).toBe(false);
    expect(formatSchemaErrors(validateIdentification(body))).toBe('');
  });

  test('the documents example, alone in a minimal identification', () => {
    const documents = firstExample(props(identificationSchema).documents!);
    expect(Array.isArray(documents) && documents.length).toBe(2);
    const body = { id: 'x', method: 'idnow', status: 'created', person_id: 'p', documents };
    expect(formatSchemaErrors(validateIdentification(body))).toBe('');
  });

  test('the error examples wrapped in the envelope', () => {
    const examples = errorSchema.examples as unknown[];
    expect(examples.map((e) => (e as { errors: Obj[] }).errors[0]!.status)).toEqual(['400', '403', '500']);
    for (const e of examples) expect(formatSchemaErrors(validateErrorBody(e))).toBe('');
  });

  test('a request built from the request field examples', () => {
    const body: Obj = { method: 'bank_id', iban: GOOD_IBAN };
    for (const [name, s] of Object.entries(props(requestSchema))) {
      const example = firstExample(s);
      if (example !== undefined) body[name] = example;
    }
    expect(body.proof_of_address_issued_at).toBe('2021-12-03');
    expect(formatSchemaErrors(validateRequest(body))).toBe('');
  });
});

test.describe('request schema', () => {
  const valid: [string, unknown][] = [
    ['method only', { method: 'idnow' }],
    [
      'every optional field null',
      {
        method: 'fourthline',
        language: null,
        reference: null,
        proof_of_address_type: null,
        proof_of_address_issued_at: null,
        iban: null,
        device_data: null,
      },
    ],
    ['unknown fields allowed', { method: 'manual', whatever: { nested: [1] }, padded: ' ok ' }],
    ['bank with iban', { method: 'bank', iban: GOOD_IBAN }],
    ['leap day', { method: 'idnow', proof_of_address_issued_at: '2020-02-29', language: 'EN', reference: 'a b' }],
    ['empty reference', { method: 'postident', reference: '' }],
  ];
  for (const [name, body] of valid) {
    test(`valid: ${name}`, () => expect(formatSchemaErrors(validateRequest(body))).toBe(''));
  }

  const invalid: [string, unknown, [keyword: string, path: string][]][] = [
    ['not an object', [], [['type', '']]],
    ['no method', {}, [['required', '']]],
    [
      'null method',
      { method: null },
      [
        ['type', '/method'],
        ['enum', '/method'],
      ],
    ],
    ['method wrong case', { method: 'IDNOW' }, [['enum', '/method']]],
    ['method padded', { method: ' idnow' }, [['enum', '/method']]],
    ['bank without iban', { method: 'bank' }, [['required', '']]],
    ['bank_id with null iban', { method: 'bank_id', iban: null }, [['type', '/iban']]],
    [
      'bank_id with empty iban',
      { method: 'bank_id', iban: '' },
      [
        ['format', '/iban'],
        ['minLength', '/iban'],
      ],
    ],
    ['iban bad checksum', { method: 'idnow', iban: 'DE89370400440532013001' }, [['format', '/iban']]],
    [
      'iban lower case',
      { method: 'bank', iban: GOOD_IBAN.toLowerCase() },
      [
        ['format', '/iban'],
        ['pattern', '/iban'],
      ],
    ],
    [
      'bank (Bankident) with a valid IBAN of another country',
      { method: 'bank', iban: 'GB82WEST12345698765432' },
      [['pattern', '/iban']],
    ],
    ['iban with spaces', { method: 'bank', iban: 'DE89 3704 0044 0532 0130 00' }, [['format', '/iban']]],
    ['language lower case', { method: 'idnow', language: 'de' }, [['enum', '/language']]],
    [
      'proof type unknown',
      { method: 'idnow', proof_of_address_type: 'PHONE_BILL' },
      [['enum', '/proof_of_address_type']],
    ],
    [
      'impossible date',
      { method: 'idnow', proof_of_address_issued_at: '2021-02-30' },
      [['format', '/proof_of_address_issued_at']],
    ],
    [
      'date-time for a date',
      { method: 'idnow', proof_of_address_issued_at: '2021-12-03T00:00:00Z' },
      [['format', '/proof_of_address_issued_at']],
    ],
    ['reference leading space', { method: 'idnow', reference: ' x' }, [['pattern', '/reference']]],
    ['device_data trailing newline', { method: 'idnow', device_data: 'x\n' }, [['pattern', '/device_data']]],
    ['reference a number', { method: 'idnow', reference: 5 }, [['type', '/reference']]],
  ];
  for (const [name, body, expected] of invalid) {
    test(`invalid: ${name}`, () => {
      const errs = validateRequest(body);
      expect(pick(errs).sort()).toEqual([...expected].sort());
    });
  }
});

test.describe('identification schema', () => {
  const base = { id: '9dfe2f4edaa67138be0c0c1cd3a7d849cidt', method: 'idnow', status: 'created', person_id: 'p' };

  /** Every documented field, at every depth, as [dotted name, schema]. */
  const everyField = (schema: Obj, prefix = ''): [string, Obj][] =>
    Object.entries(props(schema)).flatMap(([name, s]): [string, Obj][] => {
      const dotted = `${prefix}${name}`;
      const holder = (s.items as Obj | undefined) ?? s;
      return [[dotted, s], ...(holder.properties ? everyField(holder, `${dotted}.`) : [])];
    });

  test('null means no value (OBS): every documented field but id, method, status accepts null, at every depth', () => {
    const notNullable = everyField(identificationSchema)
      .filter(([, s]) => !(Array.isArray(s.type) && s.type.includes('null')))
      .map(([n]) => n)
      .sort();
    expect(notNullable).toEqual(['id', 'method', 'status']);
    for (const [, s] of everyField(identificationSchema))
      if (Array.isArray(s.enum) && s.type !== 'string') expect(s.enum).toContain(null);
    const allNull = Object.fromEntries(
      Object.keys(props(identificationSchema))
        .filter((n) => !['id', 'method', 'status'].includes(n))
        .map((n) => [n, null]),
    );
    expect(formatSchemaErrors(validateIdentification({ ...base, ...allNull }))).toBe('');
    const nestedNull = {
      ...base,
      address: { line_1: null, line_2: null, postal_code: null, city: null, country: null, state: null },
      documents: [{ id: null, name: null, content_type: null, document_type: null, size: null }],
    };
    expect(formatSchemaErrors(validateIdentification(nestedNull))).toBe('');
  });

  test('required fields are id, method, status (inferred); person_id and undocumented fields are optional', () => {
    expect(identificationSchema.required).toEqual(['id', 'method', 'status']);
    expect(String(identificationSchema.$comment)).toMatch(/required is inferred/);
    const { person_id: _personId, ...withoutPerson } = base;
    expect(
      validateIdentification({
        ...withoutPerson,
        estimated_waiting_time: null,
        next_step: 'idnow',
        terms_and_conditions_signed_at: '2022-06-09T13:33:28.000Z',
      }),
    ).toEqual([]);
  });

  const invalid: [string, Obj, [string, string][]][] = [
    ['missing status', { id: 'x', method: 'idnow', person_id: 'p' }, [['required', '']]],
    ['null id', { ...base, id: null }, [['type', '/id']]],
    [
      'null method',
      { ...base, method: null },
      [
        ['type', '/method'],
        ['enum', '/method'],
      ],
    ],
    [
      'null status',
      { ...base, status: null },
      [
        ['type', '/status'],
        ['enum', '/status'],
      ],
    ],
    ['missing id', { method: 'idnow', status: 'created' }, [['required', '']]],
    ['non-null reference of the wrong type', { ...base, reference: 5 }, [['type', '/reference']]],
    [
      'completed_at without a zone',
      { ...base, completed_at: '2022-06-09T13:33:28.000' },
      [['format', '/completed_at']],
    ],
    ['method beyond the page (seen elsewhere in the API)', { ...base, method: 'bank_plus' }, [['enum', '/method']]],
    ['webhook-only status', { ...base, status: 'pre_successful' }, [['enum', '/status']]],
    [
      'completed_at with a space and no zone',
      { ...base, completed_at: '2021-09-14 18:18:28' },
      [['format', '/completed_at']],
    ],
    [
      'authorization_expires_at not a date-time',
      { ...base, authorization_expires_at: '2021-09-14' },
      [['format', '/authorization_expires_at']],
    ],
    ['url not absolute', { ...base, url: '/identifications/1' }, [['format', '/url']]],
    ['provider code outside the enum', { ...base, provider_status_code: 1025 }, [['enum', '/provider_status_code']]],
    [
      'provider code as a string',
      { ...base, provider_status_code: '1000' },
      [
        ['type', '/provider_status_code'],
        ['enum', '/provider_status_code'],
      ],
    ],
    ['address a string', { ...base, address: 'Berlin' }, [['type', '/address']]],
    ['address line a number', { ...base, address: { line_1: 45 } }, [['type', '/address/line_1']]],
    [
      'document type unknown',
      { ...base, documents: [{ document_type: 'SELFIE' }] },
      [['enum', '/documents/0/document_type']],
    ],
    ['document size fractional', { ...base, documents: [{ size: 1.5 }] }, [['type', '/documents/0/size']]],
    [
      'account verification error unknown',
      { ...base, account_verification_error: 'oops' },
      [['enum', '/account_verification_error']],
    ],
  ];
  for (const [name, body, expected] of invalid) {
    test(`invalid: ${name}`, () => expect(pick(validateIdentification(body)).sort()).toEqual([...expected].sort()));
  }

  test('date-time with zone and fraction is valid', () => {
    expect(
      validateIdentification({
        ...base,
        completed_at: '2021-09-14T18:18:28.000Z',
        confirmation_expires_at: '2021-09-14T20:18:28+02:00',
      }),
    ).toEqual([]);
  });
});

test.describe('error schema', () => {
  const item = {
    id: 'a95f2aaf-4e0c-4d49-8021-8a16a884ed86',
    status: 400,
    code: 'invalid_model',
    title: 'Invalid Model',
    detail: 'iban is invalid',
  };

  test('integer status, digit-string status and source are valid', () => {
    expect(
      validateErrorBody({
        errors: [item, { ...item, status: '400', source: { field: 'iban', message: 'is invalid' } }],
      }),
    ).toEqual([]);
  });

  const invalid: [string, unknown, [string, string][]][] = [
    ['a flat error object', item, [['required', '']]],
    ['empty errors array', { errors: [] }, [['minItems', '/errors']]],
    ['errors not an array', { errors: item }, [['type', '/errors']]],
    ['status not digits', { errors: [{ ...item, status: 'Bad Request' }] }, [['anyOf', '/errors/0/status']]],
    ['item without detail', { errors: [{ id: 'x', status: 400, code: 'c', title: 't' }] }, [['required', '/errors/0']]],
    ['source.field a number', { errors: [{ ...item, source: { field: 1 } }] }, [['type', '/errors/0/source/field']]],
  ];
  for (const [name, body, expected] of invalid) {
    test(`invalid: ${name}`, () => expect(pick(validateErrorBody(body)).sort()).toEqual([...expected].sort()));
  }
});

test.describe('SchemaError and its formatting', () => {
  test('one line per error with path, expectation and the value', () => {
    const text = formatSchemaErrors(validateRequest({ method: 'IDNOW', reference: ' x' }));
    expect(text.split('\n')).toEqual([
      '/method: expected one of "bank", "bank_id", "fourthline", "idnow", "manual", "postident", got "IDNOW"',
      '/reference: expected no leading or trailing whitespace, got " x"',
    ]);
    expect(formatSchemaErrors(validateRequest({}))).toBe('(root): expected required property "method", got absent');
  });

  test('actual is truncated to about 120 characters', () => {
    const [err] = validateRequest({ method: 'idnow', device_data: `${'x'.repeat(500)} ` });
    expect(err?.actual.length).toBeLessThanOrEqual(120);
    expect(err?.schemaPath).toBe('#/properties/device_data/pattern');
  });

  test('anyOf branches fold into one error', () => {
    const errs = validateErrorBody({ errors: [{ id: 'x', status: '4OO', code: 'c', title: 't', detail: 'd' }] });
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toBe('(type integer) or (a string matching ^[0-9]+$)');
  });
});

test.describe('formats', () => {
  test('iban: ibantools on the exact string', () => {
    expect(isValidIban(GOOD_IBAN)).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('DE8937040044053201300')).toBe(false); // one digit short for DE
    expect(isValidIban('XX89370400440532013000')).toBe(false);
    expect(isValidIban(` ${GOOD_IBAN}`)).toBe(false);
  });

  test('each schema is compiled once: many validations stay fast', () => {
    const start = performance.now();
    for (let i = 0; i < 20_000; i++) validateRequest({ method: 'bank', iban: GOOD_IBAN, reference: `r${i}` });
    // Compiling per call costs milliseconds each (minutes here); validating compiled code is microseconds.
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});

test.describe('enums are complete (counts checked against the reference page)', () => {
  test('counts', () => {
    expect(METHODS).toHaveLength(6);
    expect(LANGUAGES).toEqual(['DE', 'EN']);
    expect(IDENTIFICATION_STATUSES).toHaveLength(16);
    expect(PROOF_OF_ADDRESS_TYPES).toHaveLength(8);
    expect(DOCUMENT_TYPES).toHaveLength(8);
    expect(PROVIDER_STATUS_CODES).toHaveLength(89);
    expect(ACCOUNT_VERIFICATION_ERRORS).toHaveLength(15);
  });

  test('values', () => {
    expect(METHODS).toEqual(['bank', 'bank_id', 'fourthline', 'idnow', 'manual', 'postident']);
    expect(IDENTIFICATION_STATUSES).toContain('identification_data_required');
    expect(IDENTIFICATION_STATUSES).not.toContain('pending_account_creation');
    expect(PROVIDER_STATUS_CODES[0]).toBe(1000);
    expect(PROVIDER_STATUS_CODES.at(-1)).toBe(3620);
    expect(PROVIDER_STATUS_CODES.every((c) => Number.isInteger(c))).toBe(true);
    expect(new Set(PROVIDER_STATUS_CODES).size).toBe(89);
    expect(ACCOUNT_VERIFICATION_ERRORS).toContain('pinned_iban_not_found');
    expect(DOCUMENT_TYPES).toContain('SIGNED_QES_DOCUMENT');
  });

  test('every enum value validates and request/response enums agree', () => {
    const base = { id: 'x', method: 'idnow', status: 'created', person_id: 'p' };
    for (const status of IDENTIFICATION_STATUSES) expect(validateIdentification({ ...base, status })).toEqual([]);
    for (const code of PROVIDER_STATUS_CODES)
      expect(validateIdentification({ ...base, provider_status_code: code })).toEqual([]);
    for (const e of ACCOUNT_VERIFICATION_ERRORS)
      expect(validateIdentification({ ...base, account_verification_error: e })).toEqual([]);
    for (const t of DOCUMENT_TYPES)
      expect(validateIdentification({ ...base, documents: [{ document_type: t }] })).toEqual([]);
    for (const m of METHODS) expect(validateIdentification({ ...base, method: m })).toEqual([]);
    const response = props(identificationSchema);
    // The response enums carry null besides the request's vocabulary (null means no value).
    expect(response.proof_of_address_type!.enum).toEqual([...PROOF_OF_ADDRESS_TYPES, null]);
    expect(response.language!.enum).toEqual([...LANGUAGES, null]);
  });

  test('request fields and the contract lists', () => {
    expect(REQUEST_FIELDS).toEqual([
      'method',
      'language',
      'reference',
      'proof_of_address_type',
      'proof_of_address_issued_at',
      'iban',
      'device_data',
    ]);
    expect(REQUEST_STRING_FIELDS).toEqual(REQUEST_FIELDS);
    expect(DOCUMENTED_HTTP_STATUSES).toEqual([200, 400, 401, 403, 404, 409, 500]);
    expect(SESSION_METHODS).toEqual(['bank', 'bank_id', 'fourthline', 'idnow']);
    expect(SESSION_METHODS.every((m) => METHODS.includes(m))).toBe(true);
  });
});
