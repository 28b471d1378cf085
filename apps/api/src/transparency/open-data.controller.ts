import { Controller, Get, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ServerResponse } from 'node:http';
import { DataSource } from 'typeorm';
import { atMinorUnits } from '@codev/domain';
import { DAC_PURPOSE_CODE } from '@codev/domain/iati/iati-codes';
import { PUBLIC_NAME, streamCsv } from './csv-stream';

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

const LEDGER_COLUMNS = [
  'occurred_on',
  'kind',
  'description',
  'application',
  'role',
  'organisation',
  'account',
  'amount',
  'currency',
  'base_amount',
  'base_currency',
  'rate',
  'rate_source',
];
const RESULT_COLUMNS = [
  'rank',
  'title',
  'applicant',
  'status',
  'total_score',
  'requested',
  'granted',
  'currency',
];

/**
 * Open data, streamed (csv-stream.ts): a programme's applications, its ledger postings, a
 * call's published results. The same privacy rule as everywhere public: a person appears as a
 * private individual, never by name.
 */
@Controller('exports')
export class OpenDataController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('applications.csv')
  async applications(
    @Query('programme') programmeKey: string | undefined,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const programme = await this.programme(programmeKey);
    await streamCsv(
      this.db,
      res,
      { name: `${programmeKey}-applications.csv`, columns: COLUMNS },
      {
        sql: `SELECT a.id, p.key AS programme, v.version, a.title, a.sector, coalesce(a.dac_purpose, dac.code) AS dac_sector,
                     a.country_code AS country, a.subdivision_code AS subdivision,
                     a.municipality_code AS municipality, a.status,
                     to_char(a.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS submitted_on,
                     trim_scale(a.total_amount)::text AS total_amount, a.currency,
                     ${PUBLIC_NAME('o')} AS applicant
                FROM application a
                JOIN programme p ON p.id = a.programme_id
                JOIN programme_version v ON v.id = a.programme_version_id
                JOIN organisation o ON o.id = a.applicant_id
                LEFT JOIN unnest($2::text[], $3::text[]) AS dac(sector, code) ON dac.sector = a.sector
               WHERE a.programme_id = $1
               ORDER BY a.submitted_at, a.id`,
        params: [programme, Object.keys(DAC_PURPOSE_CODE), Object.values(DAC_PURPOSE_CODE)],
      },
      // Amounts as everywhere in the API: in their currency's minor units ("100000.00").
      (row) => ({ ...row, total_amount: atMinorUnits(row.total_amount, row.currency) }),
    );
  }

  /** Every posting of a programme's applications: who committed, paid or got back what, when. */
  @Get('ledger.csv')
  async ledger(
    @Query('programme') programmeKey: string | undefined,
    @Res() res: ServerResponse,
  ): Promise<void> {
    const programme = await this.programme(programmeKey);
    await streamCsv(
      this.db,
      res,
      { name: `${programmeKey}-ledger.csv`, columns: LEDGER_COLUMNS },
      {
        sql: `SELECT to_char(t.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS occurred_on, t.kind,
                     t.description, a.id AS application, l.party_role AS role,
                     ${PUBLIC_NAME('o')} AS organisation, l.account,
                     trim_scale(l.amount)::text AS amount, l.currency,
                     trim_scale(l.base_amount)::text AS base_amount, l.base_currency,
                     l.rate::text AS rate, l.rate_source
                FROM application a
                JOIN ledger_posting l ON l.application_id = a.id
                JOIN ledger_transaction t ON t.id = l.transaction_id
                LEFT JOIN organisation o ON o.id = l.organisation_id
               WHERE a.programme_id = $1
               ORDER BY t.occurred_at, l.id`,
        params: [programme],
      },
      (row) => ({
        ...row,
        amount: atMinorUnits(row.amount, row.currency),
        base_amount: row.base_amount && atMinorUnits(row.base_amount, row.base_currency),
      }),
    );
  }

  /** A call's results once published (from its provisional resolution on): rank, score, grant. */
  @Get('calls/:key/results.csv')
  async callResults(@Param('key') key: string, @Res() res: ServerResponse): Promise<void> {
    const [call] = (await this.db.query(`SELECT id, status FROM call WHERE key = $1`, [key])) as {
      id: string;
      status: string;
    }[];
    if (!call) throw new NotFoundException(`No call ${key}`);
    if (!['PROVISIONAL', 'RESOLVED'].includes(call.status))
      throw new NotFoundException(
        `Call ${key} is ${call.status}: its results are published with its provisional resolution`,
      );
    await streamCsv(
      this.db,
      res,
      { name: `${key}-results.csv`, columns: RESULT_COLUMNS },
      {
        sql: `SELECT s.rank, a.title, ${PUBLIC_NAME('o')} AS applicant, s.status,
                     s.total_score::text AS total_score, trim_scale(s.requested_amount)::text AS requested,
                     trim_scale(s.granted)::text AS granted, a.currency
                FROM selection_entry s
                JOIN application a ON a.id = s.application_id
                JOIN organisation o ON o.id = a.applicant_id
               WHERE s.call_id = $1
               ORDER BY s.rank NULLS LAST, a.submitted_at, a.id`,
        params: [call.id],
      },
      (row) => ({
        ...row,
        requested: atMinorUnits(row.requested, row.currency),
        granted: row.granted && atMinorUnits(row.granted, row.currency),
      }),
    );
  }

  private async programme(key: string | undefined): Promise<string> {
    const [found] = key
      ? ((await this.db.query(`SELECT id FROM programme WHERE key = $1`, [key])) as {
          id: string;
        }[])
      : [];
    if (!found)
      throw new NotFoundException(`Name a programme: ?programme=<key> (no programme ${key ?? ''})`);
    return found.id;
  }
}
