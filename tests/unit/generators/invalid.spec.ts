/**
 * Invalid cases: each body-level case fails the request schema at the labelled field for the
 * labelled reason and nothing else (a one-field diff from its valid base); raw cases fail the way
 * they say; every (method × rule) pair and every (field × variant) of a rule comes up within a
 * bounded number of samples.
 */
import { test, expect } from '@playwright/test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { countrySpecs, isValidIBAN, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import { formatSchemaErrors, validateRequest, type SchemaError } from '../../../schemas/validators';
import {
  IDENTIFICATION_METHODS,
  INVALID_RULES,
  RAW_RULES,
  RULE_CATALOGUE,
  VALID_CONTENT_TYPES,
  invalidCase,
  isRawCase,
  rulesFor,
  sampleCases,
  withCheckDigits,
  type InvalidBodyCase,
  type InvalidCase,
  type InvalidRawCase,
} from '../../../generators/index';
import { loadSchema } from '../../../schemas/load';

const SEED = 424_242;
const RUNS = 1_000;

// node:assert inside properties (see generators.valid.spec.ts): Playwright's expect is a report step each.

/** Which keyword a padded value of each string field trips (its schema: enum, format or pattern). */
const WHITESPACE_KEYWORD: Record<string, string> = {
  method: 'enum',
  language: 'enum',
  proof_of_address_type: 'enum',
  proof_of_address_issued_at: 'format',
  iban: 'format',
  reference: 'pattern',
  device_data: 'pattern',
};

interface Expected {
  /** The JSON pointer every error must carry ('' for the root). */
  path: string;
  /** The keyword that must be among the errors. */
  primary: string;
  /** Keywords that may accompany it at the same path (e.g. enum after type for an enum field). */
  also: readonly string[];
  /** For `required`: the property named in the message. */
  missing?: string;
}

/**
 * Exactly where and why Ajv (allErrors, `if` errors dropped by validators.ts) reports each rule.
 * A `required` error sits at the root, naming the property; every other error sits at the field.
 */
/** With bank, an iban that no longer starts with DE also breaks Bankident's German-only rule (`pattern`). */
const notGermanIban = (c: InvalidBodyCase): boolean =>
  c.method === 'bank' && c.field === 'iban' && !String((c.body as Record<string, unknown>).iban).startsWith('DE');

/**
 * A rule with no entry below (a new generators/invalid/<rule>.ts) is held to the generic promise:
 * the request schema fails, at the labelled field only (or, for a field left out, with `required`
 * naming it at the root); an entry here pins the exact keyword.
 */
const expectedFor = (c: InvalidBodyCase): Expected | null => {
  const at = `/${c.field ?? ''}`;
  switch (c.rule) {
    case 'method-required':
      return c.variant === 'absent'
        ? { path: '', primary: 'required', also: [], missing: 'method' }
        : { path: '/method', primary: 'type', also: ['enum'] }; // null is neither a string nor in the enum
    case 'iban-required':
      if (c.variant === 'absent') return { path: '', primary: 'required', also: [], missing: 'iban' };
      if (c.variant === 'null') return { path: '/iban', primary: 'type', also: [] }; // then: type string
      return { path: '/iban', primary: 'minLength', also: c.method === 'bank' ? ['format', 'pattern'] : ['format'] }; // '' is also no (German) IBAN
    case 'enum':
      return { path: at, primary: 'enum', also: [] };
    case 'type':
      return { path: at, primary: 'type', also: ['enum'] }; // enum fields also report the value outside the enum
    case 'whitespace':
      return {
        path: at,
        primary: WHITESPACE_KEYWORD[c.field ?? ''] ?? 'unknown-field',
        also: notGermanIban(c) ? ['pattern'] : [],
      };
    case 'date-format':
      return { path: at, primary: 'format', also: [] };
    case 'iban-format':
      return { path: at, primary: 'format', also: notGermanIban(c) ? ['pattern'] : [] };
    case 'iban-country':
      return { path: at, primary: 'pattern', also: [] };
    case 'not-an-object':
      return { path: '', primary: 'type', also: [] };
    default:
      return null;
  }
};

/** The generic promise of a body-level rule without an entry in expectedFor. */
const atLabelledField = (c: InvalidBodyCase, errors: readonly SchemaError[]): boolean =>
  errors.length > 0 &&
  (c.field === null ||
    errors.every(
      (e) =>
        e.path === `/${c.field}` || (e.path === '' && e.keyword === 'required' && e.message.includes(`"${c.field}"`)),
    ));

const describeCase = (c: InvalidCase, errors: readonly SchemaError[]): string =>
  `${c.method} ${c.rule} ${String(c.field)} ${c.variant}\nerrors:\n${formatSchemaErrors(errors) || '(none)'}\nbody: ${JSON.stringify(isRawCase(c) ? c.raw : c.body).slice(0, 400)}`;

const requestEnum = (field: string): string[] => {
  const props = loadSchema('request').properties as Record<string, { enum?: unknown[] }>;
  return (props[field]?.enum ?? []).filter((v): v is string => typeof v === 'string');
};

