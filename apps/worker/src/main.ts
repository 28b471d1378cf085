import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';
import { WorkflowWorker } from './workflow-worker.service';

/** Temporal's runtime turns SIGINT/SIGTERM into a graceful worker shutdown; run() then returns. */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  try {
    await app.get(WorkflowWorker).run();
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`Worker failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
