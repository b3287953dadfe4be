/**
 * One declaration per concept (issue 12): a check declares itself in suite/checks/<id>.ts, an
 * invalid rule in generators/invalid/<rule>.ts, and every list is derived from those files. These
 * tests prove the derivation: every file is found, a malformed or duplicated declaration is refused
 * at load, each rule family has exactly one judging check and it is registered, and the checks each
 * test owes are exactly the lists the suite used to write by hand (kept below as the expected values).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import {
  FAMILY_JUDGES,
  INVALID_RULES,
  RAW_RULES,
  RULE_CATALOGUE,
  RULE_FAMILIES,
  buildCatalogue,
  type RuleDefinition,
} from '../../../generators/catalogue';
import { IDENTIFICATION_METHODS, type ValidCase } from '../../../generators/case';
import { defineRule, isDefinedRule } from '../../../generators/_internals/rule';
import { defineCheck, isDefinedCheck } from '../../../suite/checks/define';
import { CHECK_FILES, CHECK_IDS, CHECKS, judgeProblems, registerChecks } from '../../../suite/checks/registry';
import type { Check, CheckDeclaration } from '../../../suite/checks/types';
import { familiesFor, owedByValidCases, owedChecks } from '../../../suite/engine/plan';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const CHECKS_DIR = path.join(ROOT, 'suite', 'checks');
const RULES_DIR = path.join(ROOT, 'generators', 'invalid');

const tsFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
const load = async (dir: string, file: string): Promise<Record<string, unknown>> =>
  (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;

// ── what the suite wrote by hand before the declarations: the expected values ──────────────────

/** suite/checks/types.ts CHECK_IDS, in its order (the report grid's rows). */
const TODAYS_CHECK_IDS = [
  'positive-acceptance',
  'response-schema',
  'status-code',
  'content-type',
  'negative-rejection',
  'error-precision',
  'not-a-server-error',
  'semantic-consistency',
  'auth',
  'unknown-resources',
  'malformed-requests',
  'read-after-create',
];
/** generators/case.ts INVALID_RULES, RULE_FAMILIES and RAW_RULES. */
const TODAYS_INVALID_RULES = [
  'method-required',
  'iban-required',
  'enum',
  'type',
  'whitespace',
  'date-format',
  'iban-format',
  'iban-country',
  'not-an-object',
  'malformed-json',
  'empty-body',
  'content-type',
];
const TODAYS_RULE_FAMILIES = {
  required: ['method-required', 'iban-required'],
  enum: ['enum'],
  type: ['type'],
  whitespace: ['whitespace'],
  date: ['date-format'],
  iban: ['iban-format', 'iban-country'],
  'body-shape': ['not-an-object'],
  malformed: ['malformed-json', 'empty-body', 'content-type'],
};
const TODAYS_RAW_RULES = ['malformed-json', 'empty-body', 'content-type'];
/** suite/engine/plan.ts: VALID_ANSWER_CHECKS, ERROR_ANSWER_CHECKS, the MALFORMED families. */
const VALID_ANSWER_CHECKS = [
  'positive-acceptance',
  'status-code',
  'content-type',
  'not-a-server-error',
  'response-schema',
];
const ERROR_ANSWER_CHECKS = ['status-code', 'content-type', 'not-a-server-error', 'response-schema', 'error-precision'];
const MALFORMED = new Set(['malformed', 'body-shape']);
const mainCheckOf = (family: string): string => (MALFORMED.has(family) ? 'malformed-requests' : 'negative-rejection');
/** The spec's valid test: + semantic-consistency and read-after-create when a strict-accept case ran. */
const VALID_WHEN_ACCEPTED = [...VALID_ANSWER_CHECKS, 'semantic-consistency', 'read-after-create'];
/** suite/engine/probes.ts: [mainCheck, 'status-code', 'content-type', 'not-a-server-error', 'response-schema']. */
const PROBE_CHECKS = ['status-code', 'content-type', 'not-a-server-error', 'response-schema'];

const sorted = (ids: readonly string[]): string[] => [...ids].sort();
/**
 * The derived lists restricted to what existed when they were written by hand: a check or rule
 * added later joins the lists without touching this file, and today's part must stay exactly as it was.
 */
const todays = (ids: readonly string[], today: readonly string[]): string[] => ids.filter((id) => today.includes(id));
const todaysChecks = (ids: readonly string[]): string[] => sorted(todays(ids, TODAYS_CHECK_IDS));

// ── test doubles ────────────────────────────────────────────────────────────────────────────────

