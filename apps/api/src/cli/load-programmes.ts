import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { resolve } from 'node:path';
import { ProgrammeService } from '../programmes/programme.service';
import { loadProgrammeFiles } from './programme-files';
import { SeedModule } from './seed.module';

/** `npm run programmes:load [folder]`: publishes the definitions of programmes/ that changed. */
async function main(): Promise<void> {
  const folder = resolve(process.argv[2] ?? 'programmes');
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    const results = await loadProgrammeFiles(folder, app.get(ProgrammeService));
    for (const r of results) {
      process.stdout.write(`${r.published ? 'published' : 'unchanged'}  ${r.key}  (${r.file})\n`);
    }
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(
    `Loading programmes failed: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exitCode = 1;
});
