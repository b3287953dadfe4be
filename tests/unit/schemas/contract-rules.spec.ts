/**
 * The contract-rules table (schemas/contract-rules.ts, rendered to schemas/CONTRACT-RULES.md) is
 * true of the code: every generator, probe, fault and check it names exists, the fault that breaks
 * a rule is caught by a check that judges it, the judging checks see the traffic that breaks the
 * rule, nothing the suite generates or checks is missing from it, and the markdown is what the
 * code renders.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import {
  IDENTIFICATION_METHODS,
  INVALID_RULES,
  invalidCase,
  rulesFor,
  validCase,
  type InvalidRule,
  type RequestCase,
} from '../../../generators';
import { FAULTS } from '../../../sandbox/faults';
import {
  APPLIES_TO,
  CONTRACT_STATEMENTS,
  STATEMENT_SOURCES,
  coverageOf,
  renderContractRulesTable,
  type Breaker,
  type ContractStatement,
  type TestedStatement,
} from '../../../schemas/contract-rules';
import { CONTRACT_RULES_TABLE_PATH, main as rulesTableCli } from '../../../schemas/contract-rules-cli';
import { ERROR_RULES, IDENTIFICATION_RULES } from '../../../schemas/rules';
import { CHECK_IDS, CHECKS } from '../../../suite/checks/registry';
import type { CheckId, Exchange, Probe, TargetContext } from '../../../suite/checks/types';
import { familiesFor } from '../../../suite/engine/plan';
import { authProbes, unknownResourceProbes } from '../../../suite/engine/probes';

const PERSON = 'dc1a6812a14f6cc338cd084208535bcdcper';
const SESSION = '0b4bd6b4d2c5b1f1c6a3e5d7f9a1b3c5ises';
const TARGET: TargetContext = {
  personId: PERSON,
  sessionId: SESSION,
  sessionMethods: ['bank', 'bank_id', 'fourthline', 'idnow'],
};

const tested = CONTRACT_STATEMENTS.filter((s): s is TestedStatement => coverageOf(s) === 'tested');

type ParsedBreaker = { kind: 'valid-cases' | 'invalid-cases' } | { kind: 'invalid' | 'probe' | 'fault'; name: string };

function parse(b: Breaker): ParsedBreaker | null {
  if (b === 'valid-cases' || b === 'invalid-cases') return { kind: b };
  const at = b.indexOf(':');
  const kind = b.slice(0, at);
  const name = b.slice(at + 1);
  if ((kind === 'invalid' || kind === 'probe' || kind === 'fault') && name !== '') return { kind, name };
  return null;
}

/** Every (row, reference) pair, parsed. */
const references = tested.flatMap((s) => s.brokenBy.map((b) => ({ statement: s, breaker: b, parsed: parse(b) })));

/** The probes the suite really sends, read from the planners (a second person given, so foreign-session is planned). */
const PROBES: readonly Probe[] = [
  ...authProbes({ target: TARGET }),
  ...unknownResourceProbes({ target: TARGET }, '992de312a545bb24a88ddbf57ae8b1ffcper'),
].map((p) => p.probe);
const probeName = (p: Probe): string => ('variant' in p ? p.variant : p.kind);
const probeByName = new Map(PROBES.map((p) => [probeName(p), p]));

const faultByName = new Map<string, { intendedCheck: CheckId }>(FAULTS.map((f) => [f.name, f]));
const invalidRules: ReadonlySet<string> = new Set(INVALID_RULES);
const checkIds: ReadonlySet<string> = new Set(CHECK_IDS);

// ── exchanges as the contract wants them answered, to ask which checks look at each kind of traffic ──

const sample = <T>(arb: fc.Arbitrary<T>): T => {
  const [value] = fc.sample(arb, { seed: 42, numRuns: 1 });
  if (value === undefined) throw new Error('fc.sample produced nothing');
  return value;
};

const errorBody = (status: number, field: string | null): unknown => ({
  errors: [
    {
      id: 'a95f2aaf-4e0c-4d49-8021-8a16a884ed86',
      status: String(status),
      code: 'validation_error',
      title: 'Validation Error',
      detail: 'invalid',
      ...(field ? { source: { field, message: 'invalid' } } : {}),
    },
  ],
});

function exchange(c: RequestCase, probe: Probe, status: number, json: unknown, readBack = false): Exchange {
  const bodyText = JSON.stringify(json);
  const response = { status, headers: { 'content-type': 'application/json; charset=utf-8' }, bodyText, json };
  return {
    case: c,
    probe,
    request: {
      method: 'POST',
      url: `http://127.0.0.1/v1/persons/${PERSON}/identification_sessions/${SESSION}/identifications`,
      headers: {},
      bodyText: '{}',
    },
    response,
    target: TARGET,
    earlierIds: new Set(),
    ...(readBack ? { readBack: response } : {}),
  };
}

const validExchange = (): Exchange => {
  const c = sample(validCase('idnow'));
  return exchange(
    c,
    { kind: 'generated' },
    200,
    { id: '9dfe2f4edaa67138be0c0c1cd3a7d849cidt', method: 'idnow', status: 'created', person_id: PERSON },
    true,
  );
};

