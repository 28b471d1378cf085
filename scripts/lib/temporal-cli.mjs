// Finds the Temporal CLI, installing it into the project's .tools/bin when it is nowhere.
// Order: TEMPORAL_CLI_PATH, PATH, .tools/bin, `go install` (pinned tag), the official installer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isExecutable, onPath } from './executables.mjs';

const CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

function findGo() {
  return (
    onPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined)
  );
}

export function findTemporalCli(root) {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv))
      throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  const local = join(root, '.tools', 'bin', 'temporal');
  return onPath('temporal') ?? (isExecutable(local) ? local : undefined);
}

export function ensureTemporalCli(root, log = console.log) {
  const found = findTemporalCli(root);
  if (found) return found;
  const binDir = join(root, '.tools', 'bin');
  mkdirSync(binDir, { recursive: true });
  const go = findGo();
  if (go) {
    log(
      `Installing the Temporal CLI with go install ${CLI_MODULE} (a few minutes the first time)…`,
    );
    const result = spawnSync(go, ['install', '-ldflags=-s -w', CLI_MODULE], {
      stdio: 'inherit',
      env: { ...process.env, GOBIN: binDir, GOFLAGS: '-mod=mod' },
    });
    if (result.status === 0 && existsSync(join(binDir, 'temporal')))
      return join(binDir, 'temporal');
    log('go install of the Temporal CLI failed; trying the official installer.');
  }
  log('Installing the Temporal CLI with the official installer…');
  const result = spawnSync(
    'sh',
    [
      '-c',
      `curl -sSfL https://temporal.download/cli.sh | sh -s -- --dir "${join(root, '.tools')}"`,
    ],
    { stdio: 'inherit' },
  );
  if (result.status === 0 && existsSync(join(binDir, 'temporal'))) return join(binDir, 'temporal');
  throw new Error(
    'Could not find or install the Temporal CLI. Put `temporal` on PATH, set TEMPORAL_CLI_PATH, ' +
      'or set TEMPORAL_ADDRESS to use an existing Temporal server.',
  );
}
