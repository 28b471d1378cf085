import type { ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';

/**
 * Streams a query's rows as a CSV download, from a database cursor a thousand rows at a time,
 * so a hundred thousand rows cost what a thousand do. `shape` turns each row into its line
 * (amounts into their currency's minor units, for instance).
 */
export async function streamCsv(
  db: DataSource,
  res: ServerResponse,
  file: { name: string; columns: string[] },
  query: { sql: string; params: unknown[] },
  shape: (row: Record<string, string>) => Record<string, string> = (row) => row,
): Promise<void> {
  const runner = db.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    const rows = client.query(new QueryStream(query.sql, query.params, { batchSize: 1000 }));
    res.statusCode = 200;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${file.name}"`);
    await pipeline(
      rows,
      new Transform({
        objectMode: true,
        transform(row: Record<string, string>, _encoding, done) {
          done(null, shape(row));
        },
      }),
      stringify({ header: true, columns: file.columns }),
      res,
    );
  } finally {
    await runner.release();
  }
}

/** The one rule for names in open data: a person appears as a private individual. */
export const PUBLIC_NAME = (alias: string) =>
  `CASE WHEN ${alias}.kind = 'PERSON' THEN 'Private individual' ELSE ${alias}.name END`;
