/**
 * One test per fault: the same probe against a clean sandbox and against one with only that fault
 * on must observe different behaviour, the faulty one exactly as faults.ts describes, and the
 * fault must count as triggered. A fault added to faults.ts without a case here fails the
 * completeness test, so no fault ships unproven.
 */
import { CASE_HEADER } from '../../../suite/model/case-header';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { connect, endpointPath, type Answer, type SandboxClient } from '../../../sandbox/client';
import { CHECK_IDS } from '../../../suite/checks/registry';
import {
  FAULT_NAMES,
  FAULTS,
  parseFaultNames,
  splitFaultList,
  UnknownFaultError,
  type FaultName,
} from '../../../sandbox/faults';
import { startSandbox } from '../../../sandbox/server';

const IBAN = 'DE89370400440532013000';
const JSON_TYPE = 'application/json; charset=utf-8';
const IDNOW = { method: 'idnow', language: 'DE' };
const MANUAL = { method: 'manual' };
const BANK = { method: 'bank', iban: IBAN };

interface FaultCase {
  /** Sends what the fault targets and reduces the answer(s) to the observable that changes. */
  observe(client: SandboxClient): Promise<unknown>;
  clean: unknown;
  faulty: unknown;
}

const status = (a: Answer): number => a.status;
const has = (o: unknown, key: string): boolean => typeof o === 'object' && o !== null && key in o;
/** A field with a value: null is "no value" in the contract, like an absent field. */
const valued = (o: Record<string, unknown>, key: string): boolean => o[key] !== undefined && o[key] !== null;
/** Error status as its number, whether sent as an integer or a string (the sandbox sends both). */
const statusOf = (a: Answer): string => String(firstError(a).status);
const firstError = (a: Answer): Record<string, unknown> =>
  (Array.isArray(a.json?.errors) ? a.json.errors[0] : a.json) as Record<string, unknown>;

async function foreignSession(c: SandboxClient): Promise<string> {
  const other = await c.send('/v1/persons', { body: {} });
  const session = await c.send(`/v1/persons/${other.json.id}/identification_sessions`, {
    body: { identification_methods: ['idnow'] },
  });
  return endpointPath(c.sandbox.personId, session.json.id as string);
}

