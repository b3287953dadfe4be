/**
 * Issue 11, item 4: what the vendor sends beyond the page is reported, never judged. The documented
 * set comes from the committed schemas; the walk names undocumented fields by path; a test keeps a
 * count and one scrubbed, cut example per field; the run adds the tests up in a stable order.
 */
import { expect, test } from '@playwright/test';
import { isJsonObject, type JsonObject } from '../../../schemas/json';
import { loadSchema } from '../../../schemas/load';
import { MAX_OBSERVATIONS, ObservationTally, observationsText } from '../../../reporters/observations';
import type { ReceivedResponse } from '../../../suite/checks/types';
import { REDACTED } from '../../../suite/evidence/redact';
import {
  documentedFields,
  documentedFor,
  EXAMPLE_LENGTH,
  exampleOf,
  MAX_FIELDS_PER_TEST,
  ObservationCollector,
  undocumentedFields,
  type Observation,
} from '../../../suite/engine/observations';

const response = (status: number, body: unknown): ReceivedResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  bodyText: JSON.stringify(body),
  json: body,
});
const identification = documentedFor('undocumented-field');
const errorBody = documentedFor('undocumented-error-field');

test.describe('the documented set', () => {
  test('is every property of the committed schemas, nested ones included', () => {
    // Read from the schema here too, so a field the schemas gain is checked without editing this test.
    const properties = loadSchema('identification').properties;
    expect(isJsonObject(properties)).toBe(true);
    for (const key of Object.keys(properties as JsonObject)) expect(identification.fields.has(key), key).toBe(true);
    expect([...identification.fields].filter((f) => f.startsWith('address.')).sort()).toEqual([
      'address.city',
      'address.country',
      'address.line_1',
      'address.line_2',
      'address.postal_code',
      'address.state',
    ]);
    expect([...identification.fields].filter((f) => f.startsWith('documents[].')).sort()).toEqual([
      'documents[].content_type',
      'documents[].document_type',
      'documents[].id',
      'documents[].name',
      'documents[].size',
    ]);
    expect([...identification.objects]).toEqual(['address']);
    expect([...identification.arrays]).toEqual(['documents']);
    expect([...errorBody.fields].sort()).toEqual([
      'errors',
      'errors[].code',
      'errors[].detail',
      'errors[].id',
      'errors[].source',
      'errors[].source.field',
      'errors[].source.message',
      'errors[].status',
      'errors[].title',
    ]);
  });

  test('sees through anyOf, oneOf, allOf and local $ref (how a nullable field may be written)', () => {
    const schema: JsonObject = {
      $defs: { address: { type: 'object', properties: { city: { type: 'string' } } } },
      type: 'object',
      properties: {
        address: { anyOf: [{ $ref: '#/$defs/address' }, { type: 'null' }] },
        documents: {
          type: ['array', 'null'],
          items: { oneOf: [{ type: 'object', properties: { size: { type: 'integer' } } }] },
        },
        meta: { allOf: [{ properties: { a: {} } }, { properties: { b: {} } }] },
        remote: { $ref: 'https://elsewhere.example/schema.json' },
        cyclic: { $ref: '#' },
      },
    };
    const documented = documentedFields(schema);
    for (const path of [
      'address',
      'address.city',
      'documents',
      'documents[].size',
      'meta.a',
      'meta.b',
      'remote',
      'cyclic.address.city',
      'cyclic.cyclic.meta.b',
    ])
      expect(documented.fields.has(path), path).toBe(true);
    // An unresolvable ref documents the field but nothing inside it: never a false "undocumented".
    expect(undocumentedFields({ remote: { anything: 1 } }, documented)).toEqual([]);
  });
});

