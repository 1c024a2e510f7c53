// Flat config: typed strict rules everywhere, and the layer boundaries of the design
// (ui -> smart | fhir -> context -> reasoning; fhirclient only at the IO edge) enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

/** Plain data in, plain data out: the same in the browser, the server, the CLI and the evaluation. */
const PURE_FOLDERS = [
  './src/record',
  './src/terminology',
  './src/context',
  './src/reasoning',
  './src/api-contract',
];
/** Code with IO, a UI or a runtime of its own. */
const EDGE_FOLDERS = [
  './src/fhir',
  './src/smart',
  './src/server',
  './src/model',
  './src/ui',
  './src/cli',
  './src/sandbox',
  './src/evaluation',
  './mocks',
];

/**
 * The boundaries of the design (README "Layout"; each folder's README says what it may import). Tests may also
 * import the stand-ins in mocks/: that is what they test against.
 */
function boundaryZones({ testCode }) {
  const mocks = testCode ? [] : ['./mocks'];
  const zones = [
    ...PURE_FOLDERS.map((target) => ({
      target,
      from: EDGE_FOLDERS.filter((folder) => !testCode || folder !== './mocks'),
      message:
        'Pure code (record, terminology, context, reasoning, api-contract) imports no IO, UI or server code.',
    })),
    {
      target: './src/server',
      from: ['./src/ui', './src/cli', './src/sandbox', ...mocks],
      message:
        'The server never imports the UI, the CLI, the sandbox or mocks/ (the sandbox entry mounts the stand-ins).',
    },
    {
      target: './src/ui',
      from: ['./src/server', './src/model', './src/cli', './src/sandbox', ...mocks],
      message: 'Browser code never imports the backend, the model clients, the CLI or mocks/.',
    },
    {
      target: './src/cli',
      from: ['./src/server', './src/ui', './src/sandbox', ...mocks],
      message: 'The CLI never imports the server, the UI or mocks/ (the model clients are in src/model).',
    },
    {
      target: './src/model',
      from: ['./src/server', './src/ui', './src/cli', './src/sandbox', ...mocks],
      message: 'src/model is used by the server and the CLI; it imports neither.',
    },
    {
      target: './src/evaluation',
      from: ['./src/server', './src/ui', './src/cli', './src/sandbox', ...mocks],
      message:
        'src/evaluation runs the measures and the rules over records in Node; the CLI uses it, it uses none of them.',
    },
    {
      target: './src/fhir',
      from: ['./src/server', './src/ui', './src/cli', './src/model', './src/sandbox', ...mocks],
      message: 'The record loader is below the UI, the CLI and the server.',
    },
    {
      target: './src/smart',
      from: ['./src/server', './src/ui', './src/cli', './src/model', './src/sandbox', ...mocks],
      message: 'smart/ is below ui/ and never imports the server.',
    },
    {
      target: './src/terminology',
      from: './src',
      except: ['./terminology'],
      message: 'terminology/ is the bottom layer: it imports only other terminology modules.',
    },
    {
      target: './src/shared',
      from: ['./src/!(shared)/**', ...mocks.map((folder) => `${folder}/**`)],
      message: 'src/shared is used by every layer and imports none.',
    },
  ];
  return zones.filter((zone) => zone.from.length > 0);
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'mocks/fixtures/**', 'stubs/**', 'tests/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.node.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
      // Never parse dependencies' bundles (PGlite's overflows the parser); cycles are ours to find.
      'import-x/ignore': ['node_modules'],
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-default-export': 'error',
      'import-x/no-restricted-paths': ['error', { zones: boundaryZones({ testCode: false }) }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'fhirclient',
              message:
                'Import fhirclient/lib/entry/browser in browser code (the bare import resolves to the Node build).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['fhirclient', 'fhirclient/*'],
              message: 'fhirclient belongs in src/smart and src/fhir only.',
            },
          ],
        },
      ],
      // Only the server validates requests: their schemas would add zod code to the launch chunk for nothing.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api-contract/*-request-contract.ts'],
              allowTypeImports: true,
              message: 'The browser imports request contracts for their types only (import type).',
            },
          ],
        },
      ],
    },
  },
  {
    // context/ and reasoning/ are pure: plain data in, plain data out, the same in browser, server and CLI.
    files: PURE_FOLDERS.map((folder) => `${folder.slice(2)}/**/*.ts`),
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'fhirclient',
                'fhirclient/*',
                'react',
                'react-dom',
                'react-router',
                '@azure-rest/*',
                '@azure/*',
              ],
              message: 'Pure code: no IO clients or UI.',
            },
            { group: ['node:*', 'fs', 'path', 'http', 'https'], message: 'Pure code: no Node IO.' },
            {
              group: ['gpt-tokenizer', 'gpt-tokenizer/*'],
              message: 'Inject countTokens: the tokenizer is 1 MB in a browser.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Pure code does no IO.' },
        { name: 'process', message: 'Pure code reads no environment.' },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Pass nowMs in.' }],
    },
  },
  {
    files: ['**/*.test.{ts,tsx}'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: boundaryZones({ testCode: true }) }] },
  },
  {
    // terminology/ is data: code sets and their names, the same in browser, server and CLI.
    files: ['src/terminology/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.\\/)',
              message: 'terminology/ imports only other terminology modules (./*.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // api-contract/ is imported by the browser and the server alike: zod (as zod/mini) and src/shared only.
    files: ['src/api-contract/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod/|\\.\\./shared/|\\./)',
              message:
                'api-contract imports only zod/mini (through src/shared/zod-mini.ts), src/shared and itself.',
            },
            {
              group: ['zod/v4', 'zod/v4/*', 'zod/locales'],
              message: 'Import z from src/shared/zod-mini.ts.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'The contract does no IO.' },
        { name: 'process', message: 'The contract reads no environment.' },
        { name: 'window', message: 'The contract runs on the server too.' },
        { name: 'document', message: 'The contract runs on the server too.' },
      ],
    },
  },
  {
    files: ['*.config.{js,ts}', 'scripts/**'],
    rules: { 'import-x/no-default-export': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
