/**
 * The schemas as validators. One Ajv instance, each schema compiled once at module load: compiling
 * is the slow part, and the suite validates every response of every generated case.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { isValidIBAN as ibantoolsIsValidIBAN } from 'ibantools';
import { shortJson } from './json';
import { NO_SURROUNDING_WHITESPACE } from './patterns';
import { loadSchema } from './load';

export interface SchemaError {
  /** JSON pointer (Ajv instancePath) of the offending value; '' for the root. */
  path: string;
  /** The JSON Schema keyword that failed: type, enum, required, format, pattern, anyOf, ... */
  keyword: string;
  /** What was expected, for humans. */
  message: string;
  /** Short JSON of the offending value (about 120 characters at most); `absent` for a missing property. */
  actual: string;
  schemaPath: string;
}

/**
 * ISO 13616 check (country, length, BBAN format, mod-97) of exactly the string given: ibantools wants
 * the electronic format, so `de89…` and `DE89 3704 …` are invalid here. Deliberately no
 * electronicFormatIBAN first: the API is sent the string as is, and RR rejects surrounding whitespace.
 */
export function isValidIban(s: string): boolean {
  return ibantoolsIsValidIBAN(s);
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
// 'full' so that impossible dates (2021-02-30) and date-times without a zone are rejected.
addFormats(ajv, { mode: 'full', formats: ['date', 'date-time', 'uri'] });
ajv.addFormat('iban', { type: 'string', validate: isValidIban });

const requestValidator = ajv.compile(loadSchema('request'));
const identificationValidator = ajv.compile(loadSchema('identification'));
const errorValidator = ajv.compile(loadSchema('error'));

export const validateRequest = (body: unknown): SchemaError[] => run(requestValidator, body);
export const validateIdentification = (body: unknown): SchemaError[] => run(identificationValidator, body);
export const validateErrorBody = (body: unknown): SchemaError[] => run(errorValidator, body);

/** One line per error: `path: expected …, got …`. */
export function formatSchemaErrors(errs: readonly SchemaError[]): string {
  return errs.map((e) => `${e.path || '(root)'}: expected ${e.message}, got ${e.actual}`).join('\n');
}

function run(validate: ValidateFunction, body: unknown): SchemaError[] {
  if (validate(body)) return [];
  return toSchemaErrors(validate.errors ?? [], body);
}

const FORMAT_NAMES: Record<string, string> = {
  date: 'a real calendar date YYYY-MM-DD',
  'date-time': 'an RFC 3339 date-time with time zone',
  uri: 'an absolute URI',
  iban: 'a valid IBAN in electronic format (ISO 13616, mod-97)',
};

function toSchemaErrors(errors: readonly ErrorObject[], body: unknown): SchemaError[] {
  // An `if` error only says "must match then"; the failing `then` keywords are reported themselves.
  const relevant = errors.filter((e) => e.keyword !== 'if');
  // A failed anyOf is one error for QA, not one per branch: fold its branches into its message.
  const anyOfs = relevant.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const isBranch = (e: ErrorObject): boolean =>
    anyOfs.some((a) => a !== e && e.schemaPath.startsWith(`${a.schemaPath}/`) && e.instancePath === a.instancePath);
  return relevant
    .filter((e) => !isBranch(e))
    .map((e) => {
      return {
        path: e.instancePath,
        keyword: e.keyword,
        message: anyOfs.includes(e) ? branchMessage(e, relevant) : describe(e),
        actual: e.keyword === 'required' ? 'absent' : shortJson(valueAt(body, e.instancePath)),
        schemaPath: e.schemaPath,
      };
    });
}

/** `(type integer) or (a string matching ^[0-9]+$)`: the failed keywords of each branch, grouped by branch. */
function branchMessage(parent: ErrorObject, errors: readonly ErrorObject[]): string {
  const groups = new Map<string, string[]>();
  for (const b of errors) {
    if (b.instancePath !== parent.instancePath || !b.schemaPath.startsWith(`${parent.schemaPath}/`)) continue;
    const branch = b.schemaPath.slice(parent.schemaPath.length + 1).split('/')[0]!;
    groups.set(branch, [...(groups.get(branch) ?? []), describe(b)]);
  }
  const parts = [...groups.values()].map((g) => `(${g.join(' and ')})`);
  return parts.length > 0 ? parts.join(' or ') : 'one of the alternatives';
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `type ${String(p.type).split(',').join(' or ')}`;
    case 'enum': {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues : [];
      const shown = allowed
        .slice(0, 10)
        .map((v) => JSON.stringify(v))
        .join(', ');
      return `one of ${allowed.length > 10 ? `${allowed.length} values (${shown}, ...)` : shown}`;
    }
    case 'const':
      return `the value ${JSON.stringify(p.allowedValue)}`;
    case 'required':
      return `required property "${String(p.missingProperty)}"`;
    case 'format':
      return FORMAT_NAMES[String(p.format)] ?? `format ${String(p.format)}`;
    case 'pattern':
      return p.pattern === NO_SURROUNDING_WHITESPACE
        ? 'no leading or trailing whitespace'
        : `a string matching ${String(p.pattern)}`;
    case 'minLength':
      return `at least ${String(p.limit)} character(s)`;
    case 'minItems':
      return `at least ${String(p.limit)} item(s)`;
    case 'minimum':
      return `a number >= ${String(p.limit)}`;
    default:
      return e.message ?? e.keyword;
  }
}

function valueAt(body: unknown, pointer: string): unknown {
  if (pointer === '') return body;
  let v: unknown = body;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
