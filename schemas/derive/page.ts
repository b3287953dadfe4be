/**
 * Parser for the vendor's API reference page format (the text rendering of a docs.solarisgroup.com
 * endpoint page): a `# Title`, `Endpoint:`/`Version:` lines, and `## <section>:` blocks whose items read
 * ``- `name` (type[,null][, required]) description Enum: v1, v2 Example: <json>``.
 *
 * The copies we get are sometimes one long line (line breaks lost), so nothing here relies on line
 * breaks: sections are found by their `## ` marker and items by their ``- `name` (`` opening.
 */

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
const FIELD_TYPES: readonly FieldType[] = ['string', 'integer', 'number', 'boolean', 'object', 'array'];

export type JsonScalar = string | number | boolean | null;

export interface PageField {
  /** Dotted for nested fields: `address.line_1`; array items are addressed through the array: `documents.id`. */
  name: string;
  type: FieldType;
  /** The page wrote `<type>,null`. */
  nullable: boolean;
  /** The page wrote `, required` (only path parameters do on the pages we know). */
  required: boolean;
  description: string;
  enum?: JsonScalar[];
  /** Absent when the page gives no example (an example may legitimately be `null`). */
  example?: unknown;
}

export type SectionKind = 'path' | 'request' | 'response';

export interface PageSection {
  kind: SectionKind;
  /** HTTP status for response sections. */
  status?: number;
  /** The heading as written, for messages. */
  heading: string;
  contentType?: string;
  fields: PageField[];
}

export interface ReferencePage {
  title: string;
  endpoint?: { method: string; path: string };
  version?: string;
  sections: PageSection[];
}

/** The page does not follow the format: the drift check cannot judge it (exit 2). */
export class PageFormatError extends Error {
  override name = 'PageFormatError';
}

