/** One jest run for unit, integration and end-to-end suites; the global setup starts an
 * ephemeral PostgreSQL and Temporal dev server only once for all of them. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@codev/domain(|/.*)$': '<rootDir>/libs/domain/src$1',
  '^@codev/config$': '<rootDir>/libs/config/src',
  '^@codev/persistence$': '<rootDir>/libs/persistence/src',
  '^@codev/auth$': '<rootDir>/libs/auth/src',
  '^@codev/temporal$': '<rootDir>/libs/temporal/src',
  '^@codev/workflows$': '<rootDir>/workflows/src',
  '^@codev/migrations$': '<rootDir>/migrations',
};
const common = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node', testTimeout: 60_000 };
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,workflows}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
  ],
};
