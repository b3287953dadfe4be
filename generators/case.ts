/**
 * The request case: the one data type that flows from generators to the suite, the CLI and the report.
 * Kept free of fast-check and Playwright so that every layer can import it.
 */

export const IDENTIFICATION_METHODS = ['bank', 'bank_id', 'fourthline', 'idnow', 'manual', 'postident'] as const;
export type IdentificationMethod = (typeof IDENTIFICATION_METHODS)[number];

/**
 * The exact contract rule an invalid case breaks. One id per rule; the family groups rules into
 * one Playwright test per method (see RULE_FAMILIES).
 */
export const INVALID_RULES = [
  'method-required', // `method` absent or null
  'iban-required', // `iban` absent, null or empty with bank / bank_id
  'enum', // a value outside an enum, case variants included
  'type', // a field with the wrong JSON type
  'whitespace', // a string value with leading or trailing whitespace
  'date-format', // proof_of_address_issued_at not a real YYYY-MM-DD date
  'iban-format', // an IBAN that fails ISO 13616 (checksum, country, length, characters)
  'iban-country', // a valid IBAN of another country than DE with bank (Bankident takes German IBANs only)
  'not-an-object', // a JSON body that is not an object
  'malformed-json', // raw: text that does not parse as JSON
  'empty-body', // raw: no body at all
  'content-type', // raw: a JSON body sent with a Content-Type other than application/json
] as const;
export type InvalidRule = (typeof INVALID_RULES)[number];

/** One Playwright test per (method × family); each family runs one fast-check property. */
export const RULE_FAMILIES = {
  required: ['method-required', 'iban-required'],
  enum: ['enum'],
  type: ['type'],
  whitespace: ['whitespace'],
  date: ['date-format'],
  iban: ['iban-format', 'iban-country'],
  'body-shape': ['not-an-object'],
  malformed: ['malformed-json', 'empty-body', 'content-type'],
} as const satisfies Record<string, readonly InvalidRule[]>;
export type RuleFamily = keyof typeof RULE_FAMILIES;

/** Rules whose cases are sent as exact text (`raw`) rather than a JSON value (`body`). */
export const RAW_RULES: readonly InvalidRule[] = ['malformed-json', 'empty-body', 'content-type'];

interface CaseBase {
  method: IdentificationMethod;
  /** The Content-Type header to send. */
  contentType: string;
}

export interface ValidCase extends CaseBase {
  kind: 'valid';
  rule: null;
  field: null;
  body: Record<string, unknown>;
}

export interface InvalidBodyCase extends CaseBase {
  kind: 'invalid';
  rule: InvalidRule;
  /** The request field the case breaks; null when the whole body is the problem. */
  field: string | null;
  /** How the rule is broken, e.g. `wrong-case`, `number`, `checksum`, `leading`. */
  variant: string;
  body: unknown;
  /** The valid request of the same method this case was derived from (for one-field diffs). */
  base: Record<string, unknown>;
}

export interface InvalidRawCase extends CaseBase {
  kind: 'invalid';
  rule: InvalidRule;
  field: null;
  variant: string;
  /** The exact text to send ('' for an empty body). */
  raw: string;
  base: Record<string, unknown>;
}

export type InvalidCase = InvalidBodyCase | InvalidRawCase;
export type RequestCase = ValidCase | InvalidCase;

export const isRawCase = (c: RequestCase): c is InvalidRawCase => 'raw' in c;

/** The exact bytes to send for a case. */
export const requestText = (c: RequestCase): string => (isRawCase(c) ? c.raw : JSON.stringify(c.body));
