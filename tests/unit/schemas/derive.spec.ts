import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchemas } from '../../../schemas/derive/build';
import { SCHEMA_FILES, type SchemaKey } from '../../../schemas/load';
import { compareWithCommitted, deriveFromFile, writeSchemas } from '../../../schemas/derive/cli';
import { diffSchemas } from '../../../schemas/derive/diff';
import { PageFormatError, parseReferencePage } from '../../../schemas/derive/page';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCHEMAS = path.join(ROOT, 'schemas');
// The vendor page copy lives outside the project; tests that need it skip where it is absent.
const SEED = path.resolve(ROOT, '../shared/seeds/000_542b9df978eb7926.txt');

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'schemas-spec-'));
}

function runCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/tsx'), ['schemas/derive/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A small page in the vendor format, with every field the overlay refers to (so it derives without
 * warnings), on several lines as the real page is when its line breaks survive.
 */
const SMALL_PAGE = `# Small endpoint
Endpoint: POST /v1/things/{thing_id}
Version: 1.0
## Path parameters:
- \`thing_id\` (string, required) The thing. Example: "t1"
## Request fields (application/json):
- \`method\` (string) How. Enum: "a", "b"
- \`reference\` (string) Free text.
- \`device_data\` (string) Opaque.
- \`proof_of_address_type\` (string) Kind. This field is if needed. Enum: "X", "Y"
- \`proof_of_address_issued_at\` (string) When. This field is if needed. Example: "2021-12-03"
- \`iban\` (string) The IBAN. This field is mandatory if the identification method is or . More text.
## Response 200 fields (application/json):
- \`id\` (string) Id. Example: "i1"
- \`url\` (string) Link.
- \`completed_at\` (string) Done.
- \`proof_of_address_issued_at\` (string) When.
- \`authorization_expires_at\` (string,null) Until.
- \`confirmation_expires_at\` (string,null) Until.
- \`iban\` (string) Optional IBAN provided for and identifications.
- \`account_verification_error\` (string,null) Why. Enum: "e1", "e2"
- \`level\` (integer,null) Level. Enum: 1, 2, 3
- \`documents\` (array) Docs. Example: [{"id":"d, 1","size":3}]
- \`documents.size\` (integer) Bytes.
- \`box\` (object) A box.
- \`box.inner\` (string) Inside. Example: "in"
## Response 400 fields (application/json):
- \`id\` (string) Example: "e-1"
- \`status\` (string) Example: "400"
`;

test.describe('page parser', () => {
  test('reads sections, types, nullability, enums, examples and nesting', () => {
    const page = parseReferencePage(SMALL_PAGE);
    expect(page.endpoint).toEqual({ method: 'POST', path: '/v1/things/{thing_id}' });
    expect(page.version).toBe('1.0');
    expect(page.sections.map((s) => [s.kind, s.status ?? null])).toEqual([
      ['path', null],
      ['request', null],
      ['response', 200],
      ['response', 400],
    ]);
    const ok = page.sections[2]!.fields;
    expect(ok.find((f) => f.name === 'level')).toEqual({
      name: 'level',
      type: 'integer',
      nullable: true,
      required: false,
      description: 'Level.',
      enum: [1, 2, 3],
    });
    expect(ok.find((f) => f.name === 'documents')?.example).toEqual([{ id: 'd, 1', size: 3 }]);
    expect(page.sections[0]!.fields[0]).toMatchObject({ name: 'thing_id', required: true, example: 't1' });
  });

  test('the same page on one line parses the same (the seed copy lost its line breaks)', () => {
    const oneLine = SMALL_PAGE.replace(/\n/g, ' ');
    expect(parseReferencePage(oneLine).sections).toEqual(parseReferencePage(SMALL_PAGE).sections);
  });

  test('Enum and Example in either order; trailing text joins the description', () => {
    const page = parseReferencePage(
      '# T ## Request fields: - `a` (string) First. Example: "x, \\"y\\"" Enum: "x", "z" - `b` (number) B. Example: 1.5 then more.',
    );
    const [a, b] = page.sections[0]!.fields;
    expect(a).toMatchObject({ description: 'First.', example: 'x, "y"', enum: ['x', 'z'] });
    expect(b).toMatchObject({ type: 'number', example: 1.5, description: 'B. then more.' });
  });

  test('dotted fields nest into objects and array items', () => {
    const { schemas } = buildSchemas(parseReferencePage(SMALL_PAGE));
    const props = schemas.identification.properties as Record<string, Record<string, unknown>>;
    // OBS: null means no value, so every response field but id, method, status accepts null, at every depth.
    expect(props.box).toMatchObject({
      type: ['object', 'null'],
      properties: { inner: { type: ['string', 'null'], examples: ['in'] } },
    });
    expect(props.documents).toMatchObject({
      type: ['array', 'null'],
      items: { type: 'object', properties: { size: { type: ['integer', 'null'], minimum: 0 } } },
    });
    expect(props.id).toMatchObject({ type: 'string' });
    expect(props.level).toMatchObject({ type: ['integer', 'null'], enum: [1, 2, 3, null] });
    const request = schemas.request.properties as Record<string, Record<string, unknown>>;
    // RR: every optional request field accepts null; the overlay restores the words the page lost.
    expect(request.method!.type).toBe('string');
    expect(request.reference!.type).toEqual(['string', 'null']);
    expect(request.iban!.description).toBe(
      'The IBAN. This field is mandatory if the identification method is bank or bank_id. More text.',
    );
  });

  const broken: [string, string, RegExp][] = [
    ['empty', '  ', /empty/],
    ['no sections', '# Title only\nsome text', /no "## <section>:"/],
    ['unknown section', '# T\n## Query parameters:\n- `q` (string) Q.', /unknown section "## Query parameters"/],
    ['unknown type', '# T\n## Request fields:\n- `q` (date) Q.', /cannot read type "\(date\)"/],
    [
      'child before parent',
      '# T\n## Request fields:\n- `a.b` (string) B.\n## Response 200 fields:\n- `x` (string) X.',
      /listed before \(or without\) its parent "a"/,
    ],
    ['broken example', '# T\n## Request fields:\n- `q` (string) Q. Example: [1, 2', /unterminated value/],
    [
      'section twice',
      '# T\n## Request fields:\n- `q` (string) Q.\n## Request fields:\n- `r` (string) R.',
      /appears twice/,
    ],
  ];
  for (const [name, text, message] of broken) {
    test(`refuses a page with ${name}`, () => {
      expect(() => buildSchemas(parseReferencePage(text))).toThrow(PageFormatError);
      expect(() => buildSchemas(parseReferencePage(text))).toThrow(message);
    });
  }
});