/** The body differs from the base in the labelled field only. */
const assertOneFieldDiff = (c: InvalidBodyCase): void => {
  if (c.field === null) return;
  const body = c.body as Record<string, unknown>;
  assert.ok(body !== null && typeof body === 'object' && !Array.isArray(body), 'body is an object');
  for (const key of new Set([...Object.keys(body), ...Object.keys(c.base)])) {
    if (key === c.field) continue;
    assert.ok(isDeepStrictEqual(body[key], c.base[key]), `only ${c.field} may differ from the base, ${key} does`);
  }
  assert.ok(
    !isDeepStrictEqual(body[c.field], c.base[c.field]) || !(c.field in body) !== !(c.field in c.base),
    `${c.field} must differ from the base`,
  );
};

/** Checks of how each variant breaks its value (the value itself, not only the schema's verdict). */
const assertVariant = (c: InvalidBodyCase): void => {
  const body = c.body as Record<string, unknown>;
  const value = c.field === null ? c.body : body[c.field];
  switch (c.rule) {
    case 'iban-format': {
      const iban = String(value);
      const codes = validateIBAN(iban).errorCodes;
      if (c.variant === 'checksum') assert.deepEqual(codes, [ValidationErrorsIBAN.WrongIBANChecksum], iban);
      if (c.variant === 'country-code') {
        assert.deepEqual(codes, [ValidationErrorsIBAN.NoIBANCountry], iban);
        assert.equal(countrySpecs[iban.slice(0, 2)]?.chars, undefined);
      }
      if (c.variant === 'length') assert.ok(codes.includes(ValidationErrorsIBAN.WrongBBANLength), iban);
      if (c.variant === 'characters') assert.match(iban, /[^A-Z0-9]/);
      // country-code and length keep correct mod-97 check digits: the one defect is the labelled one.
      if (c.variant === 'country-code' || c.variant === 'length')
        assert.equal(iban, withCheckDigits(iban.slice(0, 2), iban.slice(4)));
      return;
    }
    case 'iban-country': {
      const iban = String(value);
      assert.ok(isValidIBAN(iban), `a valid IBAN: ${iban}`);
      assert.notEqual(iban.slice(0, 2), 'DE');
      return;
    }
    case 'date-format': {
      const date = String(value);
      if (c.variant === 'impossible') assert.match(date, /^\d{4}-\d{2}-\d{2}$/);
      if (c.variant === 'wrong-format') assert.doesNotMatch(date, /^\d{4}-\d{2}-\d{2}$|:/);
      if (c.variant === 'date-time') assert.match(date, /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}/);
      return;
    }
    case 'whitespace': {
      const s = String(value);
      const [position, name] = c.variant.split('-');
      const ch = { space: ' ', tab: '\t', newline: '\n' }[name ?? ''];
      assert.ok(ch !== undefined, c.variant);
      if (position !== 'trailing') assert.ok(s.startsWith(ch), 'leading whitespace');
      if (position !== 'leading') assert.ok(s.endsWith(ch), 'trailing whitespace');
      const stripped = s.slice(position === 'trailing' ? 0 : 1, position === 'leading' ? undefined : -1);
      // Without the padding the request is valid again: the padding was the only problem.
      assert.deepEqual(validateRequest({ ...body, [c.field ?? '']: stripped }), []);
      return;
    }
    case 'enum': {
      const s = String(value);
      const allowed = requestEnum(c.field ?? '');
      const caseInsensitiveMatch = allowed.some((v) => v.toLowerCase() === s.toLowerCase());
      if (c.variant === 'wrong-case') assert.ok(caseInsensitiveMatch && !allowed.includes(s), s);
      if (c.variant === 'outside') assert.ok(!caseInsensitiveMatch && s !== '', s);
      if (c.variant === 'empty') assert.equal(s, '');
      if (c.field === 'method' && c.variant === 'wrong-case') assert.equal(s.toLowerCase(), c.method.toLowerCase());
      return;
    }
    case 'type': {
      const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
      assert.equal(kind, c.variant);
      return;
    }
    case 'not-an-object': {
      const kind = Array.isArray(c.body) ? 'array' : c.body === null ? 'null' : typeof c.body;
      assert.equal(kind, c.variant);
      return;
    }
    case 'method-required':
      assert.ok(c.variant === 'absent' ? !('method' in body) : body['method'] === null);
      return;
    case 'iban-required':
      assert.ok(c.variant === 'absent' ? !('iban' in body) : body['iban'] === (c.variant === 'null' ? null : ''));
      return;
  }
};

const assertBodyCase = (c: InvalidBodyCase): void => {
  const errors = validateRequest(c.body);
  const exp = expectedFor(c);
  if (exp === null) {
    assert.ok(atLabelledField(c, errors), `expected errors at "/${String(c.field)}" only\n${describeCase(c, errors)}`);
  } else {
    const ok =
      errors.length > 0 &&
      errors.some((e) => e.keyword === exp.primary) &&
      errors.every((e) => e.path === exp.path && (e.keyword === exp.primary || exp.also.includes(e.keyword))) &&
      (exp.missing === undefined || errors.some((e) => e.message.includes(`"${exp.missing}"`)));
    assert.ok(ok, `expected ${exp.primary} at "${exp.path}" only\n${describeCase(c, errors)}`);
  }
  assert.deepEqual(validateRequest(c.base), [], 'the base is a valid request');
  assertOneFieldDiff(c);
  assertVariant(c);
};

