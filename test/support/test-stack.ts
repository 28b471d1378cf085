import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../../apps/api/src/app.module';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { WorkflowWorker } from '../../apps/worker/src/workflow-worker.service';
import { createTestDatabase, TestDatabase } from './test-database';
import { TEST_JWT_SECRET } from './tokens';

export interface TestStack {
  url: string;
  db: TestDatabase;
  app: INestApplication;
  /** Starts the real worker (bundling workflows from source) on this stack's task queue. */
  startWorker(): Promise<void>;
  /** Shuts the worker down (in-flight tasks drain or are retried by the next worker). */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real API on a random port, over a fresh migrated database and the run's Temporal
 * server, with (optionally) the real worker polling a task queue of its own.
 */
export async function startTestStack(
  options: { worker?: boolean; rateLimitPerMinute?: number } = {},
): Promise<TestStack> {
  const db = await createTestDatabase();
  Object.assign(process.env, {
    // Off unless a suite tests it: the suites' own polling and bursts are what they test.
    RATE_LIMIT_PER_MINUTE: String(options.rateLimitPerMinute ?? 0),
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '4',
    JWT_SECRET: TEST_JWT_SECRET,
    TEMPORAL_TASK_QUEUE: `test-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
  });
  delete process.env.WORKFLOW_BUNDLE_PATH;
  // CODEV_TEST_LOGS=1 shows the API's errors when a test needs explaining.
  const logger = process.env.CODEV_TEST_LOGS === '1' ? (['error', 'warn'] as const) : false;
  const app = await NestFactory.create(AppModule, {
    logger: logger ? [...logger] : false,
    abortOnError: false,
  });
  await app.listen(0, '127.0.0.1');
  const url = `${(await app.getUrl()).replace('[::1]', 'localhost')}`;

  let worker: { worker: Worker; connection: NativeConnection; running: Promise<void> } | undefined;
  let workerApp: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | undefined;
  const startWorker = async () => {
    workerApp = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    const created = await workerApp.get(WorkflowWorker).create();
    worker = { ...created, running: created.worker.run() };
  };
  const stopWorker = async () => {
    if (worker) {
      worker.worker.shutdown();
      await worker.running;
      await worker.connection.close();
      worker = undefined;
    }
    await workerApp?.close();
    workerApp = undefined;
  };
  if (options.worker) await startWorker();
  return {
    url,
    db,
    app,
    startWorker,
    stopWorker,
    async close() {
      await stopWorker();
      await app.close();
      await db.drop();
    },
  };
}