const declaration = (overrides: Partial<CheckDeclaration> = {}): CheckDeclaration => ({
  id: 'zz-test-check',
  meaning: 'A check made up for this unit test.',
  order: 1,
  owedBy: {},
  appliesTo: () => true,
  run: () => [],
  ...overrides,
});

const rule = (overrides: Partial<RuleDefinition> = {}): RuleDefinition => ({
  rule: 'zz-test-rule',
  family: 'zz-family',
  judgedBy: 'negative-rejection',
  order: 1,
  level: 'body',
  fields: ['method'],
  variants: ['test'],
  methods: IDENTIFICATION_METHODS,
  description: 'a rule made up for this unit test',
  arbitrary: () => {
    throw new Error('not sampled in this test');
  },
  ...overrides,
});

test.describe('checks: found, not listed', () => {
  test('every file of suite/checks/ that declares a check is registered under its file name; the others are helpers', async () => {
    expect(CHECK_FILES).toEqual(tsFiles(CHECKS_DIR).filter((f) => f !== 'registry.ts'));
    const helpers: string[] = [];
    for (const file of CHECK_FILES) {
      const declared = Object.values(await load(CHECKS_DIR, file)).filter(isDefinedCheck);
      if (declared.length === 0) {
        helpers.push(file);
        continue;
      }
      expect(declared, `${file} declares one check`).toHaveLength(1);
      const [check] = declared as [Check];
      expect(file).toBe(`${check.id}.ts`);
      expect(CHECKS.get(check.id), `${check.id} is the registered object`).toBe(check);
    }
    // A file here that is not a helper but declares no check would be a check the suite silently lacks.
    expect(helpers).toEqual(['define.ts', 'envelope.ts', 'types.ts']);
    expect(CHECKS.size).toBe(CHECK_FILES.length - helpers.length);
  });

  test("today's checks are all registered, in today's order (the declared `order`)", () => {
    expect(todays(CHECK_IDS, TODAYS_CHECK_IDS)).toEqual(TODAYS_CHECK_IDS);
  });

  test('a duplicate id, a check in a file of another name, two checks in a file, or a check not made by defineCheck is refused at load', () => {
    const a = defineCheck(declaration());
    const b = defineCheck(declaration({ order: 2 }));
    expect(() =>
      registerChecks([
        { file: 'zz-test-check.ts', exports: { check: a } },
        { file: 'zz-test-check-copy.ts', exports: { check: b } },
      ]),
    ).toThrow(
      /check id "zz-test-check" is declared twice: suite\/checks\/zz-test-check\.ts and suite\/checks\/zz-test-check-copy\.ts/,
    );
    expect(() => registerChecks([{ file: 'other.ts', exports: { check: a } }])).toThrow(
      /declared in suite\/checks\/other\.ts; a check lives in suite\/checks\/zz-test-check\.ts/,
    );
    const c = defineCheck(declaration({ id: 'zz-other' }));
    expect(() => registerChecks([{ file: 'zz-test-check.ts', exports: { check: a, another: c } }])).toThrow(
      /declares 2 checks .*one check per file/,
    );
    const { run: _run, ...rest } = a;
    expect(() =>
      registerChecks([{ file: 'zz-test-check.ts', exports: { check: { ...rest, run: () => [] } } }]),
    ).toThrow(/shaped like a check but not made by defineCheck/);
    // The same check exported twice (a named and a default export) is one check.
    expect([...registerChecks([{ file: 'zz-test-check.ts', exports: { check: a, default: a } }]).keys()]).toEqual([
      'zz-test-check',
    ]);
  });

  test('a malformed declaration is refused by defineCheck, naming the check and the field', () => {
    expect(() => defineCheck(declaration({ id: 'Not Kebab' }))).toThrow(
      /defineCheck "Not Kebab": id must be a kebab-case string/,
    );
    expect(() => defineCheck(declaration({ meaning: '' }))).toThrow(/"zz-test-check": meaning must be one sentence/);
    expect(() => defineCheck(declaration({ order: Number.NaN }))).toThrow(/order must be a finite number/);
    expect(() =>
      defineCheck(declaration({ owedBy: { valid: 'sometimes' } as unknown as CheckDeclaration['owedBy'] })),
    ).toThrow(/owedBy\.valid must be 'always' or 'when-accepted'/);
    expect(() =>
      defineCheck(declaration({ owedBy: { invalid: 'some' } as unknown as CheckDeclaration['owedBy'] })),
    ).toThrow(/owedBy\.invalid must be 'all' or 'own-families'/);
    expect(() =>
      defineCheck(declaration({ owedBy: { probes: ['teleport'] } as unknown as CheckDeclaration['owedBy'] })),
    ).toThrow(/owedBy\.probes must be 'all' or a non-empty list of auth, unknown-resource/);
    expect(() =>
      defineCheck(declaration({ owedBy: { always: true } as unknown as CheckDeclaration['owedBy'] })),
    ).toThrow(/owedBy\.always is not one of valid, invalid, probes/);
  });

  test('a registered check stamps its findings with its id, and a key where the check sets none', () => {
    const check = defineCheck(
      declaration({
        run: () => [
          { title: 't', expected: 'e', actual: 'a' },
          { title: 'error.schema.json: required at /errors/0', expected: 'e', actual: 'a', path: '/errors/0' },
          { rule: 'echo-method', title: 'echo-method', expected: 'e', actual: 'a', path: '/method' },
          { title: 'valid request not accepted', key: 'valid request answered HTTP 201', expected: 'e', actual: 'a' },
        ],
      }),
    );
    expect(check.run({} as Parameters<Check['run']>[0]).map((v) => [v.check, v.key])).toEqual([
      ['zz-test-check', 't'],
      // Which array element broke a rule is not part of what broke: the key holds for any index.
      ['zz-test-check', 'error.schema.json: required at /errors/*'],
      ['zz-test-check', 'echo-method at /method'],
      ['zz-test-check', 'valid request answered HTTP 201'],
    ]);
  });
});

