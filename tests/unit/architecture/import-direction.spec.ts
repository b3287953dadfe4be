/**
 * The pipeline's direction is a lint rule, not a promise (eslint.config.js): each backwards import
 * below is written into a real file of the layer that must refuse it, linted with the project's own
 * configuration, and must fail with the layer's message; each allowed import must pass. Probe files
 * never go where files are discovered (suite/checks/, generators/invalid/), which other tests load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ESLint } from 'eslint';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

interface Probe {
  /** Folder of the probe file, relative to the repository root. */
  folder: string;
  /** The import specifier, relative to that folder. */
  from: string;
}

const BACKWARDS: Probe[] = [
  { folder: 'schemas', from: '../generators/case' },
  { folder: 'schemas', from: './derive/build' },
  { folder: 'generators', from: '../suite/checks/registry' },
  { folder: 'generators', from: '../schemas/derive/overlay' },
  { folder: 'suite/http', from: '../../reporters/summary' },
  { folder: 'suite/engine', from: '../../sandbox/server' },
  { folder: 'suite/engine', from: '../../schemas/derive/page' },
  { folder: 'reporters', from: '../sandbox/faults' },
  { folder: 'sandbox', from: '../schemas/validators' },
  { folder: 'sandbox', from: '../suite/checks/registry' },
  { folder: 'sandbox', from: '../generators/case' },
  { folder: 'bench', from: '../tests/conformance/fixtures' },
];

const FORWARDS: Probe[] = [
  { folder: 'generators', from: '../schemas/contract' },
  { folder: 'suite/http', from: '../../schemas/validators' },
  { folder: 'suite/engine', from: '../../generators/case' },
  { folder: 'reporters', from: '../suite/engine/stats' },
  { folder: 'sandbox', from: '../suite/model/variables' },
  { folder: 'bench', from: '../sandbox/server' },
];

const eslint = new ESLint({ cwd: ROOT });

/** Lints `import x from '<from>'` as a file of `folder`; the file exists only while it is linted. */
async function restrictedImportMessages(probe: Probe): Promise<string[]> {
  const file = path.join(ROOT, probe.folder, `zz-import-direction-probe-${process.pid}.ts`);
  fs.writeFileSync(file, `import * as probe from '${probe.from}';\nexport const used = probe;\n`);
  try {
    const [result] = await eslint.lintFiles([file]);
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

test.describe.configure({ mode: 'serial' });

for (const probe of BACKWARDS) {
  test(`${probe.folder}/ may not import ${probe.from}`, async () => {
    const messages = await restrictedImportMessages(probe);
    expect(messages, `no lint error for a backwards import in ${probe.folder}/`).toHaveLength(1);
    expect(messages[0]).toMatch(/must not import this: .+ \(see ARCHITECTURE\.md\)/);
  });
}

for (const probe of FORWARDS) {
  test(`${probe.folder}/ may import ${probe.from}`, async () => {
    expect(await restrictedImportMessages(probe)).toEqual([]);
  });
}

test('an import cycle is refused (import-x/no-cycle), within a layer too', async () => {
  // Two modules of one folder that import each other: allowed by the layers, refused as a cycle.
  const a = path.join(ROOT, 'suite', 'engine', `zz-cycle-probe-a-${process.pid}.ts`);
  const b = path.join(ROOT, 'suite', 'engine', `zz-cycle-probe-b-${process.pid}.ts`);
  fs.writeFileSync(a, `import { b } from './${path.basename(b, '.ts')}';\nexport const a = (): number => b() + 1;\n`);
  fs.writeFileSync(b, `import { a } from './${path.basename(a, '.ts')}';\nexport const b = (): number => a() - 1;\n`);
  try {
    const [result] = await eslint.lintFiles([a]);
    const cycles = (result?.messages ?? []).filter((m) => m.ruleId === 'import-x/no-cycle');
    expect(cycles.map((m) => m.message)).toEqual(['Dependency cycle detected']);
  } finally {
    fs.rmSync(a, { force: true });
    fs.rmSync(b, { force: true });
  }
});
