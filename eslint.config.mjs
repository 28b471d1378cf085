// @ts-check
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tools/**',
      '.codev/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { import: importPlugin },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: { 'import/resolver': { typescript: { project: './tsconfig.json' } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'import/no-cycle': 'error',
      'no-console': 'error',
    },
  },
  {
    // Workflow code is replayed by Temporal and must be deterministic: no I/O, no framework,
    // no persistence, no Node builtins; activities are imported as types only.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflows must not use Node builtins (non-deterministic I/O).',
          })),
          patterns: [
            {
              group: ['typeorm', 'typeorm/*', 'pg', 'pg/*'],
              message: 'Workflows must not touch the database; use an activity.',
            },
            {
              group: ['@nestjs/*'],
              message: 'Workflows must not depend on Nest; they run in the Temporal sandbox.',
            },
            {
              group: ['@temporalio/worker', '@temporalio/client', '@temporalio/activity'],
              message: 'Workflows import only @temporalio/workflow (and activity types).',
            },
            {
              group: ['**/apps/**', '@codev/persistence', '@codev/config', '@codev/auth'],
              message: 'Workflows import libs/domain and activity types only.',
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.spec.ts', 'bench/**/*.ts', '**/cli/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
