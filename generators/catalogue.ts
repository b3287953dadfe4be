/**
 * The rule catalogue: every invalid rule, registered once, in INVALID_RULES order. A rule id with
 * no definition, or a definition registered twice, is an error at load (a silently missing rule
 * would read as "covered" in the report).
 */
import { INVALID_RULES, type IdentificationMethod, type InvalidRule } from './case';
import type { RuleCatalogueEntry, RuleDefinition } from './_internals/rule';
import { contentTypeRule } from './invalid/content-type';
import { dateFormatRule } from './invalid/date-format';
import { emptyBodyRule } from './invalid/empty-body';
import { enumRule } from './invalid/enum';
import { ibanCountryRule } from './invalid/iban-country';
import { ibanFormatRule } from './invalid/iban-format';
import { ibanRequired } from './invalid/iban-required';
import { malformedJsonRule } from './invalid/malformed-json';
import { methodRequired } from './invalid/method-required';
import { notAnObjectRule } from './invalid/not-an-object';
import { typeRule } from './invalid/type';
import { whitespaceRule } from './invalid/whitespace';

export type { RuleCatalogueEntry, RuleDefinition };

const DEFINITIONS: readonly RuleDefinition[] = [
  methodRequired,
  ibanRequired,
  enumRule,
  typeRule,
  whitespaceRule,
  dateFormatRule,
  ibanFormatRule,
  ibanCountryRule,
  notAnObjectRule,
  malformedJsonRule,
  emptyBodyRule,
  contentTypeRule,
];

const byRule = new Map<InvalidRule, RuleDefinition>();
for (const def of DEFINITIONS) {
  if (byRule.has(def.rule)) throw new Error(`catalogue: rule "${def.rule}" is registered twice`);
  byRule.set(def.rule, def);
}
for (const rule of INVALID_RULES) if (!byRule.has(rule)) throw new Error(`catalogue: rule "${rule}" has no generator`);

/** The definition of one rule (throws for an unknown id). */
export const ruleDefinition = (rule: InvalidRule): RuleDefinition => {
  const def = byRule.get(rule);
  if (!def) throw new Error(`ruleDefinition: unknown rule "${String(rule)}"; known: ${INVALID_RULES.join(', ')}`);
  return def;
};

/** For docs and the report: what each rule breaks, how, and for which methods. */
export const RULE_CATALOGUE: readonly RuleCatalogueEntry[] = INVALID_RULES.map((rule) => {
  const { arbitrary: _arbitrary, ...entry } = ruleDefinition(rule);
  return entry;
});

/** The rules that apply to a method, in INVALID_RULES order (iban-required only for bank and bank_id). */
export const rulesFor = (method: IdentificationMethod): readonly InvalidRule[] =>
  INVALID_RULES.filter((rule) => ruleDefinition(rule).methods.includes(method));
