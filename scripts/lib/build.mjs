// Compiles the TypeScript (tsc, incremental; tsc-alias rewrites path aliases to relative
// requires) and pre-builds the workflow bundle. Skipped when no source changed since the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = [
  'apps',
  'libs',
  'workflows',
  'migrations',
  'tsconfig.json',
  'tsconfig.build.json',
  'package-lock.json',
];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function run(root, command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

export function bundlePath(root) {
  return join(root, 'dist', 'workflow-bundle.js');
}

export function build(root, log = console.log) {
  const stamp = join(root, 'dist', '.build-stamp');
  const sourcesChanged = SOURCES.map((s) => join(root, s))
    .filter(existsSync)
    .map(newestMtime);
  if (
    existsSync(stamp) &&
    existsSync(bundlePath(root)) &&
    statSync(stamp).mtimeMs >= Math.max(...sourcesChanged)
  ) {
    return false;
  }
  log('Building (tsc, then the workflow bundle)…');
  const bin = (name) => join(root, 'node_modules', '.bin', name);
  run(root, bin('tsc'), ['-p', 'tsconfig.build.json']);
  run(root, bin('tsc-alias'), ['-p', 'tsconfig.build.json']);
  run(root, process.execPath, [
    join(root, 'dist/apps/worker/src/cli/build-workflow-bundle.js'),
    bundlePath(root),
  ]);
  writeFileSync(stamp, new Date().toISOString());
  return true;
}
