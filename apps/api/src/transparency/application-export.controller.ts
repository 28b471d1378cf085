import { Controller, Get, NotFoundException, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import type { ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { atMinorUnits } from '@codev/domain';
import { DAC_PURPOSE_CODE } from '@codev/domain/iati/iati-codes';

/** The columns of the export, in order; one line per application. */
const COLUMNS = [
  'id',
  'programme',
  'version',
  'title',
  'sector',
  'dac_sector',
  'country',
  'subdivision',
  'municipality',
  'status',
  'submitted_on',
  'total_amount',
  'currency',
  'applicant',
];

/**
 * Open data: a programme's applications as CSV, streamed from a database cursor a thousand
 * rows at a time, so a hundred thousand rows cost what a thousand do. The same privacy rule as
 * everywhere public: a person who applies appears as a private individual, never by name.
 */
@Controller('exports')
export class ApplicationExportController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('applications.csv')
  async applications(
    @Query('programme') programmeKey: string | undefined,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const [programme] = programmeKey
      ? ((await this.db.query(`SELECT id FROM programme WHERE key = $1`, [programmeKey])) as {
          id: string;
        }[])
      : [];
    if (!programme)
      throw new NotFoundException(
        `Name a programme: ?programme=<key> (no programme ${programmeKey ?? ''})`,
      );
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const rows = client.query(
        new QueryStream(
          `SELECT a.id, p.key AS programme, v.version, a.title, a.sector, dac.code AS dac_sector,
                  a.country_code AS country, a.subdivision_code AS subdivision,
                  a.municipality_code AS municipality, a.status,
                  to_char(a.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS submitted_on,
                  trim_scale(a.total_amount)::text AS total_amount, a.currency,
                  CASE WHEN o.kind = 'PERSON' THEN 'Private individual' ELSE o.name END AS applicant
             FROM application a
             JOIN programme p ON p.id = a.programme_id
             JOIN programme_version v ON v.id = a.programme_version_id
             JOIN organisation o ON o.id = a.applicant_id
             LEFT JOIN unnest($2::text[], $3::text[]) AS dac(sector, code) ON dac.sector = a.sector
            WHERE a.programme_id = $1
            ORDER BY a.submitted_at, a.id`,
          [programme.id, Object.keys(DAC_PURPOSE_CODE), Object.values(DAC_PURPOSE_CODE)],
          { batchSize: 1000 },
        ),
      );
      res.statusCode = 200;
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader(
        'content-disposition',
        `attachment; filename="${programmeKey}-applications.csv"`,
      );
      await pipeline(
        rows,
        // Amounts as everywhere in the API: in their currency's minor units ("100000.00").
        new Transform({
          objectMode: true,
          transform(row: Record<string, string>, _encoding, done) {
            done(null, { ...row, total_amount: atMinorUnits(row.total_amount, row.currency) });
          },
        }),
        stringify({ header: true, columns: COLUMNS }),
        res,
      );
    } finally {
      await runner.release();
    }
  }
}
