import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@codev/config';
import type { FundingSplit } from '@codev/domain';
import {
  IATI_FILE_CLOSING,
  type IatiActivity,
  iatiActivityXml,
  iatiFileOpening,
  type IatiParty,
  type ReportingOrg,
} from './iati-activities';

/** Activities read and written at a time: the file's memory is a page's, whatever its size. */
const PAGE = 500;

type Programme = { id: string; name: string };
/** Where a page ends: the submission instant as text (exact to the microsecond) and the id. */
type Cursor = { at: string; id: string };

/**
 * IATI 2.03 activity files: a programme's applications as activities, a page at a time (by
 * submission, keyset), each page read in four statements whatever its size (applications,
 * parties, ledger transactions, indicators).
 */
@Injectable()
export class IatiService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * The programme's activity file in pieces; or why there is none: no programme has this key,
   * or it has no project yet (an IATI file holds at least one activity).
   */
  async programmeFile(
    programmeKey: string,
    { pageSize = PAGE, generatedAt = new Date() } = {},
  ): Promise<AsyncIterable<string> | { missing: string }> {
    const [programme] = (await this.db.query(
      `SELECT p.id, p.name, EXISTS (SELECT 1 FROM application a WHERE a.programme_id = p.id) AS "hasProjects"
         FROM programme p WHERE p.key = $1`,
      [programmeKey],
    )) as (Programme & { hasProjects: boolean })[];
    if (!programme) return { missing: `No programme has the key ${programmeKey}` };
    if (!programme.hasProjects)
      return {
        missing: `Programme ${programmeKey} has no projects to publish yet: an IATI file holds at least one activity`,
      };
    return this.pieces(programme, pageSize, generatedAt);
  }

  private async *pieces(
    programme: Programme,
    pageSize: number,
    generatedAt: Date,
  ): AsyncIterable<string> {
    const reporting: ReportingOrg = {
      ref: this.config.IATI_REPORTING_ORG_REF,
      name: this.config.IATI_REPORTING_ORG_NAME,
      type: '90',
    };
    yield iatiFileOpening(generatedAt);
    for (let after: Cursor | null = null; ;) {
      const page = await this.page(programme, pageSize, after);
      if (!page.last) break;
      yield page.activities.map((a) => iatiActivityXml(reporting, a)).join('');
      after = page.last;
    }
    yield IATI_FILE_CLOSING;
  }

  /** The page of activities submitted after `after`; `last` is null when there are none. */
  private async page(
    programme: Programme,
    pageSize: number,
    after: Cursor | null,
  ): Promise<{ activities: IatiActivity[]; last: Cursor | null }> {
    const apps = (await this.db.query(
      `SELECT a.id AS "applicationId", a.title, a.status, a.sector, a.dac_purpose AS "dacPurpose",
              a.currency, a.country_code AS "countryCode",
              to_char(a.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "submittedOn",
              to_char(a.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "closedOn",
              a.funding_split AS "fundingSplit", a.applicant_id AS "applicantId",
              to_char(greatest(a.submitted_at, a.closed_at,
                (SELECT max(t.occurred_at) FROM ledger_transaction t WHERE t.application_id = a.id))
                AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "lastUpdated",
              a.submitted_at::text AS "cursorAt"
         FROM application a
        WHERE a.programme_id = $1 AND ($2::timestamptz IS NULL OR (a.submitted_at, a.id) > ($2, $3::uuid))
        ORDER BY a.submitted_at, a.id LIMIT $4`,
      [programme.id, after?.at ?? null, after?.id ?? null, pageSize],
    )) as (Omit<IatiActivity, 'parties' | 'transactions' | 'programmeName' | 'results'> & {
      fundingSplit: FundingSplit;
      applicantId: string;
      cursorAt: string;
    })[];
    const ids = apps.map((a) => a.applicationId);
    const parties = (await this.db.query(
      `SELECT p.application_id AS "applicationId", p.role, o.id AS "organisationId", o.name, o.kind,
              o.government_level AS "governmentLevel", o.country_of_residence AS "countryOfResidence"
         FROM application_party p JOIN organisation o ON o.id = p.organisation_id
        WHERE p.application_id = ANY($1) ORDER BY p.application_id, p.role`,
      [ids],
    )) as (Omit<IatiParty, 'funds' | 'applies'> & { applicationId: string })[];
    // What reached each project: the increase of its committed, disbursed and loan accounts,
    // and the savings invested in it, per ledger transaction, party and currency.
    const transactions = (await this.db.query(
      `SELECT p.application_id AS "applicationId", t.kind, p.organisation_id AS "organisationId",
              to_char(t.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, p.currency,
              trim_scale(sum(p.amount))::text AS amount
         FROM ledger_posting p JOIN ledger_transaction t ON t.id = p.transaction_id
        WHERE p.application_id = ANY($1) AND p.amount > 0
          AND (p.account ~ '^application:[^:]+:(committed|disbursed|loan-repaid|loan-interest):'
               OR p.account LIKE 'savings-invested:%')
        GROUP BY p.application_id, t.id, t.kind, p.organisation_id, p.currency
        ORDER BY p.application_id, t.occurred_at, t.id`,
      [ids],
    )) as (IatiActivity['transactions'][number] & { applicationId: string })[];
    // Each project's indicators with their latest measurement.
    const indicators = (await this.db.query(
      `SELECT i.application_id AS "applicationId", i.indicator, i.label, i.unit,
              trim_scale(i.baseline)::text AS baseline, trim_scale(i.target)::text AS target,
              trim_scale(m.value)::text AS actual,
              to_char(m.measured_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "measuredOn"
         FROM project_indicator i
         LEFT JOIN LATERAL (SELECT value, measured_at FROM indicator_measurement x
                             WHERE x.application_id = i.application_id AND x.indicator = i.indicator
                             ORDER BY measured_at DESC, id DESC LIMIT 1) m ON true
        WHERE i.application_id = ANY($1) ORDER BY i.application_id, i.indicator`,
      [ids],
    )) as (IatiActivity['results'][number] & { applicationId: string })[];
    // Each project's rows, grouped once: the file is linear in its rows, not quadratic.
    const partiesOf = groupBy(parties);
    const transactionsOf = groupBy(transactions);
    const resultsOf = groupBy(indicators);
    const activities: IatiActivity[] = apps.map(
      ({ fundingSplit, applicantId, cursorAt: _, ...a }) => {
        const funders = new Set(fundingSplit.lines.map((l) => l.role));
        const id = a.applicationId;
        return {
          ...a,
          programmeName: programme.name,
          parties: (partiesOf.get(id) ?? []).map(({ applicationId: _, ...p }) => ({
            ...p,
            funds: funders.has(p.role),
            applies: p.organisationId === applicantId,
          })),
          transactions: transactionsOf.get(id) ?? [],
          results: (resultsOf.get(id) ?? []).map(({ applicationId: _, ...i }) => i),
        };
      },
    );
    const last = apps.at(-1);
    return { activities, last: last ? { at: last.cursorAt, id: last.applicationId } : null };
  }
}

/** Rows by the application they belong to, in their order. */
function groupBy<T extends { applicationId: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.applicationId);
    if (group) group.push(row);
    else groups.set(row.applicationId, [row]);
  }
  return groups;
}
