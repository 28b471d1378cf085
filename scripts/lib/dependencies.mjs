// Installs npm dependencies when node_modules is missing or older than the lockfile.
// `npm install` rather than `npm ci`: with this registry's lockfiles (no resolved URLs), npm ci
// reports platform-specific optional packages of @swc/core as missing; install honours the lock.
// Only Node builtins here: this runs before anything is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function ensureDependencies(root, log = console.log) {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.codev-lock-hash');
  const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return false;
  log('Installing npm dependencies…');
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`npm install failed with exit code ${result.status}`);
  writeFileSync(stamp, want);
  return true;
}