test.describe('undocumentedFields', () => {
  test('a body of documented fields only has none (no false positive)', () => {
    const body = {
      id: 'x1cidt',
      reference: null,
      url: 'https://go.test.idnow.de/x',
      status: 'created',
      completed_at: null,
      method: 'idnow',
      proof_of_address_type: null,
      proof_of_address_issued_at: null,
      language: 'DE',
      person_id: 'p1cper',
      address: { line_1: 'A 1', line_2: null, postal_code: '1', city: 'B', country: 'DE', state: 'BE' },
      documents: [{ id: 'd1cdoc', name: 'f.pdf', content_type: 'application/pdf', document_type: 'OTHER', size: 1 }],
      failure_reason: null,
      iban: null,
      authorization_expires_at: null,
      confirmation_expires_at: null,
      provider_status_code: null,
      account_verification_error: null,
      idnow_process_type: 'eid',
    };
    expect(undocumentedFields(body, identification)).toEqual([]);
    expect(
      undocumentedFields(
        {
          errors: [
            { id: 'e', status: 400, code: 'c', title: 't', detail: 'd', source: { field: 'iban', message: 'm' } },
          ],
        },
        errorBody,
      ),
    ).toEqual([]);
  });

  test('names top-level, nested and array-item fields once each, with their first value', () => {
    const body = {
      id: 'x1cidt',
      status: 'created',
      method: 'idnow',
      estimated_waiting_time: null,
      next_step: { action: 'video', inner: { deep: 1 } },
      address: { city: 'B', geo: [52.5, 13.4] },
      documents: [{ id: 'd1', checksum: 'sha256:a' }, { id: 'd2', checksum: 'sha256:b', pages: 3 }, 'not an object'],
    };
    expect(undocumentedFields(body, identification)).toEqual([
      { field: 'estimated_waiting_time', value: null },
      // Only the outermost undocumented key: what is inside it is its value.
      { field: 'next_step', value: { action: 'video', inner: { deep: 1 } } },
      { field: 'address.geo', value: [52.5, 13.4] },
      { field: 'documents[].checksum', value: 'sha256:a' },
      { field: 'documents[].pages', value: 3 },
    ]);
  });

  test('error bodies: extra top-level keys, item extras and source extras', () => {
    const body = {
      errors: [
        {
          id: 'e',
          status: '400',
          code: 'c',
          title: 't',
          detail: 'd',
          meta: { trace: 'x' },
          source: { field: 'iban', hint: 'DE..' },
        },
        { id: 'f', meta: null },
      ],
      backtrace: ['app.rb:1'],
    };
    expect(undocumentedFields(body, errorBody)).toEqual([
      { field: 'errors[].meta', value: { trace: 'x' } },
      { field: 'errors[].source.hint', value: 'DE..' },
      { field: 'backtrace', value: ['app.rb:1'] },
    ]);
  });

  test('a documented field of the wrong shape, or a body that is no object, yields nothing to walk', () => {
    expect(undocumentedFields({ address: 'Berlin', documents: {} }, identification)).toEqual([]);
    for (const body of [null, 'text', 42, [{ estimated_waiting_time: null }], undefined])
      expect(undocumentedFields(body, identification)).toEqual([]);
  });
});

test.describe('ObservationCollector', () => {
  test('counts responses (read-backs too), not array items, and measures each body against its schema', () => {
    const collector = new ObservationCollector();
    const created = {
      id: 'x',
      status: 'created',
      method: 'idnow',
      estimated_waiting_time: null,
      documents: [{ checksum: 'a' }, { checksum: 'b' }],
    };
    collector.observe({
      response: response(200, created),
      readBack: response(200, { ...created, estimated_waiting_time: 30 }),
    });
    collector.observe({ response: response(201, created) });
    collector.observe({ response: response(400, { errors: [{ id: 'e' }], backtrace: ['a'] }) });
    collector.observe({
      response: response(404, { errors: [], backtrace: ['b'] }),
      readBack: response(500, { errors: [], backtrace: ['c'] }),
    });
    // A redirect has no documented body; a body that is no JSON has no fields.
    collector.observe({ response: response(302, { estimated_waiting_time: 1 }) });
    collector.observe({
      response: { status: 200, headers: {}, bodyText: '<html>', json: undefined, jsonError: 'not JSON' },
    });
    expect(collector.finish([])).toEqual([
      { kind: 'undocumented-field', field: 'documents[].checksum', count: 3, example: 'a' },
      // The first value was null; a later non-null one says more about the field.
      { kind: 'undocumented-field', field: 'estimated_waiting_time', count: 3, example: 30 },
      { kind: 'undocumented-error-field', field: 'backtrace', count: 3, example: ['a'] },
    ]);
  });

  test('keeps MAX_FIELDS_PER_TEST fields, counts those on, and says it stopped listing', () => {
    const collector = new ObservationCollector();
    const many = Object.fromEntries(
      Array.from({ length: MAX_FIELDS_PER_TEST + 5 }, (_, i) => [`x_${String(i).padStart(3, '0')}`, i]),
    );
    collector.observe({ response: response(200, many) });
    collector.observe({ response: response(200, many) });
    const observed = collector.finish([]);
    expect(observed).toHaveLength(MAX_FIELDS_PER_TEST);
    expect(observed.every((o) => o.count === 2)).toBe(true);
    expect(collector.capped).toBe(true);
  });

  test('examples are scrubbed of secrets before they are cut, and field names too', () => {
    const token = '0123456789abcdef'.repeat(4);
    const collector = new ObservationCollector();
    // Raw, the JSON runs past the cut inside the token: cutting first would leave its first 18
    // characters in the report. Scrubbed first, it fits whole.
    collector.observe({
      response: response(200, { echo: `${'x'.repeat(EXAMPLE_LENGTH - 20)} ${token}`, [`k_${token}`]: { token } }),
    });
    const observed = collector.finish([token]);
    expect(JSON.stringify(observed)).not.toContain(token.slice(0, 12));
    expect(observed).toEqual([
      {
        kind: 'undocumented-field',
        field: 'echo',
        count: 1,
        example: `${'x'.repeat(EXAMPLE_LENGTH - 20)} ${REDACTED}`,
      },
      { kind: 'undocumented-field', field: `k_${REDACTED}`, count: 1, example: { token: REDACTED } },
    ]);
  });
});

