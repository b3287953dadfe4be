/**
 * Committed schema vs freshly derived schema → readable differences. Field-level changes (added,
 * removed, type, nullability, enum values, format, examples, description) get their own wording;
 * any other keyword that differs is reported by JSON pointer, so nothing is compared silently.
 */
import { type Json, type JsonObject, deepEqual, isJsonObject, shortJson } from '../json';

export interface SchemaDifference {
  kind:
    | 'field-added'
    | 'field-removed'
    | 'type-changed'
    | 'nullability-changed'
    | 'enum-value-added'
    | 'enum-value-removed'
    | 'format-changed'
    | 'example-changed'
    | 'description-changed'
    | 'keyword-changed';
  /** Dotted field label, e.g. `identification.documents[].document_type`. */
  field: string;
  message: string;
}

const HANDLED = new Set(['type', 'enum', 'format', 'examples', 'description', 'properties', 'items']);

const typesOf = (s: JsonObject): string[] =>
  (Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type]).map(String);
const nonNull = (xs: Json[]): Json[] => xs.filter((x) => x !== null);

/** `committed` is what the repository holds, `derived` what the page (plus overlay) says now. */
export function diffSchemas(label: string, committed: JsonObject, derived: JsonObject): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  diffNode(label, committed, derived, out);
  return out;
}

function diffNode(field: string, c: JsonObject, d: JsonObject, out: SchemaDifference[]): void {
  const push = (kind: SchemaDifference['kind'], message: string): void => {
    out.push({ kind, field, message: `${field}: ${message}` });
  };

  const ct = typesOf(c);
  const dt = typesOf(d);
  const cBase = ct.filter((t) => t !== 'null');
  const dBase = dt.filter((t) => t !== 'null');
  if (!deepEqual(cBase, dBase))
    push('type-changed', `type changed: committed ${cBase.join('|') || '(none)'}, page ${dBase.join('|') || '(none)'}`);
  if (ct.includes('null') !== dt.includes('null')) {
    push(
      'nullability-changed',
      dt.includes('null')
        ? 'now nullable on the page (committed: not nullable)'
        : 'no longer nullable on the page (committed: nullable)',
    );
  }

  const ce = Array.isArray(c.enum) ? nonNull(c.enum) : undefined;
  const de = Array.isArray(d.enum) ? nonNull(d.enum) : undefined;
  if (ce && de) {
    for (const v of de)
      if (!ce.some((x) => deepEqual(x, v))) push('enum-value-added', `enum value added on the page: ${shortJson(v)}`);
    for (const v of ce)
      if (!de.some((x) => deepEqual(x, v)))
        push('enum-value-removed', `enum value removed from the page: ${shortJson(v)}`);
    const valuesReported = out.some((x) => x.field === field && x.kind.startsWith('enum'));
    if (!valuesReported && !deepEqual(ce, de))
      push('keyword-changed', `enum order changed: committed ${shortJson(ce)}, page ${shortJson(de)}`);
    // null in the enum follows nullability, reported above; only a mismatch between the two is news.
    const nullInEnum = (s: JsonObject): boolean => Array.isArray(s.enum) && s.enum.includes(null);
    if (nullInEnum(c) !== nullInEnum(d) && ct.includes('null') === dt.includes('null')) {
      push('keyword-changed', `null in enum differs: committed ${shortJson(c.enum)}, derived ${shortJson(d.enum)}`);
    }
  } else if (ce || de) {
    push('keyword-changed', de ? `enum added on the page: ${shortJson(de)}` : 'enum dropped from the page');
  }

  if (!deepEqual(c.format, d.format))
    push('format-changed', `format changed: committed ${shortJson(c.format)}, derived ${shortJson(d.format)}`);

  if (!deepEqual(c.examples, d.examples)) {
    const ca = Array.isArray(c.examples) ? c.examples : [];
    const da = Array.isArray(d.examples) ? d.examples : [];
    for (const v of da)
      if (!ca.some((x) => deepEqual(x, v))) push('example-changed', `example added on the page: ${shortJson(v)}`);
    for (const v of ca)
      if (!da.some((x) => deepEqual(x, v))) push('example-changed', `example removed from the page: ${shortJson(v)}`);
  }

  if (!deepEqual(c.description, d.description)) {
    push(
      'description-changed',
      `description changed: committed ${shortJson(c.description, 80)}, page ${shortJson(d.description, 80)}`,
    );
  }

  const cp = isJsonObject(c.properties) ? c.properties : {};
  const dp = isJsonObject(d.properties) ? d.properties : {};
  for (const name of Object.keys(dp)) {
    if (!(name in cp))
      out.push({
        kind: 'field-added',
        field: `${field}.${name}`,
        message: `${field}.${name}: field added on the page (${typesOf(asObject(dp[name])).join(',')})`,
      });
  }
  for (const name of Object.keys(cp)) {
    if (!(name in dp))
      out.push({
        kind: 'field-removed',
        field: `${field}.${name}`,
        message: `${field}.${name}: field removed from the page`,
      });
    else diffNode(`${field}.${name}`, asObject(cp[name]), asObject(dp[name]), out);
  }
  if (isJsonObject(c.items) && isJsonObject(d.items)) diffNode(`${field}[]`, c.items, d.items, out);
  else if (!deepEqual(c.items, d.items))
    push('keyword-changed', `items differ: committed ${shortJson(c.items)}, derived ${shortJson(d.items)}`);

  for (const key of new Set([...Object.keys(c), ...Object.keys(d)])) {
    if (HANDLED.has(key) || deepEqual(c[key], d[key])) continue;
    push('keyword-changed', `"${key}" differs: committed ${shortJson(c[key])}, derived ${shortJson(d[key])}`);
  }
}

const asObject = (v: Json | undefined): JsonObject => (isJsonObject(v) ? v : {});
