/**
 * defineCheck: how suite/checks/<id>.ts declares its check. The declaration is checked here, when
 * the file loads (a malformed one throws, naming the check and the field), and the result is
 * marked so that the registry tells a check from anything else a file in suite/checks/ exports.
 */
import {
  PROBE_KINDS,
  type Check,
  type CheckDeclaration,
  type Exchange,
  type Finding,
  type OwedBy,
  type Violation,
} from './types';

const DEFINED = new WeakSet<object>();

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const OWED_BY_KEYS: ReadonlySet<string> = new Set(['valid', 'invalid', 'probes']);
const VALID_OWING: ReadonlySet<unknown> = new Set(['always', 'when-accepted']);
const INVALID_OWING: ReadonlySet<unknown> = new Set(['all', 'own-families']);

/** The problems of a declaration's owedBy, [] when it is well-formed. */
function owedByProblems(owedBy: unknown): string[] {
  if (typeof owedBy !== 'object' || owedBy === null || Array.isArray(owedBy))
    return ['owedBy must be an object {valid?, invalid?, probes?}'];
  const o = owedBy as Record<string, unknown>;
  const problems = Object.keys(o)
    .filter((key) => !OWED_BY_KEYS.has(key))
    .map((key) => `owedBy.${key} is not one of valid, invalid, probes`);
  if (o.valid !== undefined && !VALID_OWING.has(o.valid))
    problems.push(`owedBy.valid must be 'always' or 'when-accepted', not ${JSON.stringify(o.valid)}`);
  if (o.invalid !== undefined && !INVALID_OWING.has(o.invalid))
    problems.push(`owedBy.invalid must be 'all' or 'own-families', not ${JSON.stringify(o.invalid)}`);
  if (o.probes !== undefined && o.probes !== 'all') {
    const kinds: readonly unknown[] = Array.isArray(o.probes) ? o.probes : [];
    if (
      !Array.isArray(o.probes) ||
      kinds.length === 0 ||
      kinds.some((k) => !(PROBE_KINDS as readonly unknown[]).includes(k))
    ) {
      problems.push(
        `owedBy.probes must be 'all' or a non-empty list of ${PROBE_KINDS.join(', ')}, not ${JSON.stringify(o.probes)}`,
      );
    }
  }
  return problems;
}

/** Every problem of a declaration, [] when it is well-formed (exported for the unit tests). */
export function declarationProblems(declaration: CheckDeclaration): string[] {
  const d = declaration as unknown as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof d.id !== 'string' || !KEBAB.test(d.id))
    problems.push(`id must be a kebab-case string, not ${JSON.stringify(d.id)}`);
  if (typeof d.meaning !== 'string' || d.meaning.trim().length < 10 || !d.meaning.trim().endsWith('.'))
    problems.push('meaning must be one sentence, ending with a full stop');
  if (typeof d.order !== 'number' || !Number.isFinite(d.order))
    problems.push(`order must be a finite number, not ${JSON.stringify(d.order)}`);
  if (typeof d.appliesTo !== 'function') problems.push('appliesTo must be a function (exchange) => boolean');
  if (typeof d.run !== 'function') problems.push('run must be a function (exchange) => findings');
  if (d.readsBack !== undefined && typeof d.readsBack !== 'boolean')
    problems.push('readsBack, when given, must be a boolean');
  problems.push(...owedByProblems(d.owedBy));
  return problems;
}

/** Array indices in a JSON pointer (`/errors/0/code`): which element broke a rule is not part of what broke. */
const normalizePointer = (text: string): string => text.replace(/\/\d+(?=\/|\s|$)/g, '/*');

/**
 * A finding's key when its check sets none: the rule with the pointer it concerns, else the title
 * (titles are stable across repeats: they name the schema keyword and pointer, the probe, the rule).
 */
export function violationKey(finding: Finding): string {
  if (finding.rule !== undefined)
    return `${finding.rule}${finding.path ? ` at ${normalizePointer(finding.path)}` : ''}`;
  return normalizePointer(finding.title);
}

/** A check, declared: throws at load on a malformed declaration; run's findings carry the id. */
export function defineCheck(declaration: CheckDeclaration): Check {
  const problems = declarationProblems(declaration);
  if (problems.length > 0) {
    throw new Error(
      `defineCheck ${JSON.stringify((declaration as { id?: unknown }).id ?? '?')}: ${problems.join('; ')}`,
    );
  }
  const { id, meaning, order, appliesTo, readsBack = false } = declaration;
  const owedBy: OwedBy = Object.freeze({
    ...declaration.owedBy,
    ...(Array.isArray(declaration.owedBy.probes) ? { probes: Object.freeze([...declaration.owedBy.probes]) } : {}),
  });
  const check: Check = Object.freeze({
    id,
    meaning,
    order,
    owedBy,
    readsBack,
    appliesTo: (exchange: Exchange) => appliesTo(exchange),
    run: (exchange: Exchange): Violation[] =>
      declaration
        .run(exchange)
        .map((finding) => ({ check: id, ...finding, key: finding.key ?? violationKey(finding) })),
  });
  DEFINED.add(check);
  return check;
}

/** Whether a value is a check made by defineCheck (the registry's marker). */
export const isDefinedCheck = (value: unknown): value is Check =>
  typeof value === 'object' && value !== null && DEFINED.has(value);
