/**
 * What every invalid-rule file exports: the catalogue entry (which fields, variants and methods the
 * rule covers, for the report) and the arbitrary that builds its cases from a valid base.
 */
import type fc from 'fast-check';
import type { IdentificationMethod, InvalidBodyCase, InvalidCase, InvalidRawCase, InvalidRule } from '../case';

export interface RuleCatalogueEntry {
  rule: InvalidRule;
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

/** The base with one field set; an existing field keeps its position, so the diff is one line. */
export const withField = (base: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> => ({
  ...base,
  [field]: value,
});

export const withoutField = (base: Record<string, unknown>, field: string): Record<string, unknown> => {
  const { [field]: _removed, ...rest } = base;
  return rest;
};

export const bodyCase = (
  c: Omit<InvalidBodyCase, 'kind'>,
): InvalidBodyCase => ({ kind: 'invalid', method: c.method, rule: c.rule, field: c.field, variant: c.variant, contentType: c.contentType, body: c.body, base: c.base });

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
