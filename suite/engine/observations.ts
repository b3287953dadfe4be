/**
 * "What the vendor sends beyond the page is reported, never judged" (issue 11): response fields the
 * committed schemas do not document, counted per test and carried in the stats attachment. Nothing
 * here feeds a check or a verdict; api-contract.md allows undocumented fields, and QA reads them as
 * news of what the vendor is changing.
 *
 * The documented set is derived from schemas/*.schema.json, never listed here: when the schemas
 * learn a field, it stops being reported without anyone touching this file.
 */
import { isJsonObject, type Json, type JsonObject } from '../../schemas/json';
import { loadSchema } from '../../schemas/load';
import type { Exchange, ReceivedResponse } from '../checks/types';
import { redactSecrets } from '../evidence/redact';

/**
 * Two kinds rather than one, because the path alone cannot say which body it came from: a top-level
 * `backtrace` on an error body and one on an identification are different news, and error bodies
 * are judged against error.schema.json, identifications against identification.schema.json.
 */
export type ObservationKind = 'undocumented-field' | 'undocumented-error-field';
export const OBSERVATION_KINDS: readonly ObservationKind[] = ['undocumented-field', 'undocumented-error-field'];

export interface Observation {
  kind: ObservationKind;
  /**
   * Where the field sat: `estimated_waiting_time`, `address.geo`, `documents[].checksum`; on error
   * bodies `backtrace`, `errors[].meta`, `errors[].source.hint`. Only the outermost undocumented key
   * is named: what lies inside an undocumented value is that value, shown in the example.
   */
  field: string;
  /** Responses that carried the field (one response counts once, however many array items had it). */
  count: number;
  /** One value as received (a non-null one where any was), secrets redacted. When its JSON exceeds EXAMPLE_LENGTH: that JSON cut, as a string, and `truncated`. */
  example: Json;
  truncated?: true;
}

/** Characters of JSON an example may take: enough to recognise a value, too few to bloat the report. */
export const EXAMPLE_LENGTH = 120;
/** Field paths are the target's keys; a target could send a huge one. */
export const FIELD_LENGTH = 120;
/**
 * Distinct fields one test keeps. A target that echoes the generator's random extra request fields
 * (`x_…`) would otherwise grow the report with every case; past this, the test says it stopped listing.
 */
export const MAX_FIELDS_PER_TEST = 50;

/**
 * The documented paths of a body, flattened: `fields` holds every documented path (`id`,
 * `address.city`, `documents[].size`, `errors[].source.field`); `objects` and `arrays` the
 * documented paths whose own keys are documented too, i.e. the only places the walk descends into.
 */
export interface DocumentedFields {
  readonly fields: ReadonlySet<string>;
  readonly objects: ReadonlySet<string>;
  readonly arrays: ReadonlySet<string>;
}

/** Deeper than any response schema nests; a bound so a cyclic $ref cannot recurse for ever. */
const MAX_SCHEMA_DEPTH = 16;

/**
 * A schema and every schema it is combined with (allOf/anyOf/oneOf, if's then/else, local $ref):
 * making a field nullable may wrap it in anyOf, and its properties must still count as documented.
 */
function alternatives(schema: Json | undefined, root: JsonObject, out: JsonObject[] = [], depth = 0): JsonObject[] {
  if (!isJsonObject(schema) || depth > MAX_SCHEMA_DEPTH) return out;
  out.push(schema);
  if (typeof schema.$ref === 'string') alternatives(resolveLocalRef(root, schema.$ref), root, out, depth + 1);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) alternatives(s, root, out, depth + 1);
  }
  for (const key of ['then', 'else']) alternatives(schema[key], root, out, depth + 1);
  return out;
}

/**
 * `#/$defs/x` within the same file. A remote ref resolves to nothing: its nested keys are then
 * not walked into, so the failure mode is reporting less, never calling a documented field undocumented.
 */