const SECTION_MARK = /(?:^|\s)##\s+([^:\n]+?)\s*:/g;
const ITEM_MARK = /(?:^|\s)-\s+`([^`]+)`\s+\(([^)]*)\)/g;

export function parseReferencePage(text: string): ReferencePage {
  if (text.trim() === '') throw new PageFormatError('parseReferencePage: the page is empty');

  const marks = [...text.matchAll(SECTION_MARK)];
  if (marks.length === 0) {
    throw new PageFormatError('parseReferencePage: no "## <section>:" heading found; is this a reference page?');
  }
  const preamble = text.slice(0, marks[0]!.index);
  const page: ReferencePage = { title: parseTitle(preamble), sections: [] };
  const endpoint = /Endpoint:\s*([A-Z]+)\s+(\S+)/.exec(preamble);
  if (endpoint) page.endpoint = { method: endpoint[1]!, path: endpoint[2]! };
  const version = /Version:\s*(\S+)/.exec(preamble);
  if (version) page.version = version[1]!;

  marks.forEach((mark, i) => {
    const heading = mark[1]!.trim();
    const bodyStart = mark.index + mark[0].length;
    const bodyEnd = i + 1 < marks.length ? marks[i + 1]!.index : text.length;
    const section = sectionFromHeading(heading);
    section.fields = parseFields(text.slice(bodyStart, bodyEnd), heading);
    page.sections.push(section);
  });

  const seen = new Set<string>();
  for (const s of page.sections) {
    const key = s.kind === 'response' ? `response ${s.status}` : s.kind;
    if (seen.has(key)) throw new PageFormatError(`parseReferencePage: section "${s.heading}" appears twice`);
    seen.add(key);
  }
  return page;
}

function parseTitle(preamble: string): string {
  const m = /#\s+(.+?)(?=\s+Endpoint:|\n|$)/.exec(preamble);
  return m ? m[1]!.trim() : '';
}

function sectionFromHeading(heading: string): PageSection {
  const m = /^(Path parameters|Request fields|Response (\d{3}) fields)(?:\s*\(([^)]*)\))?$/.exec(heading);
  if (!m) {
    // Unknown sections are refused rather than skipped: a drift check that ignores a new part of the
    // page would pass while the page says something the schemas do not.
    throw new PageFormatError(
      `parseReferencePage: unknown section "## ${heading}"; expected Path parameters, Request fields or Response NNN fields`,
    );
  }
  const section: PageSection = {
    kind: m[2] ? 'response' : m[1] === 'Path parameters' ? 'path' : 'request',
    heading,
    fields: [],
  };
  if (m[2]) section.status = Number(m[2]);
  if (m[3]) section.contentType = m[3].trim();
  return section;
}

function parseFields(body: string, heading: string): PageField[] {
  const items = [...body.matchAll(ITEM_MARK)];
  const before = body.slice(0, items[0]?.index ?? body.length).trim();
  if (before !== '') {
    throw new PageFormatError(`section "${heading}": text before the first field: "${clip(before)}"`);
  }
  const fields: PageField[] = [];
  items.forEach((item, i) => {
    const name = item[1]!.trim();
    const restStart = item.index + item[0].length;
    const restEnd = i + 1 < items.length ? items[i + 1]!.index : body.length;
    const where = `section "${heading}", field "${name}"`;
    const field: PageField = { name, ...parseTypeSpec(item[2]!, where), description: '' };
    parseFieldText(body.slice(restStart, restEnd), field, where);
    if (fields.some((f) => f.name === name)) throw new PageFormatError(`${where}: listed twice`);
    fields.push(field);
  });
  return fields;
}

function parseTypeSpec(spec: string, where: string): Pick<PageField, 'type' | 'nullable' | 'required'> {
  let type: FieldType | undefined;
  let nullable = false;
  let required = false;
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    if (part === 'null') nullable = true;
    else if (part === 'required') required = true;
    else if ((FIELD_TYPES as readonly string[]).includes(part) && type === undefined) type = part as FieldType;
    else throw new PageFormatError(`${where}: cannot read type "(${spec})"`);
  }
  if (type === undefined) throw new PageFormatError(`${where}: no type in "(${spec})"`);
  return { type, nullable, required };
}

/** Description, then `Enum:` and `Example:` in either order; text after a value joins the description. */
function parseFieldText(text: string, field: PageField, where: string): void {
  const description: string[] = [];
  let rest = text;
  for (;;) {
    const m = /(?:^|\s)(Enum|Example):\s*/.exec(rest);
    if (!m) {
      description.push(rest);
      break;
    }
    description.push(rest.slice(0, m.index));
    const valueStart = m.index + m[0].length;
    if (m[1] === 'Enum') {
      if (field.enum) throw new PageFormatError(`${where}: two Enum: lists`);
      const { values, end } = scanEnum(rest, valueStart, where);
      field.enum = values;
      rest = rest.slice(end);
    } else {
      if ('example' in field) throw new PageFormatError(`${where}: two Example: values`);
      const { value, end } = scanJsonValue(rest, valueStart, where);
      field.example = value;
      rest = rest.slice(end);
    }
  }
  field.description = description.join(' ').replace(/\s+/g, ' ').trim();
}

function scanEnum(text: string, start: number, where: string): { values: JsonScalar[]; end: number } {
  const values: JsonScalar[] = [];
  let pos = start;
  for (;;) {
    const { value, end } = scanJsonValue(text, pos, where);
    if (typeof value === 'object' && value !== null) throw new PageFormatError(`${where}: Enum value is not a scalar`);
    values.push(value as JsonScalar);
    const comma = /^\s*,\s*/.exec(text.slice(end));
    if (!comma) return { values, end };
    pos = end + comma[0].length;
  }
}

/** Finds where one JSON value starting at `start` ends (strings and brackets aware), then JSON.parses it. */
export function scanJsonValue(text: string, start: number, where: string): { value: unknown; end: number } {
  let end = start;
  const first = text[start];
  if (first === undefined) throw new PageFormatError(`${where}: value expected at end of text`);
  if (first === '"' || first === '[' || first === '{') {
    let depth = 0;
    let inString = false;
    for (; end < text.length; end++) {
      const c = text[end];
      if (inString) {
        if (c === '\\') end++;
        else if (c === '"') {
          inString = false;
          if (depth === 0) break;
        }
      } else if (c === '"') inString = true;
      else if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') {
        depth--;
        if (depth === 0) break;
      }
    }
    if (end >= text.length) throw new PageFormatError(`${where}: unterminated value "${clip(text.slice(start))}"`);
    end++;
  } else {
    const m = /^[^\s,]+/.exec(text.slice(start));
    end = start + (m ? m[0].length : 0);
  }
  const raw = text.slice(start, end);
  try {
    return { value: JSON.parse(raw) as unknown, end };
  } catch {
    throw new PageFormatError(`${where}: not a JSON value: "${clip(raw)}"`);
  }
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
