import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JurisdictionService } from '../jurisdictions/jurisdiction.service';
import { OrganisationService } from '../organisations/organisation.service';
import { ExchangeRateService } from '../rates/exchange-rate.service';
import { DemoParties, loadDemoParties, loadExchangeRates } from './demo-loader';
import { SeedModule } from './seed.module';

/** `node dist/apps/api/src/cli/seed-demo.js <demo folder>`: loads demo/parties.json. */
async function main(): Promise<void> {
  const folder = resolve(process.argv[2] ?? 'demo');
  const data = JSON.parse(readFileSync(join(folder, 'parties.json'), 'utf8')) as DemoParties;
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    const created = await loadDemoParties(
      data,
      app.get(JurisdictionService),
      app.get(OrganisationService),
    );
    const rates = await loadExchangeRates(
      join(folder, 'exchange-rates.json'),
      app.get(ExchangeRateService),
    );
    process.stdout.write(
      `Demo data: ${created.jurisdictions} jurisdictions and ${created.organisations} organisations added ` +
        `(${data.jurisdictions.length} and ${data.organisations.length} in the file); ${rates} exchange rates.\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`Loading demo data failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
