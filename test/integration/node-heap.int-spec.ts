import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { heapFlags } = require('../../scripts/lib/node-heap.cjs') as {
  heapFlags: (root: string, env: NodeJS.ProcessEnv) => string[];
};

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  config: { heap: string };
  scripts: Record<string, string>;
};

/** The heap limit, in MiB, of a Node process started with these flags and environment. */
function heapLimitMiB(flags: string[], env: NodeJS.ProcessEnv = {}): number {
  const out = execFileSync(
    process.execPath,
    [...flags, '-p', 'require("v8").getHeapStatistics().heap_size_limit'],
    { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' },
  );
  return Number(out) / 2 ** 20;
}

describe('the API and worker heap bounds (scripts/lib/node-heap.cjs)', () => {
  it('gives the API and worker the bound package.json names, as the npm scripts do', () => {
    const flags = heapFlags(ROOT, {});
    expect(flags.join(' ')).toBe(pkg.config.heap);
    expect(flags.some((f) => f.startsWith('--max-old-space-size='))).toBe(true);
    const limit = heapLimitMiB(flags);
    expect(limit).toBeLessThan(400);
    // Unbounded, Node sizes the heap from the machine's memory: far above the bound.
    expect(heapLimitMiB([])).toBeGreaterThan(limit * 2);
    for (const script of ['start:api', 'start:worker'])
      expect(pkg.scripts[script]).toMatch(/^node \$npm_package_config_heap dist\//);
  });

  it("leaves out a flag the operator's NODE_OPTIONS sets, so the operator's value counts", () => {
    const env = { NODE_OPTIONS: '--max-old-space-size=1024' };
    const flags = heapFlags(ROOT, env);
    expect(flags.some((f) => f.startsWith('--max-old-space-size'))).toBe(false);
    expect(flags.some((f) => f.startsWith('--max-semi-space-size'))).toBe(true);
    expect(heapLimitMiB(flags, env)).toBeGreaterThan(1024);
    // V8's other spelling of the same flag counts as the same flag.
    const underscored = heapFlags(ROOT, { NODE_OPTIONS: '--max_old_space_size=1024' });
    expect(underscored.some((f) => f.startsWith('--max-old-space-size'))).toBe(false);
  });

  it('passes nothing when CODEV_NODE_HEAP=unbounded', () => {
    expect(heapFlags(ROOT, { CODEV_NODE_HEAP: 'unbounded' })).toEqual([]);
  });
});
