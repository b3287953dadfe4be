/**
 * The subset of JSON Schema (2020-12) the generator compiler understands, and the request schema
 * itself. Anything outside the subset is rejected loudly by the compiler: a keyword it silently
 * skipped would make "valid by construction" a lie.
 */
import { NO_SURROUNDING_WHITESPACE } from '../../schemas/patterns';
import { loadSchema } from '../../schemas/load';

export type JsonType = 'string' | 'null' | 'object' | 'number' | 'integer' | 'boolean' | 'array';

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $comment?: string;
  title?: string;
  description?: string;
  examples?: unknown[];
  type?: JsonType | JsonType[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean;
  allOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
}

/** Keywords that only annotate: they never change which values are valid. */
export const ANNOTATION_KEYWORDS = ['$schema', '$id', '$comment', 'title', 'description', 'examples'] as const;

/** Every keyword the compiler handles; any other keyword in the schema is an error. */
export const KNOWN_KEYWORDS: ReadonlySet<string> = new Set<string>([
  ...ANNOTATION_KEYWORDS,
  'type',
  'enum',
  'pattern',
  'format',
  'minLength',
  'required',
  'properties',
  'additionalProperties',
  'allOf',
  'if',
  'then',
]);

/**
 * The schema's way of saying "no leading or trailing whitespace" (JS `\s`, as Ajv compiles it).
 * The compiler recognises this exact pattern instead of generating from arbitrary regexes.
 */
export const NO_EDGE_WHITESPACE_PATTERN: string = NO_SURROUNDING_WHITESPACE;

/** The schema's way of saying "a German IBAN" (Bankident's rule), recognised like the one above. */
export const GERMAN_IBAN_PATTERN = '^DE';

// Read through schemas/load (the one loader every layer uses). The cast narrows plain JSON to the
// subset declared above; the compiler re-checks every keyword at run time.
export const REQUEST_SCHEMA: JsonSchema = loadSchema('request') as JsonSchema;

/** The documented request fields, in schema order (the compiler's and the rules' field list). */
export const SCHEMA_FIELDS: readonly string[] = Object.keys(REQUEST_SCHEMA.properties ?? {});

export const typesOf = (schema: JsonSchema): readonly JsonType[] =>
  schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];

/** Documented fields whose property schema satisfies `test` (the rule files derive their field lists here). */
export const fieldsWhere = (test: (schema: JsonSchema) => boolean): readonly string[] =>
  Object.entries(REQUEST_SCHEMA.properties ?? {})
    .filter(([, schema]) => test(schema))
    .map(([name]) => name);
