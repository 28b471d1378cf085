import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@codev/persistence';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.CODEV_TEST_PG_ADMIN_URL;
  if (!url) throw new Error('CODEV_TEST_PG_ADMIN_URL is unset: run the suites through `npm test`');
  return url;
}

/** A fresh database on the run's PostgreSQL, migrated with the real migrations. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `codev_${randomBytes(6).toString('hex')}`;
  const admin = new Client(adminUrl());
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = adminUrl().replace(/\/postgres$/, `/${name}`);
  const dataSource = await new DataSource(dataSourceOptions(url, 4)).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    url,
    dataSource,
    async drop() {
      await dataSource.destroy();
      const c = new Client(adminUrl());
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
