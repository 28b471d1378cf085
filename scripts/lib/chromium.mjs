// Finds Chromium for the browser tests (playwright-core drives it), installing Debian's
// `chromium` package when it is nowhere. Playwright's own browser downloads are not used: they
// come from a CDN, and the machines the tests run on may reach only the Debian mirrors.
// Order: CHROMIUM_PATH, /usr/bin/chromium, PATH, then apt-get (as root, or through `sudo -n`).
import { spawnSync } from 'node:child_process';
import { isExecutable, onPath } from './executables.mjs';

const PACKAGE = 'chromium';
const DEBIAN_PATH = '/usr/bin/chromium';

export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv))
      throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  if (isExecutable(DEBIAN_PATH)) return DEBIAN_PATH;
  return onPath('chromium', 'chromium-browser');
}

/** How apt-get can be run here: directly as root, through sudo without a password, or not at all. */
function aptRunner() {
  if (!isExecutable('/usr/bin/apt-get')) return undefined;
  if (process.getuid?.() === 0) return [];
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? ['sudo', '-n'] : undefined;
}

export function ensureChromium(log = console.log) {
  const found = findChromium();
  if (found) return found;
  const prefix = aptRunner();
  if (!prefix)
    throw new Error(
      `Chromium is needed by the browser tests and was not found. Install the Debian package ` +
        `"${PACKAGE}" (apt-get install -y ${PACKAGE}), or set CHROMIUM_PATH to a Chromium ` +
        `executable; apt-get could not be run here (not root, and no password-less sudo).`,
    );
  const run = (args) => {
    const [command, ...rest] = [...prefix, 'apt-get', ...args];
    const result = spawnSync(command, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0)
      throw new Error(
        `apt-get ${args.join(' ')} failed (exit ${result.status ?? result.signal}); install the ` +
          `Debian package "${PACKAGE}" yourself or set CHROMIUM_PATH.`,
      );
  };
  log(`Installing Chromium for the browser tests (the Debian package "${PACKAGE}")…`);
  run(['update']);
  run(['install', '-y', PACKAGE]);
  const installed = findChromium();
  if (!installed)
    throw new Error(`apt-get installed "${PACKAGE}" but no chromium executable was found.`);
  return installed;
}
