'use strict';
// The V8 heap bounds the API and the worker run under, from package.json's `config.heap` (the
// `start:api` and `start:worker` scripts pass the same). Node grows its heaps lazily where
// memory is plentiful: under a burst of 64 submissions at once the two reached about 950 MiB
// together unbounded, and stayed under 600 MiB bounded, losing nothing (docs/performance.md).
// CommonJS so the start script, the bench and the tests' process helpers share it.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * The heap flags to start an API or worker process with. A flag NODE_OPTIONS names already is
 * left out: flags on the command line win over NODE_OPTIONS, and an operator's own setting
 * must win over the default. CODEV_NODE_HEAP=unbounded leaves Node's defaults.
 */
function heapFlags(root, env = process.env) {
  if (env.CODEV_NODE_HEAP === 'unbounded') return [];
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // V8 reads --max_old_space_size and --max-old-space-size alike.
  const name = (flag) => flag.split('=')[0].replace(/_/g, '-');
  const own = (env.NODE_OPTIONS ?? '').split(/\s+/).map(name);
  return String(pkg.config?.heap ?? '')
    .split(/\s+/)
    .filter((f) => f && !own.includes(name(f)));
}

module.exports = { heapFlags };
