/**
 * Valid requests per method: the request schema compiled with the method fixed (which decides the
 * `iban` if/then), realistic content per field, unknown extra fields, and a JSON content type.
 */
import fc from 'fast-check';
import type { IdentificationMethod, ValidCase } from './case';
import { seonDeviceData } from './device-data';
import { extraFields } from './extra-fields';
import { anyIban, germanIban } from './iban';
import { REQUEST_SCHEMA } from './_internals/json-schema';
import { compileObject, type CompiledObject } from './_internals/schema-to-arbitrary';
import { referenceText } from './reference';
import { freeText } from './text';

/** What a client sends as Content-Type for a JSON body (RR: the body is application/json). */
export const VALID_CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8'] as const;
export const validContentType: fc.Arbitrary<string> = fc.constantFrom(...VALID_CONTENT_TYPES);

/** device_data: mostly Seon Web fingerprints; sometimes other opaque text (the schema only asks for a string). */
const deviceData: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: seonDeviceData, weight: 4 },
  { arbitrary: freeText(), weight: 1 },
);

/** Per-field realism. Bankident (`bank`) takes German IBANs only; other methods any valid IBAN. */
const overridesFor = (method: IdentificationMethod): Record<string, fc.Arbitrary<string>> => ({
  reference: referenceText,
  iban: method === 'bank' ? germanIban : anyIban,
  device_data: deviceData,
});

const compiled = new Map<IdentificationMethod, CompiledObject>();

/** The compiled schema for one method, built once (compiling checks the whole schema). */
export const compiledFor = (method: IdentificationMethod): CompiledObject => {
  let c = compiled.get(method);
  if (!c) {
    c = compileObject(REQUEST_SCHEMA, { fixed: { method }, overrides: overridesFor(method), extras: extraFields });
    compiled.set(method, c);
  }
  return c;
};

/** A valid request body for the method. */
export const validBody = (method: IdentificationMethod): fc.Arbitrary<Record<string, unknown>> =>
  compiledFor(method).body;

/** A present, non-null, valid value of one documented field for the method. */
export const fieldValue = (method: IdentificationMethod, field: string): fc.Arbitrary<string> => {
  const arb = compiledFor(method).values[field];
  if (!arb) throw new Error(`fieldValue: "${field}" is not a field of the request schema`);
  return arb;
};

export const validCase = (method: IdentificationMethod): fc.Arbitrary<ValidCase> =>
  fc.tuple(validBody(method), validContentType).map(([body, contentType]) => ({
    method,
    kind: 'valid' as const,
    rule: null,
    field: null,
    contentType,
    body,
  }));
