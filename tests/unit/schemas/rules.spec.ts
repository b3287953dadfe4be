import { test, expect } from '@playwright/test';
import {
  CONTRACT_RULES,
  ERROR_RULES,
  IDENTIFICATION_RULES,
  checkErrorRules,
  checkIdentificationRules,
  expectedOutcome,
} from '../../../schemas/rules';

const PERSON = '992de312a545bb24a88ddbf57ae8b1ffcper';
const IBAN = 'DE89370400440532013000';
const ok = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: '9dfe2f4edaa67138be0c0c1cd3a7d849cidt',
  method: 'idnow',
  status: 'created',
  person_id: PERSON,
  ...over,
});
const rulesOf = (sent: Record<string, unknown>, identification: Record<string, unknown>): string[] =>
  checkIdentificationRules({ sentBody: sent, pathPersonId: PERSON, identification }).map((v) => v.rule);

test.describe('rule registry', () => {
  test('ids are unique, sourced and paraphrased', () => {
    const ids = CONTRACT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of CONTRACT_RULES) {
      expect(r.paraphrase.length).toBeGreaterThan(20);
      expect(['ENDPOINT', 'PID', 'ERR', 'RR', 'AUTH', 'SESS', 'inferred']).toContain(r.source);
    }
    expect(IDENTIFICATION_RULES.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        'method-echo',
        'person-id-echo',
        'iban-echo',
        'language-echo',
        'proof-of-address-type-echo',
        'proof-of-address-issued-at-echo',
        'url-idnow-only',
        'language-idnow-only',
        'idnow-process-type-idnow-only',
        'provider-status-code-fourthline-only',
        'iban-bank-methods-only',
        'account-verification-error-needs-failure-reason',
      ]),
    );
    expect(ERROR_RULES.map((r) => r.id)).toEqual(['error-status-matches-http']);
  });
});

test.describe('checkIdentificationRules', () => {
  test('a consistent idnow identification has no violation (no false positive)', () => {
    const sent = {
      method: 'idnow',
      language: 'DE',
      proof_of_address_type: 'GAS_BILL',
      proof_of_address_issued_at: '2021-12-03',
    };
    const got = ok({
      language: 'DE',
      url: 'https://go.test.idnow.de/x',
      idnow_process_type: 'eid',
      proof_of_address_type: 'GAS_BILL',
      proof_of_address_issued_at: '2021-12-03',
    });
    expect(rulesOf(sent, got)).toEqual([]);
  });

  test('echo rules', () => {
    expect(rulesOf({ method: 'idnow' }, ok({ method: 'fourthline' }))).toContain('method-echo');
    expect(rulesOf({ method: 'idnow' }, ok({ person_id: 'other' }))).toEqual(['person-id-echo']);
    expect(rulesOf({ method: 'bank', iban: IBAN }, ok({ method: 'bank', iban: 'DE11010101010101010100' }))).toEqual([
      'iban-echo',
    ]);
    expect(rulesOf({ method: 'idnow', language: 'EN' }, ok({ language: 'DE' }))).toEqual(['language-echo']);
    expect(
      rulesOf({ method: 'idnow', proof_of_address_type: 'GAS_BILL' }, ok({ proof_of_address_type: 'WATER_BILL' })),
    ).toEqual(['proof-of-address-type-echo']);
    expect(
      rulesOf(
        { method: 'idnow', proof_of_address_issued_at: '2021-12-03' },
        ok({ proof_of_address_issued_at: '2021-12-04' }),
      ),
    ).toEqual(['proof-of-address-issued-at-echo']);
  });

  test('a sent null counts as not sent; an absent response field is not an echo failure', () => {
    expect(rulesOf({ method: 'idnow', language: null }, ok({ language: 'EN' }))).toEqual([]);
    expect(rulesOf({ method: 'bank', iban: IBAN }, ok({ method: 'bank' }))).toEqual([]);
    // Absent required fields are the schema's finding, not a rule's.
    expect(rulesOf({ method: 'idnow' }, { id: 'x', status: 'created' })).toEqual([]);
  });

  test('method-scoped fields', () => {
    const f = { method: 'fourthline' };
    expect(rulesOf(f, ok({ method: 'fourthline', url: 'https://x.test/' }))).toEqual(['url-idnow-only']);
    expect(rulesOf(f, ok({ method: 'fourthline', idnow_process_type: 'eid' }))).toEqual([
      'idnow-process-type-idnow-only',
    ]);
    expect(rulesOf(f, ok({ method: 'fourthline', provider_status_code: 1000 }))).toEqual([]);
    expect(rulesOf(f, ok({ method: 'fourthline', provider_status_code: null }))).toEqual([]);
    expect(rulesOf({ method: 'idnow' }, ok({ provider_status_code: 1000 }))).toEqual([
      'provider-status-code-fourthline-only',
    ]);
    expect(rulesOf({ method: 'fourthline', language: 'DE' }, ok({ method: 'fourthline', language: 'DE' }))).toEqual([
      'language-idnow-only',
    ]);
  });

  test('iban belongs to bank and bank_id identifications', () => {
    expect(rulesOf({ method: 'bank_id', iban: IBAN }, ok({ method: 'bank_id', iban: IBAN }))).toEqual([]);
    expect(rulesOf({ method: 'idnow' }, ok({ iban: IBAN }))).toEqual(['iban-bank-methods-only']);
    // Echoing an IBAN the client chose to send is not flagged (the page does not forbid it outright).
    expect(rulesOf({ method: 'idnow', iban: IBAN }, ok({ iban: IBAN }))).toEqual([]);
  });

  test('account_verification_error only with its two failure reasons', () => {
    const bank = { method: 'bank', iban: IBAN };
    const got = (failure_reason: unknown): Record<string, unknown> =>
      ok({ method: 'bank', iban: IBAN, failure_reason, account_verification_error: 'login_failed' });
    expect(rulesOf(bank, got('account_snaphot_failed'))).toEqual([]);
    expect(rulesOf(bank, got('account_snapshot_expired'))).toEqual([]);
    expect(rulesOf(bank, got('account_snapshot_failed'))).toEqual(['account-verification-error-needs-failure-reason']);
    expect(rulesOf(bank, got(null))).toEqual(['account-verification-error-needs-failure-reason']);
    expect(rulesOf(bank, ok({ method: 'bank', account_verification_error: null }))).toEqual([]);
  });

  test('violations carry field, pointer, expected and actual', () => {
    const [v] = checkIdentificationRules({
      sentBody: { method: 'idnow' },
      pathPersonId: PERSON,
      identification: ok({ person_id: 'other' }),
    });
    expect(v).toEqual({
      rule: 'person-id-echo',
      field: 'person_id',
      path: '/person_id',
      expected: `"${PERSON}" (the path's person_id)`,
      actual: '"other"',
    });
  });

  test('id-new only when earlier ids are given', () => {
    const identification = ok();
    expect(checkIdentificationRules({ sentBody: { method: 'idnow' }, pathPersonId: PERSON, identification })).toEqual(
      [],
    );
    const earlierIds = new Set([String(identification.id)]);
    expect(
      checkIdentificationRules({ sentBody: { method: 'idnow' }, pathPersonId: PERSON, identification, earlierIds }).map(
        (v) => v.rule,
      ),
    ).toEqual(['id-new']);
  });
});