test.describe('drift check on a small page', () => {
  let dir = '';
  let page = '';
  test.beforeEach(() => {
    dir = tempDir();
    page = path.join(dir, 'page.txt');
    writeFileSync(page, SMALL_PAGE);
    const derived = deriveFromFile(page);
    expect(derived.warnings).toEqual([]);
    writeSchemas(derived, dir);
  });
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const check = (text: string): string[] => {
    writeFileSync(page, text);
    return compareWithCommitted(deriveFromFile(page), dir).map((d) => d.message);
  };

  test('unchanged page: no difference', () => {
    expect(check(SMALL_PAGE)).toEqual([]);
  });

  test('each kind of change is named', () => {
    expect(check(SMALL_PAGE.replace('Enum: 1, 2, 3', 'Enum: 1, 3'))).toEqual([
      'identification.level: enum value removed from the page: 2',
    ]);
    expect(check(SMALL_PAGE.replace('Enum: "a", "b"', 'Enum: "a", "b", "c"'))).toEqual([
      'identification-request.method: enum value added on the page: "c"',
    ]);
    // The response overlay makes every optional field nullable (OBS), so a page's nullability shows only where the overlay does not speak: the error items.
    expect(check(SMALL_PAGE.replace('`level` (integer,null)', '`level` (integer)'))).toEqual([]);
    expect(check(SMALL_PAGE.replace('- `id` (string) Example: "e-1"', '- `id` (string,null) Example: "e-1"'))).toEqual([
      'error.errors[].id: now nullable on the page (committed: not nullable)',
    ]);
    expect(check(SMALL_PAGE.replace('`documents.size` (integer)', '`documents.size` (string)'))).toEqual([
      'identification.documents[].size: type changed: committed integer, page string',
    ]);
    expect(check(SMALL_PAGE.replace('- `url` (string) Link.\n', ''))).toEqual(
      expect.arrayContaining(['identification.url: field removed from the page']),
    );
    expect(
      check(SMALL_PAGE.replace('- `url` (string) Link.\n', '- `url` (string) Link.\n- `extra` (boolean) New.\n')),
    ).toEqual(['identification.extra: field added on the page (boolean,null)']);
    expect(check(SMALL_PAGE.replace('Example: "in"', 'Example: "out"'))).toEqual([
      'identification.box.inner: example added on the page: "out"',
      'identification.box.inner: example removed from the page: "in"',
    ]);
  });

  test('the CLI exits 0 with one OK line, 1 with the diff', () => {
    const okRun = runCli('check', page, '--dir', dir);
    expect(okRun.status).toBe(0);
    expect(okRun.stdout.trim().split('\n')).toHaveLength(1);
    expect(okRun.stdout).toMatch(/^schemas:check OK/);
    writeFileSync(page, SMALL_PAGE.replace('Enum: "e1", "e2"', 'Enum: "e1"'));
    const bad = runCli('check', page, '--dir', dir);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('identification.account_verification_error: enum value removed from the page: "e2"');
  });
});

test.describe('the seed reference page', () => {
  test.skip(!existsSync(SEED), 'the vendor reference page copy is not available here');

  test('derive of the seed equals the committed schemas', () => {
    const derived = deriveFromFile(SEED);
    expect(derived.warnings).toEqual([]);
    for (const key of Object.keys(SCHEMA_FILES) as SchemaKey[]) {
      const committed = JSON.parse(readFileSync(path.join(SCHEMAS, SCHEMA_FILES[key]), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(derived.schemas[key], SCHEMA_FILES[key]).toEqual(committed);
      expect(diffSchemas(key, derived.schemas[key], derived.schemas[key])).toEqual([]);
    }
  });

  test('schemas:check passes on the seed', () => {
    const r = runCli('check', SEED);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^schemas:check OK: committed schemas match /);
  });

  test('schemas:check fails with a clear diff when one enum value is removed', () => {
    const dir = tempDir();
    try {
      const text = readFileSync(SEED, 'utf8');
      const edited = text.replace('"successful", "signed"', '"successful"');
      expect(edited).not.toBe(text);
      const page = path.join(dir, 'page.txt');
      writeFileSync(page, edited);
      const r = runCli('check', page);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('schemas:check FAILED');
      expect(r.stdout).toContain('identification.status: enum value removed from the page: "signed"');
      expect(r.stdout.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('exit 2 on an unreadable page', () => {
    const missing = runCli('check', path.join(os.tmpdir(), 'no-such-page-4711.txt'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot judge: cannot read reference page/);
    const dir = tempDir();
    try {
      const junk = path.join(dir, 'junk.txt');
      writeFileSync(junk, '<html>not a reference page</html>');
      const r = runCli('check', junk);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/cannot judge/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
