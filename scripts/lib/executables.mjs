// Finding programs the project runs (the Temporal CLI and server, Go, Chromium). Only Node
// builtins: this runs before anything is installed.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of `names` found executable in a folder of PATH, or undefined. */
export function onPath(...names) {
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    for (const name of names) if (dir && isExecutable(join(dir, name))) return join(dir, name);
  return undefined;
}
