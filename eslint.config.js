// Lint is mostly about promises: an un-awaited fc.assert(fc.asyncProperty(...)) or request
// passes vacuously, so floating and misused promises are errors, with type information.
// It also holds the folders to the pipeline's direction (ARCHITECTURE.md):
//   schemas → generators → suite → reporters, the sandbox beside (it shares suite/model/ only),
//   schemas/derive/ is build-time tooling that nothing run-time imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/** An import specifier naming one of our top-level folders (relative, so `../suite/x` or `../../suite`). */
const folder = (...names) => `(^|/)(${names.join('|')})(/|$)`;

/** `no-restricted-imports` for one layer: each forbidden folder with the reason, so the message teaches the rule. */
const layer = (name, forbidden) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: forbidden.map(({ regex, why }) => ({
        regex,
        message: `${name} must not import this: ${why} (see ARCHITECTURE.md).`,
      })),
    },
  ],
});

const BUILD_TIME = {
  regex: '(^|/)derive(/|$)',
  why: 'schemas/derive/ is build-time tooling (npm run schemas:derive); run-time code reads the committed schemas through schemas/load.ts',
};
const downstreamOfSchemas = {
  regex: folder('generators', 'suite', 'reporters', 'sandbox', 'tests', 'bench'),
  why: 'the contract is the first layer; data flows schemas → generators → suite → reporters',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty-pattern': 'off',
    },
  },
  // No import cycle anywhere, type-only imports included: a cycle is two modules that are one.
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // The layers, upstream first. tests/ and the root configs may import anything.
  {
    files: ['schemas/derive/**/*.ts', 'schemas/contract-rules-cli.ts'],
    rules: layer('schemas/derive (build-time)', [downstreamOfSchemas]),
  },
  {
    files: ['schemas/**/*.ts'],
    ignores: ['schemas/derive/**', 'schemas/contract-rules-cli.ts'],
    rules: layer('schemas/', [downstreamOfSchemas, BUILD_TIME]),
  },
  {
    files: ['generators/**/*.ts'],
    rules: layer('generators/', [
      {
        regex: folder('suite', 'reporters', 'sandbox', 'tests', 'bench'),
        why: 'generators feed the suite, never the other way',
      },
      BUILD_TIME,
    ]),
  },
  {
    files: ['suite/**/*.ts'],
    rules: layer('suite/', [
      {
        regex: folder('reporters', 'sandbox', 'tests', 'bench'),
        why: 'the suite judges any target; reporters read its output; the sandbox is one target among others',
      },
      BUILD_TIME,
    ]),
  },
  {
    files: ['reporters/**/*.ts'],
    rules: layer('reporters/', [
      { regex: folder('sandbox', 'tests', 'bench'), why: 'reporters format what the suite produced' },
      BUILD_TIME,
    ]),
  },
  {
    files: ['sandbox/**/*.ts'],
    rules: layer('sandbox/', [
      {
        regex: folder('schemas', 'generators', 'reporters', 'tests', 'bench'),
        why: 'the sandbox is an independent oracle: a mistake in the schemas must show as a disagreement, not be copied',
      },
      {
        regex: '(^|/)suite/(?!model/)',
        why: "of the suite, only the shared model (suite/model/) is the sandbox's to import",
      },
    ]),
  },
  {
    files: ['bench/**/*.ts'],
    rules: layer('bench/', [
      { regex: folder('tests'), why: 'the bench measures the product, not its tests' },
      BUILD_TIME,
    ]),
  },
);
