/**
 * A small JSON-Schema-to-fast-check compiler for the request schema's subset: `type` (string,
 * optionally nullable), `enum`, `pattern` (only the no-edge-whitespace pattern, and `^DE` on an IBAN), `format` (`date`,
 * `iban`), `minLength`, `required`, `properties`, `additionalProperties`, and `allOf` of `if`/`then`
 * decided by fixed fields (the method). Realistic content comes from per-field overrides; the
 * schema still decides which fields exist, which are required and which may be null.
 *
 * Anything else in the schema throws: a keyword the compiler skipped would make its output
 * "valid by construction" only by luck.
 */
import fc from 'fast-check';
import { calendarDate } from '../date';
import { anyIban, germanIban } from '../iban';
import { freeText } from '../text';
import {
  GERMAN_IBAN_PATTERN,
  KNOWN_KEYWORDS,
  NO_EDGE_WHITESPACE_PATTERN,
  typesOf,
  type JsonSchema,
  type JsonType,
} from './json-schema';

export interface CompileOptions {
  /** Fields whose value is fixed for the whole arbitrary (here: `method`). */
  fixed: Readonly<Record<string, string>>;
  /** Realistic value arbitraries per field, used instead of the schema-derived default. */
  overrides?: Readonly<Record<string, fc.Arbitrary<string>>>;
  /** Unknown fields to add where the schema allows additional properties. */
  extras?: fc.Arbitrary<Record<string, unknown>>;
}

export interface CompiledObject {
  body: fc.Arbitrary<Record<string, unknown>>;
  /** A present, non-null, valid value for every property (fixed ones included). */
  values: Readonly<Record<string, fc.Arbitrary<string>>>;
  /** The schema with the applicable `then` branches merged in. */
  effective: JsonSchema;
}

const fail = (where: string, what: string): never => {
  throw new Error(`compileObject: ${what} at ${where || '/'}`);
};

const checkKeywords = (schema: JsonSchema, where: string): void => {
  for (const key of Object.keys(schema)) if (!KNOWN_KEYWORDS.has(key)) fail(where, `unsupported keyword "${key}"`);
  for (const [name, sub] of Object.entries(schema.properties ?? {})) checkKeywords(sub, `${where}/properties/${name}`);
  (schema.allOf ?? []).forEach((sub, i) => checkKeywords(sub, `${where}/allOf/${i}`));
  if (schema.if) checkKeywords(schema.if, `${where}/if`);
  if (schema.then) checkKeywords(schema.then, `${where}/then`);
};

/** Whether a fixed value satisfies a property schema of the `if` (only enum and type are decidable here). */
const fixedMatches = (value: string, schema: JsonSchema, where: string): boolean => {
  for (const key of Object.keys(schema))
    if (!['enum', 'type'].includes(key)) fail(where, `cannot decide "${key}" in an if`);
  if (schema.enum && !schema.enum.includes(value)) return false;
  const types = typesOf(schema);
  return types.length === 0 || types.includes('string');
};

/** Decides an `if` from the fixed fields alone; a condition on a generated field is unsupported. */
const ifHolds = (cond: JsonSchema, fixed: Readonly<Record<string, string>>, where: string): boolean => {
  for (const key of Object.keys(cond))
    if (!['properties', 'required'].includes(key)) fail(where, `cannot decide "${key}" in an if`);
  for (const name of cond.required ?? [])
    if (!(name in fixed)) fail(where, `if requires "${name}", which is not a fixed field`);
  return Object.entries(cond.properties ?? {}).every(([name, sub]) => {
    const value = fixed[name];
    return value === undefined
      ? fail(where, `if tests "${name}", which is not a fixed field`)
      : fixedMatches(value, sub, `${where}/properties/${name}`);
  });
};

/** Both schemas must hold: types intersect, other keywords must not conflict. */
const mergeProperty = (a: JsonSchema, b: JsonSchema, where: string): JsonSchema => {
  const merged: JsonSchema = { ...a };
  for (const [key, value] of Object.entries(b) as [keyof JsonSchema, unknown][]) {
    if (key === 'type') continue;
    if (key === 'minLength') merged.minLength = Math.max(a.minLength ?? 0, b.minLength ?? 0);
    else if (key in a && JSON.stringify(a[key]) !== JSON.stringify(value)) fail(where, `conflicting "${key}" in then`);
    else Object.assign(merged, { [key]: value });
  }
  const ta = typesOf(a);
  const tb = typesOf(b);
  const types: JsonType[] = ta.length === 0 ? [...tb] : tb.length === 0 ? [...ta] : ta.filter((t) => tb.includes(t));
  if (types.length === 0 && (ta.length > 0 || tb.length > 0)) fail(where, 'then leaves no allowed type');
  if (types.length > 0) merged.type = types.length === 1 ? types[0] : types;
  // A merged type without null also removes null from the enum.
  if (merged.enum && !types.includes('null')) merged.enum = merged.enum.filter((v) => v !== null);
  return merged;
};

