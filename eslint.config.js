// Flat config: typed strict rules everywhere, and the layer boundaries of the design
// (ui -> smart | fhir -> context -> reasoning; fhirclient only at the IO edge) enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'mocks/fixtures/**', 'stubs/**', 'tests/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './tsconfig.node.json'], tsconfigRootDir: import.meta.dirname },
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
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/!(server|cli)/**', from: './src/server', message: 'Browser code must not import the backend.' },
            { target: './src', from: './mocks', message: 'App code must not depend on the EHR stand-in (only the server may, to mount the sandbox).', except: [] },
            { target: './src/smart', from: './src/ui', message: 'smart/ is below ui/.' },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'fhirclient', message: 'Import fhirclient/lib/entry/browser in browser code (the bare import resolves to the Node build).' }] },
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
        { patterns: [{ group: ['fhirclient', 'fhirclient/*'], message: 'fhirclient belongs in src/smart and src/fhir only.' }] },
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
    files: ['src/context/**/*.ts', 'src/reasoning/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['fhirclient', 'fhirclient/*', 'react', 'react-dom', 'react-router', '@azure-rest/*', '@azure/*'], message: 'Pure code: no IO clients or UI.' },
            { group: ['node:*', 'fs', 'path', 'http', 'https'], message: 'Pure code: no Node IO.' },
            { group: ['gpt-tokenizer', 'gpt-tokenizer/*'], message: 'Inject countTokens: the tokenizer is 1 MB in a browser.' },
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
    // api-contract/ is imported by the browser and the server alike: zod (as zod/mini) and src/shared only.
    files: ['src/api-contract/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod/|\\.\\./shared/|\\./)', message: 'api-contract imports only zod/mini (through src/shared/zod-mini.ts), src/shared and itself.' },
            { group: ['zod/v4', 'zod/v4/*', 'zod/locales'], message: 'Import z from src/shared/zod-mini.ts.' },
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
    // The server mounts the sandbox EHR stand-in for `npm start`; nothing else in src may.
    files: ['src/server/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': 'off' },
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
