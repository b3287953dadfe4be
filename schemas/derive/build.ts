/**
 * Page + overlay → the committed JSON schemas. Pure: the CLI writes (derive) or compares (check).
 */
import { type Json, type JsonObject, isJsonObject } from '../json';
import type { SchemaKey } from '../load';
import {
  type ObjectOverlay,
  errorEnvelopeHead,
  errorItemOverlay,
  identificationOverlay,
  pathParametersHead,
  requestOverlay,
} from './overlay';
import { type PageField, type PageSection, type ReferencePage, PageFormatError } from './page';

export interface DerivedSchemas {
  schemas: Record<SchemaKey, JsonObject>;
  /** Overlay entries that no longer fit the page (stale overlay): printed by the CLI, never silent. */
  warnings: string[];
}

export function buildSchemas(page: ReferencePage): DerivedSchemas {
  const warnings: string[] = [];
  const section = (kind: PageSection['kind'], status?: number): PageSection | undefined =>
    page.sections.find((s) => s.kind === kind && (status === undefined || s.status === status));

  const request = section('request');
  const ok = section('response', 200);
  if (!request) throw new PageFormatError('buildSchemas: the page has no "Request fields" section');
  if (!ok) throw new PageFormatError('buildSchemas: the page has no "Response 200 fields" section');
  const errorSections = page.sections.filter((s) => s.kind === 'response' && (s.status ?? 0) >= 400);

  const path = section('path');
  const pathFields = path?.fields ?? [];
  const pathParameters: JsonObject = {
    ...pathParametersHead,
    properties: propertiesFrom(pathFields, { head: {}, tail: {}, fields: {} }, 'path', warnings),
    required: pathFields.filter((f) => f.required).map((f) => f.name),
    additionalProperties: false,
  };

  return {
    schemas: {
      request: objectSchema(request.fields, requestOverlay, 'request', warnings),
      identification: objectSchema(ok.fields, identificationOverlay, 'identification', warnings),
      error: errorSchema(errorSections, warnings),
      pathParameters,
    },
    warnings,
  };
}

function objectSchema(fields: PageField[], overlay: ObjectOverlay, label: string, warnings: string[]): JsonObject {
  return { ...overlay.head, properties: propertiesFrom(fields, overlay, label, warnings), ...overlay.tail };
}

function errorSchema(sections: PageSection[], warnings: string[]): JsonObject {
  // One item schema for all error sections: the union of their fields (same names on every page we know).
  const merged: PageField[] = [];
  for (const s of sections) {
    for (const f of s.fields) {
      const seen = merged.find((m) => m.name === f.name);
      // Per-field examples would mix sections; the whole-item examples below keep each section's together.
      const { example: _example, ...withoutExample } = f;
      if (!seen) merged.push(withoutExample);
      else if (seen.type !== f.type || seen.nullable !== f.nullable) {
        warnings.push(
          `error item field "${f.name}": ${s.heading} types it differently from an earlier section; first wins`,
        );
      }
    }
  }
  const item = objectSchema(merged, errorItemOverlay, 'error.errors[]', warnings);
  const examples: Json[] = sections.map((s) => {
    const example: JsonObject = {};
    for (const f of s.fields) if (f.example !== undefined && !f.name.includes('.')) example[f.name] = f.example as Json;
    return { errors: [example] };
  });
  return {
    ...errorEnvelopeHead,
    properties: { errors: { type: 'array', minItems: 1, items: item } },
    required: ['errors'],
    additionalProperties: true,
    examples,
  };
}

function fieldSchema(f: PageField): JsonObject {
  const s: JsonObject = {};
  if (f.description !== '') s.description = f.description;
  s.type = f.nullable ? [f.type, 'null'] : f.type;
  if (f.enum) s.enum = f.nullable ? [...f.enum, null] : [...f.enum];
  if (f.example !== undefined) s.examples = [f.example as Json];
  if (f.type === 'object') s.properties = {};
  if (f.type === 'array') s.items = { type: 'object', properties: {} };
  return s;
}

function setNullable(s: JsonObject, nullable: boolean): void {
  const types = (Array.isArray(s.type) ? s.type : s.type === undefined ? [] : [s.type]).filter((t) => t !== 'null');
  if (types.length > 0) s.type = nullable ? [...types, 'null'] : types.length === 1 ? types[0]! : types;
  if (Array.isArray(s.enum)) {
    const values = s.enum.filter((v) => v !== null);
    s.enum = nullable ? [...values, null] : values;
  }
}

/** Where a dotted child lives inside its parent's schema: objects hold `properties`, arrays their `items.properties`. */
function childProperties(parent: JsonObject, where: string): JsonObject {
  const holder = isJsonObject(parent.items) ? parent.items : parent;
  if (!isJsonObject(holder.properties)) {
    throw new PageFormatError(`${where}: its parent is neither an object nor an array of objects`);
  }
  return holder.properties;
}

function propertiesFrom(fields: PageField[], overlay: ObjectOverlay, label: string, warnings: string[]): JsonObject {
  const root: JsonObject = {};
  const byName = new Map<string, JsonObject>();
  const required = Array.isArray(overlay.tail.required) ? overlay.tail.required : [];

  for (const f of fields) {
    const where = `${label}: field "${f.name}"`;
    const dot = f.name.lastIndexOf('.');
    let holder = root;
    if (dot >= 0) {
      const parent = byName.get(f.name.slice(0, dot));
      if (!parent)
        throw new PageFormatError(`${where}: listed before (or without) its parent "${f.name.slice(0, dot)}"`);
      holder = childProperties(parent, where);
    }
    const s = fieldSchema(f);
    const nullableHere =
      overlay.optionalFieldsNullable === 'every-depth' || (overlay.optionalFieldsNullable === 'top-level' && dot < 0);
    // `required` names top-level fields only: a nested `address.id` is not the required `id`.
    if (nullableHere && !(dot < 0 && required.includes(f.name))) setNullable(s, true);
    holder[f.name.slice(dot + 1)] = s;
    byName.set(f.name, s);
  }

  for (const [name, o] of Object.entries(overlay.fields)) {
    let s = byName.get(name);
    if (o.add) {
      if (s)
        warnings.push(`${label}: overlay adds "${name}", but the page now documents it; drop "add" from the overlay`);
      const dot = name.lastIndexOf('.');
      const parent = dot < 0 ? undefined : byName.get(name.slice(0, dot));
      const holder = dot < 0 ? root : parent ? childProperties(parent, `${label}: overlay field "${name}"`) : undefined;
      if (!holder) {
        warnings.push(`${label}: overlay adds "${name}", but its parent is not on the page`);
        continue;
      }
      s = {};
      holder[name.slice(dot + 1)] = s;
    }
    if (!s) {
      warnings.push(`${label}: overlay refers to "${name}", which the page no longer documents`);
      continue;
    }
    if (o.restore) {
      const [from, to] = o.restore;
      if (typeof s.description === 'string' && s.description.includes(from))
        s.description = s.description.replace(from, to);
      else
        warnings.push(
          `${label}: overlay restores "${from}" in "${name}", but the page description no longer contains it`,
        );
    }
    for (const k of o.unset ?? []) delete s[k];
    if (o.nullable !== undefined) setNullable(s, o.nullable);
    Object.assign(s, o.set ?? {});
  }
  return root;
}
