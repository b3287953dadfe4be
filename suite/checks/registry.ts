/**
 * Every check, found rather than listed: each file of suite/checks/ is loaded, and each value made
 * by defineCheck (define.ts) that a file exports is a check; files that export none are helpers
 * (types.ts, define.ts, envelope.ts). A check lives in suite/checks/<id>.ts; a duplicate id, a
 * check in a file of another name, a file with two checks, or a check-shaped object not made by
 * defineCheck is an error at load. So is a rule family (generators/invalid/) whose judging check is
 * not registered, or a check owed by its own families that judges none.
 *
 * Adding a check: write suite/checks/<id>.ts, and add the sandbox faults that prove it.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FAMILY_JUDGES } from '../../generators/catalogue';
import { isDefinedCheck } from './define';
import type { Check, CheckId, Exchange, Violation } from './types';

/** One loaded file of suite/checks/: its name and what it exports. */
export interface CheckModule {
  file: string;
  exports: Readonly<Record<string, unknown>>;
}

/** Looks like a check (an object with id, run and appliesTo) but was not made by defineCheck. */
const checkShaped = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  'id' in value &&
  'run' in value &&
  'appliesTo' in value &&
  !isDefinedCheck(value);

/**
 * The checks of the loaded files, in declared order (ties: by id); throws naming the file and the
 * problem. Exported for the unit tests, which feed it modules of their own.
 */
export function registerChecks(modules: readonly CheckModule[]): ReadonlyMap<CheckId, Check> {
  const byId = new Map<CheckId, { check: Check; file: string }>();
  for (const { file, exports } of modules) {
    const shaped = Object.entries(exports)
      .filter(([, value]) => checkShaped(value))
      .map(([name]) => name);
    if (shaped.length > 0)
      throw new Error(
        `suite/checks/${file} exports ${shaped.join(', ')}, shaped like a check but not made by defineCheck (suite/checks/define.ts)`,
      );
    const declared = [...new Set(Object.values(exports).filter(isDefinedCheck))];
    if (declared.length > 1)
      throw new Error(
        `suite/checks/${file} declares ${declared.length} checks (${declared.map((c) => c.id).join(', ')}); one check per file`,
      );
    const [check] = declared;
    if (check === undefined) continue;
    const earlier = byId.get(check.id);
    if (earlier)
      throw new Error(
        `check id "${check.id}" is declared twice: suite/checks/${earlier.file} and suite/checks/${file}`,
      );
    if (file !== `${check.id}.ts`)
      throw new Error(
        `check "${check.id}" is declared in suite/checks/${file}; a check lives in suite/checks/${check.id}.ts`,
      );
    byId.set(check.id, { check, file });
  }
  const checks = [...byId.values()]
    .map(({ check }) => check)
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return new Map(checks.map((check) => [check.id, check]));
}

/**
 * The rule families against the checks: each family's judge (declared by its rules) is a
 * registered check owed by its own families, and each check owed by its own families judges one.
 * Returns the problems, [] when they agree.
 */
export function judgeProblems(
  checks: ReadonlyMap<CheckId, Check>,
  familyJudges: Readonly<Record<string, string>>,
): string[] {
  const problems: string[] = [];
  for (const [family, judge] of Object.entries(familyJudges)) {
    const check = checks.get(judge);
    if (check === undefined)
      problems.push(
        `rule family "${family}" is judged by "${judge}", which is no registered check (checks: ${[...checks.keys()].join(', ')})`,
      );
    else if (check.owedBy.invalid !== 'own-families')
      problems.push(`rule family "${family}" is judged by "${judge}", whose owedBy.invalid is not 'own-families'`);
  }
  const judges = new Set(Object.values(familyJudges));
  for (const check of checks.values()) {
    if (check.owedBy.invalid === 'own-families' && !judges.has(check.id))
      problems.push(`check "${check.id}" is owed by its own rule families, but no rule names it in judgedBy`);
  }
  return problems;
}

const CHECKS_DIR = import.meta.dirname;

/** The files of suite/checks/ the registry loads: every `.ts` but this one, by name. */
export const CHECK_FILES: readonly string[] = readdirSync(CHECKS_DIR)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('.') && f !== 'registry.ts')
  .sort();

const loaded: CheckModule[] = [];
// One file after the other, in name order: the same load order on every run.
for (const file of CHECK_FILES)
  loaded.push({
    file,
    exports: (await import(pathToFileURL(path.join(CHECKS_DIR, file)).href)) as Record<string, unknown>,
  });

export const CHECKS: ReadonlyMap<CheckId, Check> = registerChecks(loaded);

const judgeErrors = judgeProblems(CHECKS, FAMILY_JUDGES);
if (judgeErrors.length > 0) throw new Error(`checks registry: ${judgeErrors.join('; ')}`);

/** Every check id, in declared order: the names the report, conformance.json and the self-test use. */
export const CHECK_IDS: readonly CheckId[] = [...CHECKS.keys()];

export const isCheckId = (id: string): boolean => CHECKS.has(id);

/** Whether any of the checks judges the read-back (`readsBack`), so the engine must GET created identifications. */
export const needsReadBack = (ids: Iterable<CheckId>): boolean =>
  [...ids].some((id) => CHECKS.get(id)?.readsBack === true);

export function getCheck(id: string): Check {
  const check = CHECKS.get(id);
  if (!check) throw new Error(`unknown check "${id}"; known: ${CHECK_IDS.join(', ')}`);
  return check;
}

export interface Judgement {
  /** Checks that had something to say about the exchange. */
  applied: CheckId[];
  violations: Violation[];
}

/** Runs every applicable check on one exchange. */
export function judge(exchange: Exchange): Judgement {
  const applied: CheckId[] = [];
  const violations: Violation[] = [];
  for (const check of CHECKS.values()) {
    if (!check.appliesTo(exchange)) continue;
    applied.push(check.id);
    violations.push(...check.run(exchange));
  }
  return { applied, violations };
}
