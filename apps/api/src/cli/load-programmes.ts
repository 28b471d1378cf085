import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { resolve } from 'node:path';
import { ProgrammeService } from '../programmes/programme.service';
import { DirectiveService } from '../calls/directive.service';
import { AgreementService } from '../agreements/agreement.service';
import { loadAgreementFiles } from './agreement-files';
import { loadIndicatorFiles } from './indicator-files';
import { JurisdictionIndicatorService } from '../jurisdictions/indicators/jurisdiction-indicator.service';
import { loadDirectiveFiles, loadProgrammeFiles } from './programme-files';
import { SeedModule } from './seed.module';

/**
 * `npm run programmes:load [programmes folder] [directives folder]`: loads the published
 * indicators of jurisdictions (`indicators/` beside the programmes), the agreements of
 * the `agreements` folder beside the programmes (programmes may run under their components),
 * then publishes the programme definitions that changed and the directives not yet published.
 */
async function main(): Promise<void> {
  const folder = resolve(process.argv[2] ?? 'programmes');
  const directivesFolder = process.argv[3] ? resolve(process.argv[3]) : undefined;
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    const results = [
      // Indicators of places first: programmes and calls may target by them.
      ...(await loadIndicatorFiles(
        resolve(folder, '..', 'indicators'),
        app.get(JurisdictionIndicatorService),
      )),
      ...(await loadAgreementFiles(resolve(folder, '..', 'agreements'), app.get(AgreementService))),
      ...(await loadProgrammeFiles(folder, app.get(ProgrammeService))),
      ...(directivesFolder
        ? await loadDirectiveFiles(directivesFolder, app.get(DirectiveService))
        : []),
    ];
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
