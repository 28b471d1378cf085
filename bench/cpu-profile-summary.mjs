#!/usr/bin/env node
// Where a process spent its CPU: self time of a V8 CPU profile (BENCH_CPU_PROF=<dir> makes the
// API and worker write one when they stop), grouped by package or by source folder of ours.
//   node bench/cpu-profile-summary.mjs <file.cpuprofile> [top=20]
import { readFileSync } from 'node:fs';

const [file, top = '20'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/cpu-profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMicros = new Map();
const deltas = profile.timeDeltas ?? [];
profile.samples.forEach((id, i) =>
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (deltas[i] ?? 0)),
);

/** The package (node_modules/<name>), our folder (apps/api/…, libs/…), node internals, or V8's own. */
function groupOf(node) {
  const url = node.callFrame.url ?? '';
  const name = node.callFrame.functionName;
  if (!url) return name.startsWith('(') ? name : `(native) ${name || 'anonymous'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const ours = /\/(?:dist\/)?((?:apps|libs|workflows)\/[^/]+(?:\/src\/[^/]+)?)/.exec(url);
  return ours ? ours[1] : url;
}

const groups = new Map();
const functions = new Map();
let total = 0;
for (const [id, micros] of selfMicros) {
  const node = byId.get(id);
  total += micros;
  const g = groupOf(node);
  groups.set(g, (groups.get(g) ?? 0) + micros);
  const f = `${node.callFrame.functionName || '(anonymous)'}  ${(node.callFrame.url ?? '').replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(apps|libs|workflows)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
  functions.set(f, (functions.get(f) ?? 0) + micros);
}
const idle = (groups.get('(idle)') ?? 0) + (groups.get('(program)') ?? 0);
const busy = total - (groups.get('(idle)') ?? 0);
console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s not idle`,
);
const print = (title, map) => {
  console.log(`\n${title} (share of non-idle time):`);
  for (const [k, v] of [...map]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(top)))
    console.log(`  ${((v / busy) * 100).toFixed(1).padStart(5)}%  ${k}`);
};
print('by package or folder', groups);
print('by function', functions);
void idle;
