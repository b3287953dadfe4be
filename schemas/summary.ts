/**
 * The published schema of reports/conformance.json (conformance-summary.schema.json, hand-written:
 * it is the suite's own contract with users' CI, not the vendor's). The tests validate every summary
 * a writer produces (the conformance reporter, the CLI's error summary) against it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const SUMMARY_SCHEMA_FILE = path.join(import.meta.dirname, 'conformance-summary.schema.json');

// Its own instance: the summary's seed is `integer | null`, a union the contract schemas never need.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv, { mode: 'full', formats: ['date-time'] });
const validator = ajv.compile(JSON.parse(readFileSync(SUMMARY_SCHEMA_FILE, 'utf8')) as object);

/** One line per way the value breaks the schema (`/totals/cases must be integer`); empty when it is valid. */
export function summaryErrors(value: unknown): string[] {
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}