const resolveConditionals = (schema: JsonSchema, fixed: Readonly<Record<string, string>>): JsonSchema => {
  const { allOf, ...rest } = schema;
  let effective: JsonSchema = rest;
  (allOf ?? []).forEach((branch, i) => {
    const where = `/allOf/${i}`;
    for (const key of Object.keys(branch))
      if (!['if', 'then', '$comment', 'description'].includes(key))
        fail(where, `only if/then is supported in allOf, found "${key}"`);
    if (!branch.if || !branch.then) fail(where, 'allOf entry without if and then');
    if (!branch.if || !branch.then || !ifHolds(branch.if, fixed, `${where}/if`)) return;
    const then = branch.then;
    for (const key of Object.keys(then))
      if (!['required', 'properties'].includes(key)) fail(`${where}/then`, `unsupported "${key}"`);
    const properties = { ...effective.properties };
    for (const [name, sub] of Object.entries(then.properties ?? {})) {
      const base = properties[name] ?? fail(`${where}/then/properties/${name}`, 'then names an undeclared property');
      properties[name] = mergeProperty(base, sub, `${where}/then/properties/${name}`);
    }
    effective = {
      ...effective,
      properties,
      required: [...new Set([...(effective.required ?? []), ...(then.required ?? [])])],
    };
  });
  return effective;
};

/** The shortest value each built-in generator can produce, to honour `minLength` by construction. */
const MIN_GENERATED_LENGTH = { date: 10, iban: 15, text: 1 } as const;

/** A non-null valid value for a string property, from the schema alone. */
const stringArbitrary = (schema: JsonSchema, where: string): fc.Arbitrary<string> => {
  const minLength = schema.minLength ?? 0;
  if (schema.enum) {
    const values = schema.enum.filter((v): v is string => typeof v === 'string' && v.length >= minLength);
    if (values.length !== schema.enum.filter((v) => v !== null).length)
      fail(where, 'enum with non-string or too short values');
    return fc.constantFrom(...values);
  }
  if (schema.format !== undefined) {
    const german = schema.format === 'iban' && schema.pattern === GERMAN_IBAN_PATTERN;
    if (schema.pattern !== undefined && !german) fail(where, 'format combined with pattern');
    if (schema.format === 'date' && minLength <= MIN_GENERATED_LENGTH.date) return calendarDate;
    if (schema.format === 'iban' && minLength <= MIN_GENERATED_LENGTH.iban) return german ? germanIban : anyIban;
    return fail(where, `unsupported format "${schema.format}" (minLength ${minLength})`);
  }
  if (schema.pattern !== undefined && schema.pattern !== NO_EDGE_WHITESPACE_PATTERN)
    fail(where, `unsupported pattern ${schema.pattern}`);
  if (minLength > MIN_GENERATED_LENGTH.text) fail(where, `unsupported minLength ${minLength}`);
  return freeText();
};

const ABSENT: unique symbol = Symbol('absent');

/**
 * An optional field: absent, null (where the type allows it) or present. withCrossShrink makes a
 * present value shrink toward "absent" first, so counterexamples carry only the fields that matter.
 */
const optionalField = (value: fc.Arbitrary<string>, nullable: boolean): fc.Arbitrary<string | null | typeof ABSENT> =>
  nullable
    ? fc.oneof(
        { withCrossShrink: true },
        { arbitrary: fc.constant(ABSENT), weight: 2 },
        { arbitrary: fc.constant(null), weight: 1 },
        { arbitrary: value, weight: 3 },
      )
    : fc.oneof(
        { withCrossShrink: true },
        { arbitrary: fc.constant(ABSENT), weight: 2 },
        { arbitrary: value, weight: 3 },
      );

export const compileObject = (schema: JsonSchema, options: CompileOptions): CompiledObject => {
  checkKeywords(schema, '');
  if (!typesOf(schema).includes('object')) fail('', 'the root must be of type object');
  const effective = resolveConditionals(schema, options.fixed);
  const required = new Set(effective.required ?? []);
  const values: Record<string, fc.Arbitrary<string>> = {};
  const shape: Record<string, fc.Arbitrary<string | null | typeof ABSENT>> = {};

  for (const [name, prop] of Object.entries(effective.properties ?? {})) {
    const where = `/properties/${name}`;
    const types = typesOf(prop);
    if (!types.includes('string') || types.some((t) => t !== 'string' && t !== 'null'))
      fail(where, `unsupported type ${JSON.stringify(prop.type)}`);
    const fixedValue = options.fixed[name];
    if (fixedValue !== undefined) {
      if (prop.enum && !prop.enum.includes(fixedValue)) fail(where, `fixed value "${fixedValue}" is not in the enum`);
      values[name] = fc.constant(fixedValue);
      shape[name] = fc.constant(fixedValue);
      continue;
    }
    const schemaValue = stringArbitrary(prop, where); // always compiled: it validates the keywords
    const value = options.overrides?.[name] ?? schemaValue;
    values[name] = value;
    shape[name] = required.has(name) ? value : optionalField(value, types.includes('null'));
  }
  for (const name of required) if (!(name in shape)) fail('', `required "${name}" is not a declared property`);

  const extras = effective.additionalProperties === false ? fc.constant({}) : (options.extras ?? fc.constant({}));
  const body = fc.tuple(fc.record(shape), extras).map(([fields, extra]) => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(fields)) if (value !== ABSENT) out[name] = value;
    return { ...out, ...extra };
  });
  return { body, values, effective };
};
