/**
 * The rule catalogue, found rather than listed: every file of generators/invalid/ declares one
 * invalid rule (defineRule, generators/_internals/rule.ts), and everything else is derived from
 * those declarations here: the rules in order, the families, the raw rules, the check that judges
 * each family. A malformed or duplicated declaration, a file without one, or a family whose rules
 * name different judges is an error at load (a silently missing rule would read as "covered").
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IdentificationMethod, InvalidRule, RuleFamily } from './case';
import { isDefinedRule, type RuleCatalogueEntry, type RuleDefinition } from './_internals/rule';

export type { RuleCatalogueEntry, RuleDefinition };

/** One loaded file of generators/invalid/: its name and what it exports. */
export interface RuleModule {
  file: string;
  exports: Readonly<Record<string, unknown>>;
}

export interface Catalogue {
  /** Every rule, in declared order (ties: by id). */
  rules: readonly RuleDefinition[];
  /** family → its rules, families in the order of their first rule. */
  families: Readonly<Record<RuleFamily, readonly InvalidRule[]>>;
  /** family → the id of the check that judges it (as the rules declare it; the suite checks it is registered). */
  judges: Readonly<Record<RuleFamily, string>>;
}

/** Builds the catalogue from loaded rule files; throws naming the file and what is wrong. */
export function buildCatalogue(modules: readonly RuleModule[]): Catalogue {
  const byId = new Map<InvalidRule, { def: RuleDefinition; file: string }>();
  for (const { file, exports } of modules) {
    const declared = [...new Set(Object.values(exports).filter(isDefinedRule))];
    if (declared.length !== 1) {
      throw new Error(
        `generators/invalid/${file} must declare exactly one rule (export one value made by defineRule); it declares ${declared.length}`,
      );
    }
    const [def] = declared as [RuleDefinition];
    const earlier = byId.get(def.rule);
    if (earlier)
      throw new Error(
        `invalid rule "${def.rule}" is declared twice: generators/invalid/${earlier.file} and generators/invalid/${file}`,
      );
    if (file !== `${def.rule}.ts`)
      throw new Error(
        `invalid rule "${def.rule}" is declared in generators/invalid/${file}; a rule lives in generators/invalid/${def.rule}.ts`,
      );
    byId.set(def.rule, { def, file });
  }
  const rules = [...byId.values()]
    .map(({ def }) => def)
    .sort((a, b) => a.order - b.order || a.rule.localeCompare(b.rule));
  const families: Record<RuleFamily, InvalidRule[]> = {};
  const judges: Record<RuleFamily, string> = {};
  for (const def of rules) {
    (families[def.family] ??= []).push(def.rule);
    const judge = (judges[def.family] ??= def.judgedBy);
    if (judge !== def.judgedBy) {
      const others = rules.filter((r) => r.family === def.family).map((r) => `${r.rule}: ${r.judgedBy}`);
      throw new Error(
        `the rules of family "${def.family}" name different judging checks (${others.join(', ')}); a family has exactly one`,
      );
    }
  }
  return { rules, families, judges };
}

const RULES_DIR = path.join(import.meta.dirname, 'invalid');

/** The rule files: every `.ts` of generators/invalid/, by name. */
export const RULE_FILES: readonly string[] = readdirSync(RULES_DIR)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('.'))
  .sort();

const loaded: RuleModule[] = [];
// One file after the other, in name order: the same load order on every run.
for (const file of RULE_FILES)
  loaded.push({
    file,
    exports: (await import(pathToFileURL(path.join(RULES_DIR, file)).href)) as Record<string, unknown>,
  });
const CATALOGUE = buildCatalogue(loaded);

/** Every invalid rule id, in declared order. */
export const INVALID_RULES: readonly InvalidRule[] = CATALOGUE.rules.map((r) => r.rule);
/** One Playwright test per (method × family); each family runs one fast-check property over its rules. */
export const RULE_FAMILIES: Readonly<Record<RuleFamily, readonly InvalidRule[]>> = CATALOGUE.families;
/** family → the id of the check that judges it (validated against the registered checks by suite/checks/registry.ts). */
export const FAMILY_JUDGES: Readonly<Record<RuleFamily, string>> = CATALOGUE.judges;
/** Rules whose cases are sent as exact text (`raw`) rather than a JSON value (`body`). */
export const RAW_RULES: readonly InvalidRule[] = CATALOGUE.rules.filter((r) => r.level === 'raw').map((r) => r.rule);

const byRule = new Map<InvalidRule, RuleDefinition>(CATALOGUE.rules.map((r) => [r.rule, r]));

/** The definition of one rule (throws for an unknown id). */
export const ruleDefinition = (rule: InvalidRule): RuleDefinition => {
  const def = byRule.get(rule);
  if (!def) throw new Error(`ruleDefinition: unknown rule "${String(rule)}"; known: ${INVALID_RULES.join(', ')}`);
  return def;
};

/** The id of the check that judges a rule's family, or undefined for a rule no file declares. */
export const judgeOfRule = (rule: InvalidRule): string | undefined => byRule.get(rule)?.judgedBy;

/** For docs and the report: what each rule breaks, how, and for which methods. */
export const RULE_CATALOGUE: readonly RuleCatalogueEntry[] = CATALOGUE.rules.map(
  ({ arbitrary: _arbitrary, ...entry }) => entry,
);

/** The rules that apply to a method, in declared order (iban-required only for bank and bank_id). */
export const rulesFor = (method: IdentificationMethod): readonly InvalidRule[] =>
  INVALID_RULES.filter((rule) => ruleDefinition(rule).methods.includes(method));
