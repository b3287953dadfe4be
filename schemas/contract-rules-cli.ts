/**
 * `npm run rules:table`: writes schemas/CONTRACT-RULES.md from schemas/contract-rules.ts.
 * `npm run rules:table -- --check`: exit 0 when the committed file matches the code, 1 when it differs.
 * Exit 2 for bad usage.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONTRACT_RULES_TABLE_FILE, renderContractRulesTable } from './contract-rules';

/** Absolute path of schemas/CONTRACT-RULES.md. */
export const CONTRACT_RULES_TABLE_PATH = path.resolve(import.meta.dirname, '..', CONTRACT_RULES_TABLE_FILE);

const USAGE = 'usage: tsx schemas/contract-rules-cli.ts [--check]';

export function main(argv: readonly string[]): number {
  if (argv.length > 1 || (argv.length === 1 && argv[0] !== '--check')) {
    console.error(USAGE);
    return 2;
  }
  const rendered = renderContractRulesTable();
  if (argv[0] === '--check') {
    const committed = existsSync(CONTRACT_RULES_TABLE_PATH) ? readFileSync(CONTRACT_RULES_TABLE_PATH, 'utf8') : null;
    if (committed === rendered) {
      console.log(`rules:table OK: ${CONTRACT_RULES_TABLE_FILE} matches schemas/contract-rules.ts`);
      return 0;
    }
    console.log(
      `rules:table FAILED: ${CONTRACT_RULES_TABLE_FILE} ${committed === null ? 'is missing' : 'differs from schemas/contract-rules.ts'}; run npm run rules:table`,
    );
    return 1;
  }
  writeFileSync(CONTRACT_RULES_TABLE_PATH, rendered);
  console.log(`wrote ${CONTRACT_RULES_TABLE_FILE}`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.exitCode = main(process.argv.slice(2));
}
