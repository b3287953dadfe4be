/** Patterns the schemas use that run-time code must recognise (validators, the generators' compiler). */

/** RR: values with leading or trailing whitespace are rejected. Enums, `date` and `iban` exclude whitespace already. */
export const NO_SURROUNDING_WHITESPACE = '^(?!\\s)[\\s\\S]*(?<!\\s)$';
