#!/usr/bin/env node
// `npm test`: installs what is missing (npm packages, the Temporal CLI), then lint, typecheck
// and every jest suite (unit, integration, end-to-end) against a real ephemeral PostgreSQL and
// a real Temporal dev server. Extra arguments go to jest (e.g. `npm test -- organisations`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDependencies } from './lib/dependencies.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureDependencies(root);
const { ensureTemporalCli } = await import('./lib/temporal-cli.mjs');
process.env.TEMPORAL_CLI_PATH = ensureTemporalCli(root);
// The portfolio page is tested in a real headless browser: Debian's chromium (lib/chromium.mjs).
const { ensureChromium } = await import('./lib/chromium.mjs');
process.env.CHROMIUM_PATH = ensureChromium();

// `--scale-out`: the suite that builds dist and runs two APIs and two workers, alone.
// It runs on the real Temporal server (on the run's PostgreSQL, several history shards), built
// here first when missing, so its build does not count against the suite's timeouts.
const scaleOut = process.argv.includes('--scale-out');
if (scaleOut) {
  process.env.CODEV_SCALE_OUT = '1';
  const { ensureTemporalServer } = await import('./lib/temporal-real-server.mjs');
  try {
    await ensureTemporalServer(root);
    process.env.CODEV_TEST_TEMPORAL = 'server';
  } catch (e) {
    // A machine that cannot build it (no Go) still runs the suite, on the dev server, and says so.
    console.warn(`\nThe scale-out suite runs on the Temporal dev server instead: ${e.message}\n`);
  }
}
const jestArgs = scaleOut ? ['test/e2e/scale-out'] : process.argv.slice(2);
const bin = (name) => join(root, 'node_modules', '.bin', name);
function step(title, command, args) {
  console.log(`\n== ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}

if (jestArgs.length === 0) {
  step('lint', bin('eslint'), ['.']);
  step('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
}

const report = join(tmpdir(), `codev-jest-${process.pid}.json`);
console.log('\n== jest (unit, integration, e2e)');
const jest = spawnSync(
  bin('jest'),
  ['--ci', `--maxWorkers=${scaleOut ? 1 : 2}`, '--json', `--outputFile=${report}`, ...jestArgs],
  {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  },
);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  rmSync(report);
  console.log(
    `\njest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`,
  );
}
process.exit(jest.status ?? 1);
