/**
 * Reads the committed JSON schemas once per process. Read through fs rather than JSON imports so
 * that tsx, Playwright's loader and tsc agree without import attributes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type JsonObject, isJsonObject } from './json';

/** The committed schema files, by key (schemas:derive writes them, everything else reads them). */
export const SCHEMA_FILES = {
  request: 'identification-request.schema.json',
  identification: 'identification.schema.json',
  error: 'error.schema.json',
  pathParameters: 'path-parameters.schema.json',
} as const;
export type SchemaKey = keyof typeof SCHEMA_FILES;

const cache = new Map<SchemaKey, JsonObject>();

export function loadSchema(key: SchemaKey): JsonObject {
  let schema = cache.get(key);
  if (!schema) {
    const file = path.join(import.meta.dirname, SCHEMA_FILES[key]);
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isJsonObject(parsed)) throw new Error(`loadSchema: ${file} is not a JSON object`);
    schema = parsed;
    cache.set(key, schema);
  }
  return schema;
}
