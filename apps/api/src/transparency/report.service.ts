import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { atMinorUnits } from '@codev/domain';
import { DAC_PURPOSE_CODE } from '@codev/domain/iati/iati-codes';
import {
  FundingDimension,
  type FundingReportInput,
  type FundingRow,
  PortfolioDimension,
  type PortfolioReportInput,
  type PortfolioRow,
  type ReportGroup,
  type ReportScopeInput,
} from './report.model';

/** Each dimension's column, under the name of its field in ReportGroup: a closed list, never input. */
const PORTFOLIO_COLUMNS: Record<PortfolioDimension, [string, keyof ReportGroup]> = {
  PROGRAMME: ['p.key', 'programmeKey'],
  SUBMISSION_YEAR: ['a.submitted_year', 'year'],
  STATUS: ['a.status', 'status'],
  COUNTRY: ['a.country_code', 'countryCode'],
  SUBDIVISION: ['a.subdivision_code', 'subdivisionCode'],
  MUNICIPALITY: ['a.municipality_code', 'municipalityCode'],
  SECTOR: ['a.sector', 'sector'],
  DAC_SECTOR: ['coalesce(a.dac_purpose, dac.code)', 'dacSector'],
};
const FUNDING_COLUMNS: Record<FundingDimension, [string, keyof ReportGroup]> = {
  PROGRAMME: ['p.key', 'programmeKey'],
  YEAR: [`extract(year FROM t.occurred_at)::int`, 'year'],
  FUNDER_ROLE: ['lp.party_role', 'funderRole'],
  FUNDER_LEVEL: ['coalesce(o.government_level, o.kind)', 'funderLevel'],
  SECTOR: ['a.sector', 'sector'],
  DAC_SECTOR: ['coalesce(a.dac_purpose, dac.code)', 'dacSector'],
};

const EMPTY_GROUP: ReportGroup = {
  programmeKey: null,
  year: null,
  status: null,
  countryCode: null,
  subdivisionCode: null,
  municipalityCode: null,
  sector: null,
  dacSector: null,
  funderRole: null,
  funderLevel: null,
};

type Columns = [string, keyof ReportGroup][];
const select = (columns: Columns) => columns.map(([sql, name]) => `${sql} AS "${name}"`);
const groupOf = (row: Record<string, unknown>, columns: Columns): ReportGroup => ({
  ...EMPTY_GROUP,
  ...Object.fromEntries(columns.map(([, name]) => [name, row[name] ?? null])),
});
/** The shared taxonomy: each engine sector's OECD DAC purpose code, joined as a table ($4, $5). */
const DAC = [Object.keys(DAC_PURPOSE_CODE), Object.values(DAC_PURPOSE_CODE)];
const scope = (s: ReportScopeInput) => [
  s.programmeKey ?? null,
  s.fromYear ?? null,
  s.toYear ?? null,
  ...DAC,
];

/**
 * The portfolio in figures, from the engine's own rows: one SQL statement per report, grouped
 * by what the caller names (seed 001's tables: projects by type and year, places taking part
 * per year; investment by funder level per year). Aggregates only: no person is named.
 */
@Injectable()
export class ReportService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async portfolio(input: PortfolioReportInput): Promise<PortfolioRow[]> {
    const columns = input.groupBy.map((d) => PORTFOLIO_COLUMNS[d]);
    const by = columns.map(([sql]) => sql).join(', ');
    // Counts per group over every currency; amounts per group and currency: one statement.
    const rows = (await this.db.query(
      `SELECT ${select(columns).join(', ')}, a.currency, GROUPING(a.currency) AS "allCurrencies",
              count(*)::int AS applications, count(DISTINCT a.applicant_id)::int AS applicants,
              count(DISTINCT a.subdivision_code)::int AS subdivisions,
              count(DISTINCT a.municipality_code)::int AS municipalities,
              trim_scale(sum(a.total_amount))::text AS amount
         FROM application a JOIN programme p ON p.id = a.programme_id
         LEFT JOIN unnest($4::text[], $5::text[]) AS dac(sector, code) ON dac.sector = a.sector
        WHERE ($1::text IS NULL OR p.key = $1)
          AND ($2::int IS NULL OR a.submitted_year >= $2) AND ($3::int IS NULL OR a.submitted_year <= $3)
        GROUP BY GROUPING SETS ((${by}), (${by}, a.currency))
        ORDER BY ${by}, a.currency NULLS FIRST`,
      scope(input),
    )) as (Record<string, unknown> & {
      currency: string | null;
      allCurrencies: number;
      applications: number;
      applicants: number;
      subdivisions: number;
      municipalities: number;
      amount: string;
    })[];
    const out: PortfolioRow[] = [];
    for (const row of rows) {
      if (row.allCurrencies === 1) {
        out.push({
          group: groupOf(row, columns),
          applications: row.applications,
          applicants: row.applicants,
          subdivisions: row.subdivisions,
          municipalities: row.municipalities,
          totalAmount: [],
        });
      } else {
        const currency = row.currency!;
        out.at(-1)!.totalAmount.push({ amount: atMinorUnits(row.amount, currency), currency });
      }
    }
    return out;
  }

  async funding(input: FundingReportInput): Promise<FundingRow[]> {
    const columns = input.groupBy.map((d) => FUNDING_COLUMNS[d]);
    const by = columns.map(([sql]) => sql).join(', ');
    const rows = (await this.db.query(
      `SELECT ${select(columns).join(', ')}, lp.currency,
              trim_scale(coalesce(sum(lp.amount) FILTER (WHERE lp.account ~ '^application:[^:]+:committed:'), 0))::text AS committed,
              trim_scale(coalesce(sum(lp.amount) FILTER (WHERE lp.account ~ '^application:[^:]+:disbursed:'), 0))::text AS disbursed,
              count(DISTINCT lp.application_id)::int AS applications
         FROM ledger_posting lp
         JOIN ledger_transaction t ON t.id = lp.transaction_id
         JOIN application a ON a.id = lp.application_id
         JOIN programme p ON p.id = a.programme_id
         LEFT JOIN organisation o ON o.id = lp.organisation_id
         LEFT JOIN unnest($4::text[], $5::text[]) AS dac(sector, code) ON dac.sector = a.sector
        WHERE lp.amount > 0 AND lp.account ~ '^application:[^:]+:(committed|disbursed):'
          AND ($1::text IS NULL OR p.key = $1)
          AND ($2::int IS NULL OR extract(year FROM t.occurred_at) >= $2)
          AND ($3::int IS NULL OR extract(year FROM t.occurred_at) <= $3)
        GROUP BY ${by}, lp.currency
        ORDER BY ${by}, lp.currency`,
      scope(input),
    )) as (Record<string, unknown> & {
      currency: string;
      committed: string;
      disbursed: string;
      applications: number;
    })[];
    return rows.map((row) => ({
      group: groupOf(row, columns),
      currency: row.currency,
      committed: atMinorUnits(row.committed, row.currency),
      disbursed: atMinorUnits(row.disbursed, row.currency),
      applications: row.applications,
    }));
  }
}
