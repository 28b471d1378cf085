#!/usr/bin/env node
// `npm run bench [-- <name>…]`: runs the benches, each in a process of its own with a stack of
// its own (or the services named by DATABASE_URL / TEMPORAL_ADDRESS / API_URL), and says what
// machine the figures come from. Names: organisation-list, applications, lifecycle, burst (the
// default set, in that order) and worker-settings (long; run it by name). See docs/performance.md.
import { spawnSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTemporalCli } from '../scripts/lib/temporal-cli.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT = ['organisation-list', 'applications', 'lifecycle', 'burst'];
const KNOWN = [...DEFAULT, 'worker-settings'];
const names = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT;
const unknown = names.filter((n) => !KNOWN.includes(n));
if (unknown.length) {
  console.error(`unknown bench ${unknown.join(', ')}; known: ${KNOWN.join(', ')}`);
  process.exit(2);
}

const cli = process.env.TEMPORAL_ADDRESS ? null : findTemporalCli(join(here, '..'));
const temporalVersion = cli
  ? spawnSync(cli, ['--version'], { encoding: 'utf8' }).stdout.trim()
  : `external (${process.env.TEMPORAL_ADDRESS})`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory ` +
    `(${(freemem() / 2 ** 30).toFixed(1)} free); Node ${process.version}; ${temporalVersion}; load average ${load()}`,
);
if (loadavg()[0] > cpus().length * 0.5)
  console.log('  !! the machine is busy: figures will be noisy (preliminary)');

const failed = [];
for (const name of names) {
  console.log(`\n=== ${name} (load average ${load()})`);
  const r = spawnSync(process.execPath, [join(here, `${name}.bench.mjs`)], {
    stdio: 'inherit',
    env: process.env,
  });
  if (r.status !== 0) failed.push(name);
}
console.log(`\nload average at the end: ${load()}`);
if (failed.length) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
