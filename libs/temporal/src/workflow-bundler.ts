import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

/**
 * Options to bundle `workflows/src` from TypeScript sources. The bundler (webpack) knows
 * nothing of tsconfig `paths`, so the same aliases are handed to it here, read from
 * tsconfig.json so the two can never disagree.
 */
export function workflowBundleOptions(
  projectRoot: string,
): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook' | 'preloadModules'> {
  const tsconfig = JSON.parse(readFileSync(join(projectRoot, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const alias: Record<string, string> = {};
  for (const [pattern, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    if (!pattern.endsWith('/*')) alias[`${pattern}$`] = join(projectRoot, target);
    else alias[pattern.slice(0, -2)] = join(projectRoot, target.slice(0, -2));
  }
  return {
    workflowsPath: join(projectRoot, 'workflows', 'src', 'index.ts'),
    // Loaded once per worker thread and shared by every workflow instead of evaluated again
    // for each one (with zod and decimal.js, which they import). They keep no state of their
    // own between calls — the SDK freezes shared modules, so one that tried would fail loudly.
    preloadModules: [
      '@codev/engine/runner/procedure-run',
      '@codev/engine/stages/registry',
      '@codev/engine/contract/application.contract',
      '@codev/engine/contract/call.contract',
      '@codev/engine/contract/search-attributes',
    ],
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...alias } },
    }),
  };
}

/** The folder holding tsconfig.json and workflows/, found upwards from `from` (source or dist). */
export function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'tsconfig.json')) && existsSync(join(dir, 'workflows'))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`No project root (tsconfig.json + workflows/) above ${from}`);
  }
}
