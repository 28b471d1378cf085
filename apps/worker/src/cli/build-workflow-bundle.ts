import { bundleWorkflowCode } from '@temporalio/worker';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { workflowBundleOptions } from '@codev/temporal';
import { PROJECT_ROOT } from '../workflow-worker.service';

/** Pre-builds the workflow bundle the worker runs in production (WORKFLOW_BUNDLE_PATH). */
async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(PROJECT_ROOT),
    logger: undefined,
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  process.stdout.write(
    `Workflow bundle written to ${out} (${Math.round(code.length / 1024)} KiB)\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(
    `Bundling workflows failed: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exitCode = 1;
});