test.describe('checkErrorRules', () => {
  const item = (status: unknown): Record<string, unknown> => ({ id: 'x', status, code: 'c', title: 't', detail: 'd' });

  test('integer or digit-string status equal to the HTTP status passes', () => {
    expect(checkErrorRules({ httpStatus: 400, body: { errors: [item(400), item('400')] } })).toEqual([]);
  });

  test('a differing status is reported per item', () => {
    const v = checkErrorRules({ httpStatus: 404, body: { errors: [item('404'), item(400)] } });
    expect(v).toEqual([
      {
        rule: 'error-status-matches-http',
        field: 'errors[1].status',
        path: '/errors/1/status',
        expected: '404 (the HTTP status), as an integer or a string of digits',
        actual: '400',
      },
    ]);
  });

  test('bodies that are not the envelope are left to the schema', () => {
    expect(checkErrorRules({ httpStatus: 400, body: item('500') })).toEqual([]);
    expect(checkErrorRules({ httpStatus: 400, body: 'oops' })).toEqual([]);
    expect(checkErrorRules({ httpStatus: 400, body: { errors: [item('Bad Request')] } })).toEqual([]);
  });
});

test.describe('expectedOutcome', () => {
  const all = ['bank', 'bank_id', 'fourthline', 'idnow'];

  test('accept when the session offers the method and nothing else is open', () => {
    expect(expectedOutcome({ method: 'idnow', language: 'DE' }, all)).toEqual({ expect: 'accept' });
    expect(expectedOutcome({ method: 'bank_id', iban: IBAN }, all)).toEqual({ expect: 'accept' });
    expect(expectedOutcome({ method: 'fourthline', language: null }, ['fourthline'])).toEqual({ expect: 'accept' });
  });

  const open: [string, Record<string, unknown>, readonly string[] | null, RegExp][] = [
    ['session methods unknown', { method: 'idnow' }, null, /unknown/],
    ['method not in the session', { method: 'fourthline' }, ['idnow'], /not created for/],
    ['manual', { method: 'manual' }, all, /session request enum/],
    ['postident', { method: 'postident' }, null, /session request enum/],
    ['language with fourthline', { method: 'fourthline', language: 'EN' }, all, /IDnow-only/],
    ['bank', { method: 'bank', iban: IBAN }, all, /allowed-bank list/],
  ];
  for (const [name, body, session, reason] of open) {
    test(`accept-or-reject: ${name}`, () => {
      const outcome = expectedOutcome(body, session);
      expect(outcome.expect).toBe('accept-or-reject');
      expect(outcome.expect === 'accept-or-reject' ? outcome.reason : '').toMatch(reason);
    });
  }

  test('an invalid request is a caller error, named as such', () => {
    expect(() => expectedOutcome({}, all)).toThrow(/expectedOutcome: expects a schema-valid request/);
  });
});