const invalidExchange = (rule: InvalidRule): Exchange => {
  const method = IDENTIFICATION_METHODS.find((m) => rulesFor(m).includes(rule));
  if (method === undefined) throw new Error(`no method takes invalid rule ${rule}`);
  const c = sample(invalidCase(method, [rule]));
  return exchange(c, { kind: 'generated' }, 400, errorBody(400, c.field));
};

const probeExchange = (probe: Probe): Exchange => {
  const status = probe.kind === 'auth' ? 401 : 404;
  return exchange(sample(validCase('idnow')), probe, status, errorBody(status, null));
};

/** The exchanges a reference stands for: one per invalid rule for `invalid-cases`. */
function exchangesFor(parsed: ParsedBreaker): Exchange[] {
  switch (parsed.kind) {
    case 'valid-cases':
      return [validExchange()];
    case 'invalid-cases':
      return INVALID_RULES.map(invalidExchange);
    case 'invalid':
      return [invalidExchange(parsed.name)];
    case 'probe': {
      const probe = probeByName.get(parsed.name);
      return probe ? [probeExchange(probe)] : [];
    }
    case 'fault':
      return [];
  }
}

const show = (s: ContractStatement, detail: string): string => `${s.id}: ${detail}`;

test.describe('the rows', () => {
  test('ids are unique kebab-case; every row has a source, a scope and a sentence', () => {
    const ids = CONTRACT_STATEMENTS.map((s) => s.id);
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      'duplicate ids',
    ).toEqual([]);
    const problems: string[] = [];
    for (const s of CONTRACT_STATEMENTS) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(s.id)) problems.push(show(s, 'id is not kebab-case'));
      if (s.source.length === 0 || s.source.some((src) => !(STATEMENT_SOURCES as readonly string[]).includes(src)))
        problems.push(show(s, `bad source ${s.source.join(', ')}`));
      if (!(APPLIES_TO as readonly string[]).includes(s.appliesTo))
        problems.push(show(s, `bad appliesTo ${s.appliesTo}`));
      if (s.statement.length < 20 || !s.statement.endsWith('.')) problems.push(show(s, 'statement is not a sentence'));
    }
    expect(problems).toEqual([]);
  });

  test('each row is tested (broken by and judged by something), untestable with a reason, or not yet tested with what is missing', () => {
    const problems: string[] = [];
    for (const s of CONTRACT_STATEMENTS) {
      const kinds = [
        s.brokenBy !== undefined || s.judgedBy !== undefined,
        s.untestable !== undefined,
        s.notYetTested !== undefined,
      ].filter(Boolean).length;
      if (kinds !== 1) problems.push(show(s, 'must be exactly one of tested, untestable, not yet tested'));
      if (s.brokenBy !== undefined && (s.brokenBy.length === 0 || s.judgedBy.length === 0))
        problems.push(show(s, 'tested without a breaker or a check'));
      if (s.untestable !== undefined && s.untestable.length < 40)
        problems.push(show(s, 'untestable without a real reason'));
      if (s.notYetTested !== undefined && s.notYetTested.length < 40)
        problems.push(show(s, 'not yet tested without saying what is missing'));
    }
    expect(problems).toEqual([]);
  });
});

test.describe('every reference is real', () => {
  test('every brokenBy names an invalid rule (generators/invalid/), a probe the suite sends (suite/engine/probes.ts) or a sandbox fault (sandbox/faults.ts)', () => {
    const unknown = references.flatMap(({ statement, breaker, parsed }) => {
      if (parsed === null)
        return [
          show(
            statement,
            `"${breaker}" is not valid-cases, invalid-cases, invalid:<rule>, probe:<variant> or fault:<name>`,
          ),
        ];
      if (parsed.kind === 'invalid' && !invalidRules.has(parsed.name))
        return [show(statement, `no invalid rule "${parsed.name}" (INVALID_RULES: ${INVALID_RULES.join(', ')})`)];
      if (parsed.kind === 'probe' && !probeByName.has(parsed.name))
        return [show(statement, `no probe "${parsed.name}" (probes: ${[...probeByName.keys()].join(', ')})`)];
      if (parsed.kind === 'fault' && !faultByName.has(parsed.name))
        return [show(statement, `no sandbox fault "${parsed.name}"`)];
      return [];
    });
    expect(unknown).toEqual([]);
  });

  test('every judgedBy names a registered check (suite/checks/<id>.ts)', () => {
    const unknown = tested.flatMap((s) =>
      s.judgedBy
        .filter((id) => !checkIds.has(id))
        .map((id) => show(s, `no check "${id}" (registered: ${CHECK_IDS.join(', ')})`)),
    );
    expect(unknown).toEqual([]);
  });
});