const CASES: Record<FaultName, FaultCase> = {
  'schema-bad-status-enum': {
    observe: async (c) => (await c.identify(IDNOW)).json.status,
    clean: 'created',
    faulty: 'pre_successful',
  },
  'schema-wrong-type': { observe: async (c) => (await c.identify(IDNOW)).json.documents, clean: [], faulty: {} },
  'schema-bad-date-time': {
    observe: async (c) => (await c.identify(IDNOW)).json.authorization_expires_at,
    clean: null,
    faulty: '2021-09-14 18:18:28',
  },
  'schema-missing-status': {
    observe: async (c) => has((await c.identify(IDNOW)).json, 'status'),
    clean: true,
    faulty: false,
  },
  'schema-completed-at-no-zone': {
    observe: async (c) => (await c.identify(IDNOW)).json.completed_at,
    clean: null,
    faulty: '2022-06-09T13:33:28',
  },
  'schema-usually-null-wrong-type': {
    observe: async (c) => (await c.identify(IDNOW)).json.completed_at,
    clean: null,
    faulty: 1654781608,
  },
  'schema-null-id': {
    observe: async (c) => {
      const id = (await c.identify(IDNOW)).json.id;
      return id === null ? null : typeof id;
    },
    clean: 'string',
    faulty: null,
  },
  'schema-null-status': { observe: async (c) => (await c.identify(IDNOW)).json.status, clean: 'created', faulty: null },
  'schema-null-method': { observe: async (c) => (await c.identify(IDNOW)).json.method, clean: 'idnow', faulty: null },
  'schema-error-missing-title': {
    observe: async (c) => has(firstError(await c.identify({})), 'title'),
    clean: true,
    faulty: false,
  },
  'error-flat-envelope': {
    observe: async (c) => {
      const a = await c.identify({});
      return [Array.isArray(a.json.errors), a.json.code ?? null];
    },
    clean: [true, null],
    faulty: [false, 'validation_error'],
  },
  'error-status-mismatch': {
    observe: async (c) => [statusOf(await c.identify({})), statusOf(await c.identify(IDNOW, { authorization: null }))],
    clean: ['400', '401'],
    faulty: ['422', '400'],
  },
  'error-wrong-source-field': {
    observe: async (c) => (firstError(await c.identify({ method: 'bank' })).source as { field: string }).field,
    clean: 'iban',
    faulty: 'method',
  },
  'error-status-404-as-400': {
    observe: async (c) =>
      statusOf(
        await c.identify(IDNOW, { path: endpointPath('0000000000000000000000000000000cper', c.sandbox.sessionId) }),
      ),
    clean: '404',
    faulty: '400',
  },
  'status-201-created': { observe: async (c) => status(await c.identify(IDNOW)), clean: 200, faulty: 201 },
  'status-422-validation': {
    observe: async (c) => [
      status(await c.identify({ method: 'IDNOW' })),
      status(await c.identify(IDNOW, { authorization: null })),
    ],
    clean: [400, 401],
    faulty: [422, 401],
  },
  'content-type-text-success': {
    observe: async (c) => (await c.identify(IDNOW)).contentType,
    clean: JSON_TYPE,
    faulty: 'text/plain; charset=utf-8',
  },
  'content-type-html-errors': {
    observe: async (c) => (await c.identify({})).contentType,
    clean: JSON_TYPE,
    faulty: 'text/html; charset=utf-8',
  },
  'accept-bad-enum': {
    observe: async (c) =>
      Promise.all([
        c.identify({ method: 'IDNOW' }),
        c.identify({ method: 'idnow', language: 'de' }),
        c.identify({ method: 'manual', proof_of_address_type: 'gas_bill' }),
      ]).then((as) => as.map(status)),
    clean: [400, 400, 400],
    faulty: [200, 200, 200],
  },
  'accept-bad-iban': {
    observe: async (c) =>
      Promise.all([
        c.identify({ method: 'bank', iban: 'DE89370400440532013001' }),
        c.identify({ method: 'manual', iban: 'nope' }),
      ]).then((as) => as.map(status)),
    clean: [400, 400],
    faulty: [200, 200],
  },
  'accept-padded-trimmed': {
    observe: async (c) => {
      const a = await c.identify({ method: 'idnow', language: ' DE' });
      return [a.status, a.json.language ?? a.json.errors?.[0]?.source?.field];
    },
    clean: [400, 'language'],
    faulty: [200, 'DE'],
  },
  'accept-invalid-date': {
    observe: async (c) =>
      Promise.all(
        ['2021-02-30', '03.12.2021'].map((d) => c.identify({ method: 'manual', proof_of_address_issued_at: d })),
      ).then((as) => as.map(status)),
    clean: [400, 400],
    faulty: [200, 200],
  },
  'accept-foreign-iban-bankident': {
    observe: async (c) =>
      Promise.all([
        c.identify({ method: 'bank', iban: 'GB82WEST12345698765432' }),
        c.identify({ method: 'bank_id', iban: 'GB82WEST12345698765432' }),
      ]).then((as) => as.map(status)),
    clean: [400, 200],
    faulty: [200, 200],
  },
  'accept-missing-iban': {
    observe: async (c) =>
      Promise.all([c.identify({ method: 'bank' }), c.identify({ method: 'bank_id', iban: '' })]).then((as) =>
        as.map(status),
      ),
    clean: [400, 400],
    faulty: [200, 200],
  },
  'accept-wrong-types': {
    observe: async (c) => {
      const answers = await Promise.all([
        c.identify({ method: 'manual', reference: 5 }),
        c.identify({ method: 1 }),
        c.identify({ method: 'bank', iban: 123 }),
      ]);
      return [...answers.map(status), answers[2]!.json.iban ?? null];
    },
    clean: [400, 400, 400, null],
    faulty: [200, 200, 200, 123],
  },
  'reject-unknown-fields': {
    observe: async (c) => status(await c.identify({ ...MANUAL, nickname: 'x' })),
    clean: 200,
    faulty: 400,
  },
  'reject-nulls': {
    observe: async (c) => status(await c.identify({ ...MANUAL, reference: null })),
    clean: 200,
    faulty: 400,
  },
  'reject-long-text': {
    observe: async (c) =>
      Promise.all([255, 256, 4000].map((n) => c.identify({ ...MANUAL, device_data: 'd'.repeat(n) }))).then((as) =>
        as.map(status),
      ),
    clean: [200, 200, 200],
    faulty: [200, 400, 400],
  },
  'reject-charset-json': {
    observe: async (c) => {
      const send = (body: unknown, contentType: string): Promise<Answer> =>
        c.send(c.endpoint, { raw: JSON.stringify(body), contentType });
      const withCharset = await send(IDNOW, 'application/json; charset=utf-8');
      const plain = await send(IDNOW, 'application/json');
      // An invalid request is still refused for what is wrong with it, not for its charset.
      const invalid = await send({ method: 'IDNOW' }, 'application/json; charset=utf-8');
      return [withCharset.status, plain.status, (firstError(invalid).source as { field?: string } | undefined)?.field];
    },
    clean: [200, 200, 'method'],
    faulty: [400, 200, 'method'],
  },
  'reject-non-ascii': {
    observe: async (c) =>
      Promise.all([
        c.identify({ ...MANUAL, reference: 'Müller' }),
        c.identify({ ...MANUAL, device_data: 'Web;é' }),
      ]).then((as) => as.map(status)),
    clean: [200, 200],
    faulty: [400, 400],
  },
  'crash-long-device-data': {
    observe: async (c) =>
      Promise.all([5000, 5001].map((n) => c.identify({ ...MANUAL, device_data: 'd'.repeat(n) }))).then((as) =>
        as.map(status),
      ),
    clean: [200, 200],
    faulty: [200, 500],
  },
  'crash-emoji': {
    observe: async (c) =>
      Promise.all([
        c.identify({ ...MANUAL, reference: 'ok 😀' }),
        c.identify({ ...MANUAL, device_data: '✈' }),
        c.identify({ ...MANUAL, reference: 'Müller' }),
      ]).then((as) => as.map(status)),
    clean: [200, 200, 200],
    faulty: [500, 500, 200],
  },
  'auth-no-token-accepted': {
    observe: async (c) => [
      status(await c.identify(IDNOW, { authorization: null })),
      status(await c.identify(IDNOW, { authorization: 'Bearer nope' })),
    ],
    clean: [401, 401],
    faulty: [200, 401],
  },
  'auth-wrong-error-code': {
    observe: async (c) => [
      firstError(await c.identify(IDNOW, { authorization: null })).code,
      firstError(await c.identify(IDNOW, { authorization: 'Bearer nope' })).code,
    ],
    clean: ['token_required', 'invalid_token'],
    faulty: ['unauthorized', 'unauthorized'],
  },
  'auth-any-bearer': {
    observe: async (c) => [
      status(await c.identify(IDNOW, { authorization: 'Bearer nope' })),
      status(await c.identify(IDNOW, { authorization: 'Bearer ' + 'ab'.repeat(32) })),
      status(await c.identify(IDNOW, { authorization: null })),
    ],
    clean: [401, 401, 401],
    faulty: [200, 200, 401],
  },
  'echo-wrong-method': {
    observe: async (c) => (await c.identify(IDNOW)).json.method,
    clean: 'idnow',
    faulty: 'manual',
  },
  'echo-wrong-person-id': {
    observe: async (c) => (await c.identify(IDNOW)).json.person_id === c.sandbox.personId,
    clean: true,
    faulty: false,
  },
  'echo-wrong-iban': { observe: async (c) => (await c.identify(BANK)).json.iban === IBAN, clean: true, faulty: false },
  'id-reuse': {
    observe: async (c) => {
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push((await c.identify(IDNOW)).json.id);
      return new Set(ids).size;
    },
    clean: 4,
    faulty: 2,
  },
  'idnow-fields-on-other-method': {
    observe: async (c) => {
      const a = await c.identify({ ...MANUAL, language: 'EN' });
      return ['url', 'idnow_process_type', 'language'].filter((k) => valued(a.json, k));
    },
    clean: [],
    faulty: ['url', 'idnow_process_type', 'language'],
  },
  'fourthline-field-on-other-method': {
    observe: async (c) => valued((await c.identify(IDNOW)).json, 'provider_status_code'),
    clean: false,
    faulty: true,
  },
  'unknown-person-accepted': {
    observe: async (c) =>
      status(await c.identify(IDNOW, { path: endpointPath('9'.repeat(32) + 'cper', c.sandbox.sessionId) })),
    clean: 404,
    faulty: 200,
  },
  'unknown-session-accepted': {
    observe: async (c) =>
      status(await c.identify(IDNOW, { path: endpointPath(c.sandbox.personId, '9'.repeat(32) + 'ises') })),
    clean: 404,
    faulty: 200,
  },
  'foreign-session-accepted': {
    observe: async (c) => status(await c.identify(IDNOW, { path: await foreignSession(c) })),
    clean: 404,
    faulty: 200,
  },
  'malformed-json-accepted': {
    observe: async (c) =>
      Promise.all(['{bad', ''].map((raw) => c.send(c.endpoint, { raw }))).then((as) => as.map(status)),
    clean: [400, 400],
    faulty: [200, 200],
  },
  'malformed-json-wrong-code': {
    observe: async (c) =>
      Promise.all(['{bad', ''].map((raw) => c.send(c.endpoint, { raw }))).then((as) =>
        as.map((a) => [status(a), firstError(a).code]),
      ),
    clean: [
      [400, 'invalid_json'],
      [400, 'invalid_json'],
    ],
    faulty: [
      [400, 'validation_error'],
      [400, 'validation_error'],
    ],
  },
  'malformed-json-500': {
    observe: async (c) =>
      Promise.all(['{bad', ''].map((raw) => c.send(c.endpoint, { raw }))).then((as) => as.map(status)),
    clean: [400, 400],
    faulty: [500, 500],
  },
  'content-type-ignored': {
    observe: async (c) =>
      Promise.all(
        ['text/plain', null].map((contentType) => c.send(c.endpoint, { raw: JSON.stringify(IDNOW), contentType })),
      ).then((as) => as.map(status)),
    clean: [400, 400],
    faulty: [200, 200],
  },
  'non-object-accepted': {
    observe: async (c) =>
      Promise.all(['[]', '"idnow"', '42', 'null'].map((raw) => c.send(c.endpoint, { raw }))).then((as) =>
        as.map(status),
      ),
    clean: [400, 400, 400, 400],
    faulty: [200, 200, 200, 200],
  },
  'read-back-not-found': { observe: async (c) => status(await readBack(c, IDNOW)), clean: 200, faulty: 404 },
  'read-back-different': {
    observe: async (c) => (await readBack(c, MANUAL)).json.method,
    clean: 'manual',
    faulty: 'postident',
  },
};

