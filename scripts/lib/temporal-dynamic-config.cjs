// Temporal dynamic config the project sets on every server it starts: the CLI dev server
// (npm start, the bench, the tests) and the real server profile. CommonJS so that the
// launchers (ES modules) and the TypeScript suites read the one list.
'use strict';

/**
 * Eager activity dispatch: when a workflow task's completion schedules an activity on the
 * worker's own task queue, the server hands the activity task back in its answer, instead of
 * sending it through matching to the worker's next poll. Every step of an application
 * schedules one (its transition), so this saves a round trip per step. The server ships it
 * off; the SDK asks for it by default. Measured in docs/performance.md.
 */
const DYNAMIC_CONFIG = {
  'system.enableActivityEagerExecution': true,
};

/** The dev server's `--dynamic-config-value` flags for the settings above. */
function devServerFlags() {
  return Object.entries(DYNAMIC_CONFIG).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}

module.exports = { DYNAMIC_CONFIG, devServerFlags };
