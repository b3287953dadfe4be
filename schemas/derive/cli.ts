/**
 * `schemas:derive -- <page> [--out <dir>]`: writes the schemas derived from a reference page.
 * `schemas:check -- <page> [--dir <dir>]`: re-derives and compares with the committed schemas.
 * Exit codes: 0 match (or written), 1 the committed schemas differ from the page, 2 cannot judge
 * (unreadable page, page not in the reference format, bad usage).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type DerivedSchemas, buildSchemas } from './build';
import { SCHEMA_FILES, type SchemaKey } from '../load';
import { type SchemaDifference, diffSchemas } from './diff';
import { formatJson, isJsonObject } from '../json';
import { PageFormatError, parseReferencePage } from './page';

export const SCHEMAS_DIR = path.resolve(import.meta.dirname, '..');

const USAGE = 'usage: tsx schemas/derive/cli.ts derive|check <reference-page> [--out|--dir <schemas dir>]';

export function deriveFromFile(pagePath: string): DerivedSchemas {
  let text: string;
  try {
    text = readFileSync(pagePath, 'utf8');
  } catch (e) {
    throw new PageFormatError(`cannot read reference page "${pagePath}": ${(e as Error).message}`);
  }
  return buildSchemas(parseReferencePage(text));
}

export function writeSchemas(derived: DerivedSchemas, dir: string): string[] {
  return (Object.keys(SCHEMA_FILES) as SchemaKey[]).map((key) => {
    const file = path.join(dir, SCHEMA_FILES[key]);
    writeFileSync(file, formatJson(derived.schemas[key]) + '\n');
    return file;
  });
}

export function compareWithCommitted(derived: DerivedSchemas, dir: string): SchemaDifference[] {
  const diffs: SchemaDifference[] = [];
  for (const key of Object.keys(SCHEMA_FILES) as SchemaKey[]) {
    const name = SCHEMA_FILES[key];
    const file = path.join(dir, name);
    const label = name.replace('.schema.json', '');
    if (!existsSync(file)) {
      diffs.push({
        kind: 'keyword-changed',
        field: label,
        message: `${label}: ${file} is missing (run npm run schemas:derive -- <page>)`,
      });
      continue;
    }
    let committed: unknown;
    try {
      committed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      diffs.push({
        kind: 'keyword-changed',
        field: label,
        message: `${label}: ${file} is not valid JSON (${(e as Error).message})`,
      });
      continue;
    }
    if (!isJsonObject(committed)) {
      diffs.push({ kind: 'keyword-changed', field: label, message: `${label}: ${file} is not a JSON object` });
      continue;
    }
    diffs.push(...diffSchemas(label, committed, derived.schemas[key]));
  }
  return diffs;
}

export function main(argv: readonly string[]): number {
  const [command, pagePath, ...rest] = argv;
  if ((command !== 'derive' && command !== 'check') || !pagePath) {
    console.error(USAGE);
    return 2;
  }
  let dir = SCHEMAS_DIR;
  if (rest.length > 0) {
    if (rest.length !== 2 || (rest[0] !== '--out' && rest[0] !== '--dir')) {
      console.error(USAGE);
      return 2;
    }
    dir = path.resolve(rest[1]!);
  }

  let derived: DerivedSchemas;
  try {
    derived = deriveFromFile(pagePath);
  } catch (e) {
    if (e instanceof PageFormatError) {
      console.error(`schemas:${command}: cannot judge: ${e.message}`);
      return 2;
    }
    throw e;
  }
  for (const w of derived.warnings) console.error(`schemas:${command}: warning: ${w}`);

  if (command === 'derive') {
    for (const file of writeSchemas(derived, dir)) console.log(`wrote ${path.relative(process.cwd(), file)}`);
    return 0;
  }

  const diffs = compareWithCommitted(derived, dir);
  if (diffs.length === 0 && derived.warnings.length === 0) {
    console.log(`schemas:check OK: committed schemas match ${pagePath}`);
    return 0;
  }
  console.log(
    `schemas:check FAILED: the committed schemas in ${path.relative(process.cwd(), dir) || '.'} no longer match ${pagePath}`,
  );
  for (const d of diffs) console.log(`  - ${d.message}`);
  if (diffs.length === 0)
    console.log('  - no schema difference, but the overlay no longer fits the page (warnings above)');
  console.log(
    'Review the page change, then run: npm run schemas:derive -- <page> (and update schemas/derive/overlay.ts if needed)',
  );
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.exitCode = main(process.argv.slice(2));
}