const assertRawCase = (c: InvalidRawCase): void => {
  assert.equal(c.field, null);
  assert.deepEqual(validateRequest(c.base), [], 'the base is a valid request');
  const base = JSON.stringify(c.base);
  switch (c.rule) {
    case 'malformed-json':
      assert.ok((VALID_CONTENT_TYPES as readonly string[]).includes(c.contentType), c.contentType);
      assert.throws(() => JSON.parse(c.raw), SyntaxError, `parses: ${c.raw.slice(0, 200)}`);
      if (c.variant === 'truncated') assert.ok(base.startsWith(c.raw) && c.raw.length < base.length);
      if (c.variant === 'trailing-comma') assert.equal(c.raw, `${base.slice(0, -1)},}`);
      if (c.variant === 'single-quotes') assert.ok(!c.raw.includes('"') && c.raw.includes("'"));
      if (c.variant === 'unquoted-key') assert.match(c.raw, /^\{[a-z_]+:/);
      if (c.variant === 'nan') assert.match(c.raw, /:NaN\}$/);
      return;
    case 'empty-body':
      assert.equal(c.raw, '');
      assert.ok((VALID_CONTENT_TYPES as readonly string[]).includes(c.contentType), c.contentType);
      return;
    case 'content-type':
      assert.ok(!c.contentType.toLowerCase().startsWith('application/json'), c.contentType);
      assert.equal(c.raw, base, 'the body is the valid base, as JSON');
      assert.deepEqual(validateRequest(JSON.parse(c.raw)), []);
      return;
    default:
      // A raw rule without its own assertions here: the generic ones above (no field, a valid base).
      return;
  }
};

test.describe('generators: invalid cases', () => {
  for (const method of IDENTIFICATION_METHODS) {
    test(`${method}: every invalid case breaks exactly what it says`, () => {
      fc.assert(
        fc.property(invalidCase(method), (c) => {
          assert.equal(c.method, method);
          assert.equal(c.kind, 'invalid');
          assert.equal(isRawCase(c), RAW_RULES.includes(c.rule), `${c.rule}: raw iff a raw rule`);
          if (isRawCase(c)) assertRawCase(c);
          else assertBodyCase(c);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }

  test('rulesFor, RULE_CATALOGUE and invalidCase agree; inapplicable rules throw', () => {
    for (const method of IDENTIFICATION_METHODS) {
      const expected = INVALID_RULES.filter(
        (r) =>
          (r !== 'iban-required' || method === 'bank' || method === 'bank_id') &&
          (r !== 'iban-country' || method === 'bank'),
      );
      expect([...rulesFor(method)]).toEqual(expected);
    }
    expect(RULE_CATALOGUE.map((e) => e.rule)).toEqual([...INVALID_RULES]);
    for (const e of RULE_CATALOGUE) expect(e.level).toBe(RAW_RULES.includes(e.rule) ? 'raw' : 'body');
    expect(() => invalidCase('idnow', ['iban-required'])).toThrow(/iban-required.*does not apply to method "idnow"/);
    expect(() => invalidCase('bank', [])).toThrow(/empty rule list/);
  });

  test('every (method × rule) and every (field × variant) comes up within a bounded sample', () => {
    const MIXED = 1_500; // all rules of a method together
    const PER_RULE = 1_500; // one rule alone: enough for its 63 (field × variant) pairs at most
    const table: string[] = [];
    const missing: string[] = [];
    for (const method of IDENTIFICATION_METHODS) {
      const counts = new Map<string, number>();
      for (const c of sampleCases(invalidCase(method), { seed: SEED, count: MIXED }))
        counts.set(c.rule, (counts.get(c.rule) ?? 0) + 1);
      table.push(
        `  ${method.padEnd(11)}${INVALID_RULES.map((r) => String(counts.get(r) ?? '-').padStart(16)).join('')}`,
      );
      for (const rule of rulesFor(method)) {
        if (!counts.get(rule)) missing.push(`${method} × ${rule} (mixed)`);
        const entry = RULE_CATALOGUE.find((e) => e.rule === rule);
        const seen = new Set(
          sampleCases(invalidCase(method, [rule]), { seed: SEED, count: PER_RULE }).map(
            (c) => `${String(c.field)}|${c.variant}`,
          ),
        );
        for (const field of entry?.fields ?? [])
          for (const variant of entry?.variants ?? []) {
            if (!seen.has(`${String(field)}|${variant}`))
              missing.push(`${method} × ${rule} × ${String(field)} × ${variant}`);
          }
      }
    }
    console.log(
      `invalid-case coverage, ${MIXED} mixed samples per method (- = rule does not apply):\n  ${''.padEnd(11)}${INVALID_RULES.map((r) => r.padStart(16)).join('')}\n${table.join('\n')}`,
    );
    expect(missing, 'never generated').toEqual([]);
  });
});