test.describe('invalid rules: found, not listed', () => {
  test('every file of generators/invalid/ declares one rule, registered under its file name', async () => {
    const files = tsFiles(RULES_DIR);
    const declared: string[] = [];
    for (const file of files) {
      const rules = Object.values(await load(RULES_DIR, file)).filter(isDefinedRule);
      expect(rules, `${file} declares one rule`).toHaveLength(1);
      const [def] = rules as [RuleDefinition];
      expect(file).toBe(`${def.rule}.ts`);
      declared.push(def.rule);
    }
    expect(sorted(INVALID_RULES)).toEqual(declared.sort());
  });

  test("the derived lists hold today's INVALID_RULES, RULE_FAMILIES and RAW_RULES, in today's order (the declared `order`)", () => {
    expect(todays(INVALID_RULES, TODAYS_INVALID_RULES)).toEqual(TODAYS_INVALID_RULES);
    const families = Object.entries(RULE_FAMILIES)
      .map(([family, rules]): [string, string[]] => [family, todays(rules, TODAYS_INVALID_RULES)])
      .filter(([, rules]) => rules.length > 0);
    expect(families).toEqual(Object.entries(TODAYS_RULE_FAMILIES));
    expect(todays(RAW_RULES, TODAYS_INVALID_RULES)).toEqual(TODAYS_RAW_RULES);
  });

  test('a duplicate rule, a rule in a file of another name, a file without a rule, or a family with two judges is refused at load', () => {
    const a = defineRule(rule());
    expect(() =>
      buildCatalogue([
        { file: 'zz-test-rule.ts', exports: { a } },
        { file: 'zz-copy.ts', exports: { b: defineRule(rule()) } },
      ]),
    ).toThrow(
      /invalid rule "zz-test-rule" is declared twice: generators\/invalid\/zz-test-rule\.ts and generators\/invalid\/zz-copy\.ts/,
    );
    expect(() => buildCatalogue([{ file: 'other.ts', exports: { a } }])).toThrow(
      /declared in generators\/invalid\/other\.ts; a rule lives in generators\/invalid\/zz-test-rule\.ts/,
    );
    expect(() => buildCatalogue([{ file: 'helper.ts', exports: { x: 1 } }])).toThrow(
      /generators\/invalid\/helper\.ts must declare exactly one rule .* it declares 0/,
    );
    const b = defineRule(rule({ rule: 'zz-second', order: 2, judgedBy: 'malformed-requests' }));
    expect(() =>
      buildCatalogue([
        { file: 'zz-test-rule.ts', exports: { a } },
        { file: 'zz-second.ts', exports: { b } },
      ]),
    ).toThrow(
      /the rules of family "zz-family" name different judging checks \(zz-test-rule: negative-rejection, zz-second: malformed-requests\)/,
    );
    expect(() => defineRule(rule({ family: '' }))).toThrow(
      /defineRule "zz-test-rule": family must be a kebab-case string/,
    );
    expect(() => defineRule(rule({ level: 'text' as unknown as RuleDefinition['level'] }))).toThrow(
      /level must be 'body' or 'raw'/,
    );
    expect(() => defineRule(rule({ methods: ['fax'] as unknown as RuleDefinition['methods'] }))).toThrow(
      /methods must be a non-empty list of bank/,
    );
  });
});

