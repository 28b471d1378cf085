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
  '^@codev/engine(|/.*)$': '<rootDir>/libs/engine/src$1',
  '^@codev/intake$': '<rootDir>/libs/intake/src',
  '^@codev/migrations$': '<rootDir>/migrations',
};
const common = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };
module.exports = {
  // A global option (per-project values are ignored): suites boot a real API, worker and bundle.
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,workflows}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      // Builds dist and runs four processes: `npm run test:scale-out` (and .ci/run) runs it alone.
      testPathIgnorePatterns: process.env.CODEV_SCALE_OUT ? [] : ['/scale-out\\.e2e-spec\\.ts$'],
    },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.workflow-spec.ts'],
    },
  ],
};
