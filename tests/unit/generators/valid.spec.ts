/**
 * Valid cases: every one passes the request schema (no false positives), and over a bounded
 * sample they cover what real traffic looks like (absent/null/present fields, extras, leap days,
 * non-ASCII text, long device_data, language with every method, German IBANs for bank).
 */
import { test, expect } from '@playwright/test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isValidIBAN } from 'ibantools';
import { METHODS, REQUEST_FIELDS } from '../../../schemas/contract';
import { formatSchemaErrors, validateRequest } from '../../../schemas/validators';
import {
  IDENTIFICATION_METHODS,
  SCHEMA_FIELDS,
  VALID_CONTENT_TYPES,
  anyIban,
  calendarDate,
  freeText,
  sampleCases,
  seonDeviceData,
  validCase,
  type ValidCase,
} from '../../../generators/index';

const RUNS = 1_000;
const SEED = 20_240_229;

/** Every string anywhere in a JSON value (keys included), for the "no empty, no edge whitespace" rules. */
const stringsIn = (v: unknown): string[] =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.flatMap(stringsIn)
      : v !== null && typeof v === 'object'
        ? Object.entries(v).flatMap(([k, x]) => [k, ...stringsIn(x)])
        : [];

const EDGE_WHITESPACE = /^\s|\s$/;

// Inside properties: node:assert, not expect. Playwright records every expect as a report step
// (with a stack trace), which makes thousands of them per property take minutes; a thrown
// AssertionError fails the property and shrinks just the same.

