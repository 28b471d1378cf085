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
      // Arrows run one way: apps and workflows use libs; libs never reach back up.
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './libs', from: './apps', message: 'libs/ must not import apps/.' },
            { target: './libs', from: './workflows', message: 'libs/ must not import workflows/.' },
            { target: './workflows', from: './apps', message: 'workflows/ must not import apps/.' },
          ],
        },
      ],
    },
  },
  {
    // The engine is pure: stage kinds and the interpreter run inside workflows, so they do no
    // I/O and know no framework; projections write through ports the worker hands them.
    files: ['libs/engine/**/*.ts', 'libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'The engine and the domain are pure: no Node builtins.',
          })),
          patterns: [
            {
              group: ['typeorm', 'typeorm/*', 'pg', 'pg/*', '@nestjs/*', '@temporalio/client', '@temporalio/worker'],
              message: 'The engine and the domain are pure: no database, no framework, no Temporal client.',
            },
            {
              group: ['@codev/persistence', '@codev/config', '@codev/auth', '@codev/temporal', '@codev/intake'],
              message: 'The engine and the domain depend on nothing but each other.',
            },
          ],
        },
      ],
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