test.describe('exampleOf', () => {
  test('short values stay values; long ones become their JSON, cut to EXAMPLE_LENGTH', () => {
    expect(exampleOf(null, [])).toEqual({ example: null });
    expect(exampleOf({ a: [1, 'two', true, null] }, [])).toEqual({ example: { a: [1, 'two', true, null] } });
    const long = { list: Array.from({ length: 1000 }, (_, i) => i) };
    const cut = exampleOf(long, []);
    expect(cut.truncated).toBe(true);
    expect(cut.example).toBe(`${JSON.stringify(long).slice(0, EXAMPLE_LENGTH - 1)}…`);
    expect(exampleOf('é"\n'.repeat(100), []).example).toBe(
      `${JSON.stringify('é"\n'.repeat(100)).slice(0, EXAMPLE_LENGTH - 1)}…`,
    );
    // Exactly EXAMPLE_LENGTH characters of JSON still fit.
    const fits = 'y'.repeat(EXAMPLE_LENGTH - 2);
    expect(exampleOf(fits, [])).toEqual({ example: fits });
  });

  test('costs the budget, not the value: a huge string or a deeply nested value is cut without a stack overflow', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(exampleOf(deep, []).example).toBe(`${'['.repeat(EXAMPLE_LENGTH - 1)}…`);
    const huge = 'z'.repeat(5_000_000);
    const started = performance.now();
    expect(exampleOf({ huge }, []).truncated).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

test.describe('ObservationTally (the run)', () => {
  const o = (
    kind: Observation['kind'],
    field: string,
    count: number,
    example: Observation['example'],
  ): Observation => ({ kind, field, count, example });

  test('adds counts per kind and field, keeps the first (non-null) example, sorts by kind then field', () => {
    const tally = new ObservationTally();
    tally.add({
      observations: [
        o('undocumented-field', 'next_step', 2, 'video'),
        o('undocumented-error-field', 'backtrace', 1, ['a']),
      ],
    });
    tally.add({
      observations: [
        o('undocumented-field', 'estimated_waiting_time', 5, null),
        o('undocumented-field', 'next_step', 3, 'bank'),
      ],
    });
    // Older stats attachments carry no observations.
    tally.add({});
    tally.add({
      observations: [
        o('undocumented-error-field', 'backtrace', 4, ['b']),
        o('undocumented-field', 'backtrace', 1, 0),
        o('undocumented-field', 'current_reference_token', 2, null),
      ],
    });
    tally.add({ observations: [o('undocumented-field', 'estimated_waiting_time', 1, 300)] });
    expect(tally.list()).toEqual([
      o('undocumented-field', 'backtrace', 1, 0),
      o('undocumented-field', 'current_reference_token', 2, null),
      o('undocumented-field', 'estimated_waiting_time', 6, 300),
      o('undocumented-field', 'next_step', 5, 'video'),
      o('undocumented-error-field', 'backtrace', 5, ['a']),
    ]);
    expect(tally.capped).toBe(false);
  });

  test('a test that capped caps the run; past MAX_OBSERVATIONS the most frequent fields stay', () => {
    const capped = new ObservationTally();
    capped.add({ observations: [], observationsCapped: true });
    expect(capped.capped).toBe(true);
    const tally = new ObservationTally();
    tally.add({
      observations: Array.from({ length: MAX_OBSERVATIONS + 10 }, (_, i) =>
        o('undocumented-field', `x_${String(i).padStart(4, '0')}`, i + 1, null),
      ),
    });
    const listed = tally.list();
    expect(listed).toHaveLength(MAX_OBSERVATIONS);
    expect(listed[0]?.field).toBe('x_0010');
    expect(tally.capped).toBe(true);
  });

  test('the console section: one aligned line per field, body, count and an example', () => {
    const text = observationsText([
      o('undocumented-field', 'estimated_waiting_time', 40, null),
      o('undocumented-error-field', 'backtrace', 120, ['app.rb:1']),
    ]);
    expect(text).toBe(
      [
        'observed beyond the contract (reported, never judged): field, responses that carried it, one example',
        '  identification  estimated_waiting_time   ×40  e.g. null',
        '  error body      backtrace               ×120  e.g. ["app.rb:1"]',
      ].join('\n'),
    );
    expect(observationsText([])).toBe('');
    expect(observationsText([o('undocumented-field', 'a', 1, 1)], true)).toContain(
      'more undocumented fields were seen than are listed',
    );
  });
});