function resolveLocalRef(root: JsonObject, ref: string): Json | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: Json | undefined = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isJsonObject(node) ? node[part] : Array.isArray(node) ? node[Number(part)] : undefined;
  }
  return node;
}

/** Flattens a response schema into its documented paths (computed once per process, see documentedFor). */
export function documentedFields(schema: JsonObject): DocumentedFields {
  const fields = new Set<string>();
  const objects = new Set<string>();
  const arrays = new Set<string>();
  const collect = (node: Json | undefined, prefix: string, depth: number): void => {
    for (const alternative of alternatives(node, schema)) {
      const properties = alternative.properties;
      if (!isJsonObject(properties)) continue;
      for (const [key, sub] of Object.entries(properties)) {
        const path = `${prefix}${key}`;
        fields.add(path);
        if (depth >= MAX_SCHEMA_DEPTH) continue;
        const subs = alternatives(sub, schema);
        if (subs.some((s) => isJsonObject(s.properties))) {
          objects.add(path);
          collect(sub, `${path}.`, depth + 1);
        }
        for (const items of subs.map((s) => s.items)) {
          if (!alternatives(items, schema).some((s) => isJsonObject(s.properties))) continue;
          arrays.add(path);
          collect(items, `${path}[].`, depth + 1);
        }
      }
    }
  };
  collect(schema, '', 0);
  return { fields, objects, arrays };
}

export interface UndocumentedField {
  field: string;
  value: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The undocumented fields of one body, each once with its first value. Runs on every response, so
 * it walks object keys only: one Set lookup per key, and a descent only where the schema documents
 * the nested keys. A body that is no object has no fields to speak of (the schema check judges it).
 */
export function undocumentedFields(body: unknown, documented: DocumentedFields): UndocumentedField[] {
  const found: UndocumentedField[] = [];
  if (isObject(body)) walk(body, '', false, documented, found);
  return found;
}

function walk(
  object: Record<string, unknown>,
  prefix: string,
  inArray: boolean,
  documented: DocumentedFields,
  found: UndocumentedField[],
): void {
  for (const key of Object.keys(object)) {
    const path = prefix === '' ? key : `${prefix}${key}`;
    const value = object[key];
    if (!documented.fields.has(path)) {
      // Items of one array share their paths: the second `documents[].checksum` is the same field.
      if (!inArray || !found.some((f) => f.field === path)) found.push({ field: path, value });
      continue;
    }
    if (isObject(value) && documented.objects.has(path)) walk(value, `${path}.`, inArray, documented, found);
    else if (Array.isArray(value) && documented.arrays.has(path)) {
      for (const item of value) if (isObject(item)) walk(item, `${path}[].`, true, documented, found);
    }
  }
}

let documentedByKind: Record<ObservationKind, DocumentedFields> | null = null;

/** The documented set for a kind of body, derived from the committed schemas on first use. */
export function documentedFor(kind: ObservationKind): DocumentedFields {
  documentedByKind ??= {
    'undocumented-field': documentedFields(loadSchema('identification')),
    'undocumented-error-field': documentedFields(loadSchema('error')),
  };
  return documentedByKind[kind];
}

/**
 * Which schema a response's fields are measured against. Any 2xx body is an identification here
 * (a 201 is a status deviation, yet its fields are still news); 4xx and 5xx bodies are error bodies,
 * as in the response-schema check; other statuses have no documented body.
 */
export function kindFor(status: number): ObservationKind | null {
  if (status >= 200 && status < 300) return 'undocumented-field';
  if (status >= 400) return 'undocumented-error-field';
  return null;
}

interface Tally {
  count: number;
  /**
   * The first non-null value seen (null while there was none): "often null" fields would otherwise
   * show null, which tells QA nothing of the value's shape. Kept by reference; formatting
   * (redaction, then the cut) waits for finish.
   */
  value: unknown;
}

/** Per test: a count and the first value per field, nothing more, whatever the number of responses. */
export class ObservationCollector {
  private readonly tallies: Record<ObservationKind, Map<string, Tally>> = {
    'undocumented-field': new Map(),
    'undocumented-error-field': new Map(),
  };
  /** A field arrived after MAX_FIELDS_PER_TEST others: the test lists fewer fields than it saw. */
  capped = false;