test.describe('the references agree with each other', () => {
  test('the fault that breaks a rule is caught (its intendedCheck) by a check that judges the rule', () => {
    const problems = references.flatMap(({ statement, parsed }) => {
      if (parsed?.kind !== 'fault') return [];
      const fault = faultByName.get(parsed.name);
      if (fault === undefined || statement.judgedBy.includes(fault.intendedCheck)) return [];
      return [
        show(
          statement,
          `fault ${parsed.name} is caught by ${fault.intendedCheck}, which does not judge the rule (judgedBy: ${statement.judgedBy.join(', ')})`,
        ),
      ];
    });
    expect(problems).toEqual([]);
  });

  test('an invalid rule that breaks a request rule is judged by the check that owns its family (suite/engine/plan.ts)', () => {
    const owner = new Map<string, CheckId>();
    for (const method of IDENTIFICATION_METHODS)
      for (const plan of familiesFor(method)) for (const rule of plan.rules) owner.set(rule, plan.mainCheck);
    const problems = references.flatMap(({ statement, parsed }) => {
      if (parsed?.kind !== 'invalid' || statement.appliesTo !== 'request') return [];
      const main = owner.get(parsed.name);
      return main === undefined || statement.judgedBy.includes(main)
        ? []
        : [show(statement, `invalid rule ${parsed.name} is owned by ${main}, which is not in judgedBy`)];
    });
    expect(problems).toEqual([]);
  });

  test('a check that judges a rule looks at the traffic that breaks it (its appliesTo is true there)', () => {
    const problems = references.flatMap(({ statement, breaker, parsed }) => {
      if (parsed === null) return [];
      return exchangesFor(parsed).flatMap((ex) => {
        const looking = statement.judgedBy.filter((id) => CHECKS.get(id)?.appliesTo(ex) === true);
        const what = ex.case.kind === 'invalid' ? `${breaker} (${ex.case.rule})` : breaker;
        return looking.length > 0
          ? []
          : [show(statement, `none of ${statement.judgedBy.join(', ')} applies to ${what}`)];
      });
    });
    expect(problems).toEqual([]);
  });
});

test.describe('nothing the suite generates or checks is missing from the table', () => {
  test('every named rule of schemas/rules.ts has a row of its own, from the same source, judged by the check that calls it', () => {
    const byId = new Map(CONTRACT_STATEMENTS.map((s) => [s.id, s]));
    const named = [
      ...IDENTIFICATION_RULES.map((r) => ({ rule: r, check: 'semantic-consistency' })),
      ...ERROR_RULES.map((r) => ({ rule: r, check: 'error-precision' })),
    ];
    const problems = named.flatMap(({ rule, check }) => {
      const row = byId.get(rule.id);
      if (row === undefined) return [`${rule.id}: no row in schemas/contract-rules.ts`];
      const out: string[] = [];
      if (!(row.source as readonly string[]).includes(rule.source))
        out.push(show(row, `source ${row.source.join(', ')} lacks ${rule.source} (schemas/rules.ts)`));
      if (!row.judgedBy?.includes(check)) out.push(show(row, `not judged by ${check}, the check that calls it`));
      return out;
    });
    expect(problems).toEqual([]);
  });

  test('every invalid rule breaks at least one request rule', () => {
    const used = new Set(
      references.flatMap(({ statement, parsed }) =>
        parsed?.kind === 'invalid' && statement.appliesTo === 'request' ? [parsed.name] : [],
      ),
    );
    expect(INVALID_RULES.filter((r) => !used.has(r))).toEqual([]);
  });

  test('every probe the suite sends breaks at least one rule', () => {
    const used = new Set(references.flatMap(({ parsed }) => (parsed?.kind === 'probe' ? [parsed.name] : [])));
    expect([...probeByName.keys()].filter((p) => !used.has(p))).toEqual([]);
  });

  test('every check judges at least one rule', () => {
    const used = new Set(tested.flatMap((s) => s.judgedBy));
    expect(CHECK_IDS.filter((id) => !used.has(id))).toEqual([]);
  });
});

test.describe('schemas/CONTRACT-RULES.md', () => {
  test('is what the code renders (npm run rules:table writes it)', () => {
    const committed = readFileSync(CONTRACT_RULES_TABLE_PATH, 'utf8');
    expect(committed, 'schemas/CONTRACT-RULES.md is out of date: run npm run rules:table').toBe(
      renderContractRulesTable(),
    );
    expect(rulesTableCli(['--check'])).toBe(0);
  });

  test('has one table row per rule, with the counts in its summary', () => {
    const markdown = renderContractRulesTable();
    const rows = markdown.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(CONTRACT_STATEMENTS.length);
    CONTRACT_STATEMENTS.forEach((s, i) => expect(rows[i]?.startsWith(`| \`${s.id}\`: `)).toBe(true));
    for (const r of rows) expect(r.replace(/\\\|/g, '').split('|')).toHaveLength(8); // 6 cells between 7 pipes
    const count = (c: ReturnType<typeof coverageOf>): number =>
      CONTRACT_STATEMENTS.filter((s) => coverageOf(s) === c).length;
    expect(markdown).toContain(
      `${CONTRACT_STATEMENTS.length} rules: ${count('tested')} tested, ${count('untestable')} untestable from outside the API, ${count('not-yet-tested')} not yet tested.`,
    );
  });

  test('the CLI refuses unknown arguments', () => {
    expect(rulesTableCli(['--write-somewhere-else'])).toBe(2);
  });
});
