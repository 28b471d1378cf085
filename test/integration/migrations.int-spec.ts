import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('go down and up again cleanly', async () => {
    const tables = async () =>
      (
        await db.dataSource.query(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
        )
      ).map((r: { tablename: string }) => r.tablename);
    const migrated = await tables();
    expect(migrated).toEqual(
      expect.arrayContaining([
        'jurisdiction',
        'organisation',
        'programme_version',
        'application',
        'ledger_posting',
      ]),
    );
    while ((await db.dataSource.query('SELECT count(*)::int AS n FROM migrations'))[0].n > 0) {
      await db.dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await tables()).toEqual(['migrations']);
    await db.dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(migrated);
  });

  it('enforce the organisation rules in the database too', async () => {
    await db.dataSource.query(
      `INSERT INTO jurisdiction (code, name, kind, country_code) VALUES ('MX', 'México', 'COUNTRY', 'MX')`,
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO organisation (name, name_key, kind, country_of_residence, created_by) VALUES ('X', 'x', 'GOVERNMENT_BODY', 'MX', 't')`,
      ),
    ).rejects.toThrow(/organisation_level_chk|organisation_governs_chk/);
    await expect(
      db.dataSource.query(
        `INSERT INTO jurisdiction (code, name, kind, country_code) VALUES ('MX-ZAC', 'Zacatecas', 'SUBDIVISION', 'MX')`,
      ),
    ).rejects.toThrow(/jurisdiction_parent_chk/);
  });
});
