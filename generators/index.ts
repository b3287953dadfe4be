/** The generators' public API (the conformance engine, the CLI and the unit tests import from here). */
export { validCase, validBody, fieldValue, validContentType, VALID_CONTENT_TYPES } from './valid-case';
export { invalidCase } from './invalid-case';
export {
  FAMILY_JUDGES,
  INVALID_RULES,
  RAW_RULES,
  RULE_CATALOGUE,
  RULE_FAMILIES,
  judgeOfRule,
  rulesFor,
  ruleDefinition,
  type RuleCatalogueEntry,
  type RuleDefinition,
} from './catalogue';
export { sampleCases, type SampleOptions } from './sample';
export { anyIban, germanIban, foreignIban, IBAN_COUNTRIES, withCheckDigits } from './iban';
export { calendarDate, leapDay, isLeapYear } from './date';
export { freeText, isJsWhitespace } from './text';
export { seonDeviceData } from './device-data';
export { extraFields } from './extra-fields';
export { SCHEMA_FIELDS } from './_internals/json-schema';
export * from './case';