/** Creates an identification and GETs it back. */
async function readBack(c: SandboxClient, body: Record<string, unknown>): Promise<Answer> {
  const created = await c.identify(body);
  return c.send(`/v1/persons/${c.sandbox.personId}/identifications/${created.json.id as string}`, { method: 'GET' });
}

test.describe('fault table', () => {
  test('every fault has a case here and names a registered check, and every check id has at least two faults', () => {
    expect(Object.keys(CASES).sort()).toEqual([...FAULT_NAMES].sort());
    expect(FAULTS.length).toBeGreaterThanOrEqual(24);
    // intendedCheck is a plain string (the sandbox imports nothing of suite/checks): checked here instead.
    expect(
      FAULTS.filter((f) => !CHECK_IDS.includes(f.intendedCheck)).map((f) => `${f.name}: ${f.intendedCheck}`),
      'faults naming no registered check',
    ).toEqual([]);
    for (const check of CHECK_IDS) {
      expect(FAULTS.filter((f) => f.intendedCheck === check).length, `faults for ${check}`).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(FAULT_NAMES).size).toBe(FAULT_NAMES.length);
  });

  test('unknown fault names are refused, naming the culprit and the known names', async () => {
    expect(splitFaultList(' id-reuse, ,crash-emoji ')).toEqual(['id-reuse', 'crash-emoji']);
    expect(() => parseFaultNames(['id-reuse', 'no-such-fault'])).toThrow(UnknownFaultError);
    expect(() => parseFaultNames(['no-such-fault'])).toThrow(/"no-such-fault".*known faults: .*id-reuse/);
    await expect(startSandbox({ faults: ['nope'] })).rejects.toThrow(UnknownFaultError);
  });

  test('trigger counts and the first-trigger log', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'sandbox-faults-')), 'fault.log');
    const sandbox = await startSandbox({ faults: ['status-201-created', 'crash-emoji'], faultLog: log });
    try {
      const c = await connect(sandbox);
      // Two of the three name their case (X-Conformance-Case, as the suite sends it): the report lists those.
      for (let i = 0; i < 3; i++)
        await c.identify(IDNOW, i === 0 ? {} : { headers: { [CASE_HEADER]: `idnow / valid requests #${i}` } });
      const report = await c.send('/__sandbox/faults', { method: 'GET', authorization: null });
      expect(report.json).toEqual({
        active: ['status-201-created', 'crash-emoji'],
        triggered: { 'status-201-created': 3, 'crash-emoji': 0 },
        cases: { 'status-201-created': ['idnow / valid requests #1', 'idnow / valid requests #2'], 'crash-emoji': [] },
        chaos: {},
      });
      // Logged once, on the first trigger; the never-triggered fault is absent (the gap a self-test reports).
      expect(readFileSync(log, 'utf8')).toBe('status-201-created\n');
      await c.identify({ ...MANUAL, reference: '😀' });
      expect(readFileSync(log, 'utf8')).toBe('status-201-created\ncrash-emoji\n');
    } finally {
      await sandbox.close();
    }
  });
});

test.describe('each fault changes the behaviour as described', () => {
  for (const fault of FAULTS) {
    test(`${fault.name} (${fault.intendedCheck})`, async () => {
      const spec = CASES[fault.name];
      const clean = await startSandbox();
      const faulty = await startSandbox({ faults: [fault.name] });
      try {
        const cleanClient = await connect(clean);
        const faultyClient = await connect(faulty);
        expect(await spec.observe(cleanClient), 'clean sandbox').toEqual(spec.clean);
        expect(await spec.observe(faultyClient), `with ${fault.name}`).toEqual(spec.faulty);
        expect(spec.faulty).not.toEqual(spec.clean);
        const report = await faultyClient.send('/__sandbox/faults', { method: 'GET', authorization: null });
        expect(report.json.triggered[fault.name], 'trigger count').toBeGreaterThan(0);
      } finally {
        await Promise.all([clean.close(), faulty.close()]);
      }
    });
  }
});
