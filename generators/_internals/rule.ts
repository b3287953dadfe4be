/**
 * What every invalid-rule file declares (generators/invalid/<rule>.ts, one rule each, made with
 * defineRule): its id, its family and the check that judges the family, its order, the catalogue
 * entry (which fields, variants and methods the rule covers, for the report) and the arbitrary that
 * builds its cases from a valid base. generators/catalogue.ts finds the files and derives every list.
 */
import type fc from 'fast-check';
import {
  IDENTIFICATION_METHODS,
  type IdentificationMethod,
  type InvalidBodyCase,
  type InvalidCase,
  type InvalidRawCase,
  type InvalidRule,
} from '../case';

export interface RuleCatalogueEntry {
  /** The rule's id: kebab-case, the file's name without `.ts`. */
  rule: InvalidRule;
  /** The rules of a family run as one Playwright test per method (one fast-check property). */
  family: string;
  /**
   * The id of the check that judges the family (a check of suite/checks/, validated when the suite
   * loads; generators do not import the suite). Every rule of a family names the same check.
   */
  judgedBy: string;
  /**
   * Position among the rules: the order of the catalogue, of a method's rules and of the families
   * (a family comes where its first rule does). fast-check picks among rules in this order, so
   * changing it changes the cases a seed generates.
   */
  order: number;
  /** `body`: a JSON value to send; `raw`: exact text (and Content-Type) to send. */
  level: 'body' | 'raw';
  /** The fields the rule breaks (null: the body as a whole). */
  fields: readonly (string | null)[];
  variants: readonly string[];
  methods: readonly IdentificationMethod[];
  description: string;
}

export interface RuleDefinition extends RuleCatalogueEntry {
  arbitrary: (method: IdentificationMethod) => fc.Arbitrary<InvalidCase>;
}

const DEFINED = new WeakSet<object>();
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Every problem of a rule declaration, [] when it is well-formed. */
export function ruleProblems(def: RuleDefinition): string[] {
  const d = def as unknown as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of ['rule', 'family', 'judgedBy'] as const) {
    if (typeof d[key] !== 'string' || !KEBAB.test(d[key]))
      problems.push(`${key} must be a kebab-case string, not ${JSON.stringify(d[key])}`);
  }
  if (typeof d.order !== 'number' || !Number.isFinite(d.order))
    problems.push(`order must be a finite number, not ${JSON.stringify(d.order)}`);
  if (d.level !== 'body' && d.level !== 'raw')
    problems.push(`level must be 'body' or 'raw', not ${JSON.stringify(d.level)}`);
  if (!Array.isArray(d.fields) || d.fields.length === 0)
    problems.push('fields must be a non-empty list (null: the whole body)');
  if (!Array.isArray(d.variants) || d.variants.length === 0) problems.push('variants must be a non-empty list');
  const methods: readonly unknown[] = Array.isArray(d.methods) ? d.methods : [];
  if (methods.length === 0 || methods.some((m) => !(IDENTIFICATION_METHODS as readonly unknown[]).includes(m)))
    problems.push(`methods must be a non-empty list of ${IDENTIFICATION_METHODS.join(', ')}`);
  if (typeof d.description !== 'string' || d.description === '')
    problems.push('description must be a non-empty string');
  if (typeof d.arbitrary !== 'function')
    problems.push('arbitrary must be a function (method) => fc.Arbitrary<InvalidCase>');
  return problems;
}

/** An invalid rule, declared: throws at load on a malformed declaration. */
export function defineRule(def: RuleDefinition): RuleDefinition {
  const problems = ruleProblems(def);
  if (problems.length > 0)
    throw new Error(`defineRule ${JSON.stringify((def as { rule?: unknown }).rule ?? '?')}: ${problems.join('; ')}`);
  const rule = Object.freeze({ ...def });
  DEFINED.add(rule);
  return rule;
}

/** Whether a value is a rule made by defineRule (the catalogue's marker). */
export const isDefinedRule = (value: unknown): value is RuleDefinition =>
  typeof value === 'object' && value !== null && DEFINED.has(value);

/** The base with one field set; an existing field keeps its position, so the diff is one line. */
export const withField = (base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> => ({
  ...base,
  [field]: value,
});

export const withoutField = (base: Record<string, unknown>, field: string): Record<string, unknown> => {
  const { [field]: _removed, ...rest } = base;
  return rest;
};

export const bodyCase = (c: Omit<InvalidBodyCase, 'kind'>): InvalidBodyCase => ({
  kind: 'invalid',
  method: c.method,
  rule: c.rule,
  field: c.field,
  variant: c.variant,
  contentType: c.contentType,
  body: c.body,
  base: c.base,
});

export const rawCase = (c: Omit<InvalidRawCase, 'kind' | 'field'>): InvalidRawCase => ({
  kind: 'invalid',
  method: c.method,
  rule: c.rule,
  field: null,
  variant: c.variant,
  contentType: c.contentType,
  raw: c.raw,
  base: c.base,
});

/** A uniform choice between per-variant (or per-field) arbitraries; fails loudly when empty. */
export const nonEmpty = <T>(items: readonly T[], what: string): [T, ...T[]] => {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error(`${what}: nothing to choose from`);
  return [first, ...rest];
};
