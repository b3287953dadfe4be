/**
 * The request case: the one data type that flows from generators to the suite, the CLI and the report.
 * Kept free of fast-check and Playwright so that every layer can import it.
 */

export const IDENTIFICATION_METHODS = ['bank', 'bank_id', 'fourthline', 'idnow', 'manual', 'postident'] as const;
export type IdentificationMethod = (typeof IDENTIFICATION_METHODS)[number];

/**
 * The exact contract rule an invalid case breaks: the id a generators/invalid/<rule>.ts declares.
 * The rules, their families and which of them are raw are derived from those files by
 * generators/catalogue.ts (INVALID_RULES, RULE_FAMILIES, RAW_RULES), checked at load.
 */
export type InvalidRule = string;
/** A group of rules run as one Playwright test per method (one fast-check property). */
export type RuleFamily = string;

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