test.describe('generators: valid cases', () => {
  test('the generator and the contract agree on methods and fields', () => {
    expect([...IDENTIFICATION_METHODS]).toEqual([...METHODS]);
    expect([...SCHEMA_FIELDS]).toEqual([...REQUEST_FIELDS]);
  });

  for (const method of IDENTIFICATION_METHODS) {
    test(`${method}: every valid case passes validateRequest`, () => {
      fc.assert(
        fc.property(validCase(method), (c: ValidCase) => {
          const errors = validateRequest(c.body);
          assert.equal(
            errors.length,
            0,
            `valid case rejected:\n${formatSchemaErrors(errors)}\n${JSON.stringify(c.body).slice(0, 500)}`,
          );
          assert.deepEqual(
            [c.method, c.kind, c.rule, c.field, c.body['method']],
            [method, 'valid', null, null, method],
          );
          assert.ok((VALID_CONTENT_TYPES as readonly string[]).includes(c.contentType), c.contentType);
          for (const s of stringsIn(c.body)) {
            assert.notEqual(s, '', 'no empty string is a valid value');
            assert.ok(!EDGE_WHITESPACE.test(s), `edge whitespace in ${JSON.stringify(s)}`);
          }
          for (const key of Object.keys(c.body)) if (!SCHEMA_FIELDS.includes(key)) assert.match(key, /^x_[a-z0-9_]+$/);
          if (method === 'bank') assert.match(String(c.body['iban']), /^DE\d{20}$/);
          if (typeof c.body['iban'] === 'string') assert.ok(isValidIBAN(c.body['iban']), c.body['iban']);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }

  test('valid cases cover real traffic within 2,000 samples per method', () => {
    const seen = new Map<string, number>();
    const see = (what: string): void => void seen.set(what, (seen.get(what) ?? 0) + 1);
    for (const method of IDENTIFICATION_METHODS) {
      for (const c of sampleCases(validCase(method), { seed: SEED, count: 2_000 })) {
        for (const field of SCHEMA_FIELDS) {
          const v = c.body[field];
          see(`${method} ${field} ${v === undefined ? 'absent' : v === null ? 'null' : 'present'}`);
        }
        if (Object.keys(c.body).some((k) => k.startsWith('x_'))) see(`${method} extra-fields`);
        if (typeof c.body['language'] === 'string') see(`${method} language`);
        see(`${method} ${c.contentType}`);
        const iban = c.body['iban'];
        if (typeof iban === 'string') see(`${method} iban ${iban.startsWith('DE') ? 'DE' : 'foreign'}`);
        const date = c.body['proof_of_address_issued_at'];
        if (typeof date === 'string' && date.endsWith('-02-29')) see(`${method} leap-day`);
        const text = `${String(c.body['reference'])}${String(c.body['device_data'])}`;
        if (/[äöüÄÖÜßéèñç]/.test(text)) see(`${method} accents`);
        if (/\p{Extended_Pictographic}/u.test(text)) see(`${method} emoji`);
        if (/[\u4e00-\u9fff\u3041-\u3096]/.test(text)) see(`${method} cjk`);
        const ref = c.body['reference'];
        if (typeof ref === 'string' && [...ref].length >= 200) see(`${method} reference>=200`);
        if (typeof ref === 'string' && [...ref].length === 1) see(`${method} reference=1`);
        const dd = c.body['device_data'];
        if (typeof dd === 'string' && /^Web;[0-9a-f]{32}dcon;[A-Za-z0-9+/]{22}==;[A-Za-z0-9+/]+=*$/.test(dd)) {
          see(`${method} device_data seon`);
          if (dd.length > 6_000) see(`${method} device_data>6000`);
          if (dd.length < 200) see(`${method} device_data<200`);
          if (dd.length >= 3_500 && dd.length <= 4_500) see(`${method} device_data~4000`);
        }
      }
    }
    const required: string[] = [];
    for (const method of IDENTIFICATION_METHODS) {
      for (const field of SCHEMA_FIELDS.filter((f) => f !== 'method')) {
        // iban is required for bank and bank_id: never absent or null there.
        const states =
          (method === 'bank' || method === 'bank_id') && field === 'iban' ? ['present'] : ['absent', 'null', 'present'];
        for (const s of states) required.push(`${method} ${field} ${s}`);
      }
      required.push(
        ...['extra-fields', 'language', 'leap-day', 'accents', 'emoji', 'cjk', 'reference>=200', 'reference=1'].map(
          (w) => `${method} ${w}`,
        ),
        ...['device_data seon', 'device_data>6000', 'device_data<200', 'device_data~4000'].map((w) => `${method} ${w}`),
        ...VALID_CONTENT_TYPES.map((t) => `${method} ${t}`),
        `${method} iban DE`,
      );
      if (method !== 'bank') required.push(`${method} iban foreign`);
    }
    // One row per feature, one column per method: how often each was generated.
    const features = [...new Set([...seen.keys()].map((k) => k.slice(k.indexOf(' ') + 1)))].sort();
    const rows = features.map(
      (f) =>
        `  ${f.padEnd(36)}${IDENTIFICATION_METHODS.map((m) => String(seen.get(`${m} ${f}`) ?? 0).padStart(11)).join('')}`,
    );
    console.log(
      `valid-case coverage (2,000 samples per method):\n  ${''.padEnd(36)}${IDENTIFICATION_METHODS.map((m) => m.padStart(11)).join('')}\n${rows.join('\n')}`,
    );
    expect(
      required.filter((r) => !seen.has(r)),
      'never generated',
    ).toEqual([]);
    expect(seen.has('bank iban foreign'), 'bank (Bankident) takes German IBANs only').toBe(false);
    for (const field of ['iban'])
      for (const m of ['bank', 'bank_id'])
        for (const s of ['absent', 'null']) expect(seen.has(`${m} ${field} ${s}`)).toBe(false);
  });

  test('building blocks are valid by construction', () => {
    fc.assert(
      fc.property(freeText(), (s) => {
        assert.ok(s.length > 0);
        assert.ok(!EDGE_WHITESPACE.test(s), JSON.stringify(s));
        assert.ok(s.isWellFormed(), 'no lone surrogates: real clients send valid UTF-8');
      }),
      { seed: SEED, numRuns: 1_000 },
    );
    fc.assert(
      fc.property(anyIban, (iban) => assert.ok(isValidIBAN(iban), iban)),
      { seed: SEED, numRuns: 3_000 },
    );
    fc.assert(
      fc.property(calendarDate, (d) => {
        assert.match(d, /^\d{4}-\d{2}-\d{2}$/);
        assert.equal(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10), d, 'a real date: no roll-over');
      }),
      { seed: SEED, numRuns: 3_000 },
    );
    const lengths = sampleCases(seonDeviceData, { seed: SEED, count: 500 }).map((s) => s.length);
    console.log(
      `device_data lengths: min ${Math.min(...lengths)}, max ${Math.max(...lengths)} (page example: about 4,000)`,
    );
    expect(Math.max(...lengths)).toBeGreaterThan(8_000);
  });

  test('shrinking goes to short text and absent fields', () => {
    // A property that fails as soon as reference is present: the counterexample should keep only
    // method (and the required iban) plus a one-unit-or-short reference.
    const details = fc.check(
      fc.property(validCase('idnow'), (c) => typeof c.body['reference'] !== 'string'),
      { seed: SEED, numRuns: 200 },
    );
    expect(details.failed).toBe(true);
    const [shrunk] = details.counterexample ?? [];
    expect(Object.keys(shrunk?.body ?? {})).toEqual(['method', 'reference']);
    expect([...String(shrunk?.body['reference'])].length).toBeLessThanOrEqual(9); // 'a' or 'AAA-AAAAA'
  });
});
