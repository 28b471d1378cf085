/** `npm run histories:record`: records the workflow histories under test/histories/ on a fresh
 * stack (the same ephemeral PostgreSQL and Temporal dev server as `npm test`); see
 * docs/versioning.md. Kept apart from jest.config.js so that `npm test` never re-records them. */
const base = require('./jest.config.js');
const { transform, moduleNameMapper, testEnvironment } = base.projects[0];

// Running this configuration is what asks for a recording (the spec does nothing without it).
process.env.RECORD_HISTORIES = '1';

module.exports = {
  testTimeout: base.testTimeout,
  globalSetup: base.globalSetup,
  globalTeardown: base.globalTeardown,
  projects: [
    {
      transform,
      moduleNameMapper,
      testEnvironment,
      displayName: 'histories',
      testMatch: ['<rootDir>/test/histories/**/*.history-spec.ts'],
    },
  ],
};