  get size(): number {
    return this.tallies['undocumented-field'].size + this.tallies['undocumented-error-field'].size;
  }

  /** The response and, where there was one, its read-back: both are bodies the target sent. */
  observe(exchange: Pick<Exchange, 'response' | 'readBack'>): void {
    this.observeResponse(exchange.response);
    if (exchange.readBack !== undefined) this.observeResponse(exchange.readBack);
  }

  private observeResponse(response: ReceivedResponse): void {
    const kind = kindFor(response.status);
    if (kind === null || response.json === undefined) return;
    const tallies = this.tallies[kind];
    for (const { field, value } of undocumentedFields(response.json, documentedFor(kind))) {
      const tally = tallies.get(field);
      if (tally) {
        tally.count++;
        if (tally.value === null) tally.value = value;
      } else if (this.size >= MAX_FIELDS_PER_TEST) this.capped = true;
      else tallies.set(field, { count: 1, value });
    }
  }

  /**
   * The test's observations, sorted by kind and field, with examples scrubbed of `secrets` and only
   * then cut (a cut could split a secret), the way finishTest treats violation examples.
   */
  finish(secrets: readonly string[]): Observation[] {
    const out: Observation[] = [];
    for (const kind of OBSERVATION_KINDS) {
      for (const [field, tally] of this.tallies[kind]) {
        out.push({
          kind,
          field: cut(redactSecrets(field, secrets), FIELD_LENGTH),
          count: tally.count,
          ...exampleOf(tally.value, secrets),
        });
      }
    }
    return out.sort(compareObservations);
  }
}

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Kind (identification fields first), then field, by code unit: the same order on every machine. */
export function compareObservations(
  a: Pick<Observation, 'kind' | 'field'>,
  b: Pick<Observation, 'kind' | 'field'>,
): number {
  const byKind = OBSERVATION_KINDS.indexOf(a.kind) - OBSERVATION_KINDS.indexOf(b.kind);
  if (byKind !== 0) return byKind;
  return a.field < b.field ? -1 : a.field > b.field ? 1 : 0;
}

/**
 * The example: the value itself when its JSON fits EXAMPLE_LENGTH, else that JSON cut. Serialised
 * by hand with a budget, so a five-megabyte or deeply nested value costs EXAMPLE_LENGTH characters
 * of work past its strings' redaction, and never a stack overflow (each level spends a character).
 */
export function exampleOf(value: unknown, secrets: readonly string[]): Pick<Observation, 'example' | 'truncated'> {
  let text = '';
  let full = false;
  const push = (s: string): void => {
    const room = EXAMPLE_LENGTH - text.length;
    if (s.length > room) {
      text += s.slice(0, room);
      full = true;
    } else text += s;
  };
  // Each string is scrubbed whole before anything is cut; then only what can still show is escaped.
  const str = (s: string): string => JSON.stringify(redactSecrets(s, secrets).slice(0, EXAMPLE_LENGTH + 1));
  const write = (v: unknown): void => {
    if (full) return;
    if (typeof v === 'string') push(str(v));
    else if (Array.isArray(v)) {
      push('[');
      for (let i = 0; i < v.length && !full; i++) {
        if (i > 0) push(',');
        write(v[i]);
      }
      push(']');
    } else if (isObject(v)) {
      push('{');
      let first = true;
      for (const key in v) {
        if (full) break;
        if (!Object.hasOwn(v, key)) continue;
        if (!first) push(',');
        first = false;
        push(`${str(key)}:`);
        write(v[key]);
      }
      push('}');
    } else push(JSON.stringify(v) ?? 'null');
  };
  write(value);
  if (full) return { example: `${text.slice(0, EXAMPLE_LENGTH - 1)}…`, truncated: true };
  return { example: JSON.parse(text) as Json };
}
