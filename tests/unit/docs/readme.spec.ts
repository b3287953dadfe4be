/**
 * The README's reference tables are read by QA on day one; they must say what the code does.
 * Each table here is compared with its single declaration in the code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FAULTS } from '../../../sandbox/faults';
import { CHECKS } from '../../../suite/checks/registry';

const README = fs.readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');

/** The rows of the markdown table that starts with `header`, as arrays of trimmed cells. */
function tableAfter(header: string): string[][] {
  const start = README.indexOf(header);
  if (start === -1) throw new Error(`README has no table headed "${header}"`);
  const rows: string[][] = [];
  for (const line of README.slice(start).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|')));
  }
  return rows;
}

const unquote = (cell: string): string => cell.replace(/^`|`$/g, '');

test('the fault table lists every sandbox fault with its intended check and description', () => {
  const rows = tableAfter('| fault (`SANDBOX_FAULTS=…`) | caught by | what the sandbox does wrong |');
  expect(rows.map(([name, check, description]) => [unquote(name ?? ''), unquote(check ?? ''), description])).toEqual(
    FAULTS.map((f) => [f.name, f.intendedCheck, f.description]),
  );
});

test('the check table lists every check with its meaning', () => {
  const rows = tableAfter('| check | asserts |');
  expect(rows.map(([id, meaning]) => [unquote(id ?? ''), meaning])).toEqual([...CHECKS.values()].map((c) => [c.id, c.meaning]));
});
