import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { join } from 'node:path';
import { workflowBundleOptions } from '@codev/temporal';

const ROOT = join(__dirname, '..', '..');

describe('workflow bundle', () => {
  it('bundles the engine workflows from source, path aliases included', async () => {
    const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(ROOT), logger: silent });
    expect(code.length).toBeGreaterThan(1000);
  });

  it('resolves @codev/* aliases and runs the bundled code on the real Temporal server', async () => {
    const options = workflowBundleOptions(ROOT);
    const bundle = await bundleWorkflowCode({
      ...options,
      workflowsPath: join(ROOT, 'test', 'fixtures', 'workflows', 'alias-probe.workflow.ts'),
      logger: silent,
    });
    expect(bundle.code).toContain('is not a jurisdiction code'); // libs/domain made it in

    const address = process.env.TEMPORAL_ADDRESS!;
    const taskQueue = `bundle-${Date.now()}`;
    const connection = await NativeConnection.connect({ address });
    const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle });
    const clientConnection = await Connection.connect({ address });
    try {
      const result = await worker.runUntil(
        new Client({ connection: clientConnection }).workflow.execute('aliasProbeWorkflow', {
          taskQueue,
          workflowId: `alias-probe-${taskQueue}`,
          args: ['MX-ZAC-020'],
        }),
      );
      expect(result).toBe('MUNICIPALITY in MX');
    } finally {
      await clientConnection.close();
      await connection.close();
    }
  });
});

const noop = () => undefined;
const silent = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop };
