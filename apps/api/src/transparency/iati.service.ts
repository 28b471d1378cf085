import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@codev/config';
import type { FundingSplit } from '@codev/domain';
import { type IatiActivity, iatiActivitiesXml, type IatiParty } from './iati-activities';

/**
 * IATI 2.03 activity files: a programme's applications as activities, read in four
 * statements whatever their number (applications, parties, ledger transactions, indicators).
 */
@Injectable()
export class IatiService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The programme's activity file, or null when no programme has this key. */
  async programmeFile(programmeKey: string): Promise<string | null> {
    const [programme] = (await this.db.query(`SELECT id, name FROM programme WHERE key = $1`, [
      programmeKey,
    ])) as { id: string; name: string }[];
    if (!programme) return null;
    const apps = (await this.db.query(
      `SELECT a.id AS "applicationId", a.title, a.status, a.sector, a.dac_purpose AS "dacPurpose",
              a.currency, a.country_code AS "countryCode",
              to_char(a.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "submittedOn",
              to_char(a.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "closedOn",
              a.funding_split AS "fundingSplit", a.applicant_id AS "applicantId",
              to_char(greatest(a.submitted_at, a.closed_at,
                (SELECT max(t.occurred_at) FROM ledger_transaction t WHERE t.application_id = a.id))
                AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "lastUpdated"
         FROM application a WHERE a.programme_id = $1 ORDER BY a.submitted_at, a.id`,
      [programme.id],
    )) as (Omit<IatiActivity, 'parties' | 'transactions' | 'programmeName' | 'results'> & {
      fundingSplit: FundingSplit;
      applicantId: string;
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
    const activities: IatiActivity[] = apps.map(({ fundingSplit, applicantId, ...a }) => {
      const funders = new Set(fundingSplit.lines.map((l) => l.role));
      return {
        ...a,
        programmeName: programme.name,
        parties: parties
          .filter((p) => p.applicationId === a.applicationId)
          .map(({ applicationId: _, ...p }) => ({
            ...p,
            funds: funders.has(p.role),
            applies: p.organisationId === applicantId,
          })),
        transactions: transactions.filter((t) => t.applicationId === a.applicationId),
        results: indicators
          .filter((i) => i.applicationId === a.applicationId)
          .map(({ applicationId: _, ...i }) => i),
      };
    });
    return iatiActivitiesXml(
      {
        ref: this.config.IATI_REPORTING_ORG_REF,
        name: this.config.IATI_REPORTING_ORG_NAME,
        type: '90',
      },
      activities,
      new Date(),
    );
  }
}