test.describe('rule families and their judges', () => {
  test('each family has exactly one judging check, named by all its rules, registered and owed by its own families', () => {
    for (const [family, rules] of Object.entries(RULE_FAMILIES)) {
      const judges = new Set(RULE_CATALOGUE.filter((e) => rules.includes(e.rule)).map((e) => e.judgedBy));
      expect([...judges], `judges of ${family}`).toEqual([FAMILY_JUDGES[family]]);
      const judge = CHECKS.get(FAMILY_JUDGES[family] ?? '');
      expect(judge?.owedBy.invalid, `${family}'s judge is registered and owed by its own families`).toBe(
        'own-families',
      );
    }
    for (const family of Object.keys(TODAYS_RULE_FAMILIES))
      expect(FAMILY_JUDGES[family], family).toBe(mainCheckOf(family));
    expect(judgeProblems(CHECKS, FAMILY_JUDGES)).toEqual([]);
  });

  test('a family judged by no registered check, or by one not owed by its families, and a family-owed check that judges none, are refused', () => {
    expect(judgeProblems(CHECKS, { ...FAMILY_JUDGES, 'zz-family': 'negative-rejectoin' })).toEqual([
      expect.stringMatching(/rule family "zz-family" is judged by "negative-rejectoin", which is no registered check/),
    ]);
    expect(judgeProblems(CHECKS, { ...FAMILY_JUDGES, 'zz-family': 'status-code' })).toEqual([
      expect.stringMatching(
        /rule family "zz-family" is judged by "status-code", whose owedBy\.invalid is not 'own-families'/,
      ),
    ]);
    const orphan = defineCheck(declaration({ owedBy: { invalid: 'own-families' } }));
    const withOrphan = new Map([...CHECKS, [orphan.id, orphan]]);
    expect(judgeProblems(withOrphan, FAMILY_JUDGES)).toEqual([
      expect.stringMatching(/check "zz-test-check" is owed by its own rule families, but no rule names it/),
    ]);
  });
});

test.describe('the checks each test owes are derived, and equal what was written by hand', () => {
  test('valid requests: VALID_ANSWER_CHECKS, plus semantic-consistency and read-after-create when a case must be accepted', () => {
    expect(todaysChecks(owedChecks({ kind: 'valid', accepted: false }))).toEqual(sorted(VALID_ANSWER_CHECKS));
    expect(todaysChecks(owedChecks({ kind: 'valid', accepted: true }))).toEqual(sorted(VALID_WHEN_ACCEPTED));
    const strict: ValidCase = {
      kind: 'valid',
      method: 'idnow',
      rule: null,
      field: null,
      contentType: 'application/json',
      body: { method: 'idnow' },
    };
    const tolerated: ValidCase = { ...strict, method: 'manual', body: { method: 'manual' } };
    const sessionMethods = ['bank', 'bank_id', 'fourthline', 'idnow'] as const;
    expect(todaysChecks(owedByValidCases([tolerated, strict], sessionMethods))).toEqual(sorted(VALID_WHEN_ACCEPTED));
    expect(todaysChecks(owedByValidCases([tolerated], sessionMethods))).toEqual(sorted(VALID_ANSWER_CHECKS));
  });

  test("invalid requests: the family's main check plus ERROR_ANSWER_CHECKS, for every family of every method", () => {
    for (const method of IDENTIFICATION_METHODS) {
      for (const plan of familiesFor(method).filter((p) => p.family in TODAYS_RULE_FAMILIES)) {
        expect(plan.mainCheck, `${method} ${plan.family}`).toBe(mainCheckOf(plan.family));
        expect(todaysChecks(plan.owes), `${method} ${plan.family}`).toEqual(
          sorted([mainCheckOf(plan.family), ...ERROR_ANSWER_CHECKS]),
        );
        expect(plan.owes, `${method} ${plan.family} owes its judge`).toContain(plan.mainCheck);
      }
    }
    for (const family of Object.keys(TODAYS_RULE_FAMILIES)) {
      expect(todaysChecks(owedChecks({ kind: 'invalid', family }))).toEqual(
        sorted([mainCheckOf(family), ...ERROR_ANSWER_CHECKS]),
      );
    }
  });

  test("probes: the probe kind's check plus status-code, content-type, not-a-server-error and response-schema", () => {
    expect(todaysChecks(owedChecks({ kind: 'probes', probes: ['auth'] }))).toEqual(sorted(['auth', ...PROBE_CHECKS]));
    expect(todaysChecks(owedChecks({ kind: 'probes', probes: ['unknown-resource'] }))).toEqual(
      sorted(['unknown-resources', ...PROBE_CHECKS]),
    );
  });
});
