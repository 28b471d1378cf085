import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../data-source-options';

/** Applies pending migrations (`npm run migrate`); `--revert` undoes the last one. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must be set to run migrations');
  const dataSource = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    if (process.argv.includes('--revert')) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('Reverted the last migration.\n');
    } else {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      process.stdout.write(`Migrations: ${applied.length} applied, database up to date.\n`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`Migration failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
