import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import Decimal from 'decimal.js';
import { CodevError, type SavingsEvent } from '@codev/domain';
import { ExchangeRateRepository, type ApplicationEntity } from '@codev/persistence';
import { StepChecks } from '../steps/step-checks';

export interface SavingsAccountRecord {
  id: string;
  applicationId: string;
  stageId: string;
  saverId: string | null;
  depositaryId: string | null;
  currency: string;
  yearlyReliefCap: string | null;
  events: (SavingsEvent & {
    projectAmount: string | null;
    projectCurrency: string | null;
    projectMatched: string | null;
  })[];
}

export interface SavingsReleaseRecord {
  projectApplicationId: string;
  on: string;
  amount: string;
  currency: string;
  projectAmount: string;
  projectCurrency: string;
  matched: string | null;
  projectMatched: string | null;
}

const CLOSED = ['REJECTED', 'WITHDRAWN', 'FAILED'];

/**
 * Savings accounts and the releases into projects, each read in constant statements for any
 * number of applications; and the check a release must pass before it reaches the workflow:
 * the project it names is open, in the account's country of origin, and has room in its
 * applicant's own contribution.
 */
@Injectable()
export class SavingsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly steps: StepChecks,
  ) {}

  onModuleInit(): void {
    this.steps.register('releaseSavings', (input, account) => this.checkRelease(input, account));
    // Posted again after the account closed: the same receipt, by the same party, is recognised.
    const recorded =
      (kind: string, party: 'saver_id' | 'depositary_id', date: string) =>
      async (i: Record<string, unknown>, a: { id: string }, org: string) =>
        (
          (await this.db.query(
            `SELECT 1 FROM savings_event e JOIN savings_account s ON s.id = e.account_id
              WHERE s.application_id = $1 AND s.stage_id = $2 AND s.${party} = $3 AND e.reference = $4
                AND e.kind = $5 AND e.amount = $6::numeric AND e.occurred_on = $7::date
                AND e.project_application_id IS NOT DISTINCT FROM $8::uuid`,
            [
              a.id,
              i.stageId,
              org,
              i.reference,
              kind,
              i.amount,
              i[date],
              i.projectApplicationId ?? null,
            ],
          )) as unknown[]
        ).length > 0;
    this.steps.registerRecorded(
      'recordSavingsDeposit',
      recorded('DEPOSIT', 'depositary_id', 'depositedOn'),
    );
    this.steps.registerRecorded('releaseSavings', recorded('RELEASE', 'saver_id', 'releasedOn'));
    this.steps.registerRecorded(
      'withdrawSavings',
      recorded('WITHDRAWAL', 'saver_id', 'withdrawnOn'),
    );
  }

  async ofApplications(applicationIds: readonly string[]): Promise<SavingsAccountRecord[]> {
    const accounts = (await this.db.query(
      `SELECT id, application_id AS "applicationId", stage_id AS "stageId", saver_id AS "saverId",
              depositary_id AS "depositaryId", currency, trim_scale(yearly_relief_cap)::text AS "yearlyReliefCap"
         FROM savings_account WHERE application_id = ANY($1) ORDER BY application_id, stage_id`,
      [applicationIds],
    )) as Omit<SavingsAccountRecord, 'events'>[];
    if (!accounts.length) return [];
    const events = (await this.db.query(
      `SELECT account_id, kind, reference, to_char(occurred_on, 'YYYY-MM-DD') AS on,
              trim_scale(amount)::text AS amount, project_application_id AS "projectApplicationId",
              trim_scale(project_amount)::text AS "projectAmount", project_currency AS "projectCurrency",
              trim_scale(matched_amount)::text AS matched,
              trim_scale(project_matched_amount)::text AS "projectMatched"
         FROM savings_event WHERE account_id = ANY($1) ORDER BY occurred_on, recorded_at, id`,
      [accounts.map((a) => a.id)],
    )) as (SavingsAccountRecord['events'][number] & { account_id: string })[];
    const byAccount = new Map(accounts.map((a) => [a.id, [] as SavingsAccountRecord['events']]));
    for (const { account_id, ...e } of events) byAccount.get(account_id)!.push(e);
    return accounts.map((a) => ({ ...a, events: byAccount.get(a.id)! }));
  }

  async releasesInto(projectIds: readonly string[]): Promise<SavingsReleaseRecord[]> {
    return (await this.db.query(
      `SELECT e.project_application_id AS "projectApplicationId", to_char(e.occurred_on, 'YYYY-MM-DD') AS on,
              trim_scale(e.amount)::text AS amount, a.currency,
              trim_scale(e.project_amount)::text AS "projectAmount", e.project_currency AS "projectCurrency",
              trim_scale(e.matched_amount)::text AS matched,
              trim_scale(e.project_matched_amount)::text AS "projectMatched"
         FROM savings_event e JOIN savings_account a ON a.id = e.account_id
        WHERE e.project_application_id = ANY($1) ORDER BY e.occurred_on, e.recorded_at, e.id`,
      [projectIds],
    )) as SavingsReleaseRecord[];
  }

  private async checkRelease(input: Record<string, unknown>, account: ApplicationEntity) {
    const projectId = input.projectApplicationId as string;
    // A retried release was checked the first time; the workflow recognises its reference.
    const [seen] = (await this.db.query(
      `SELECT 1 FROM savings_event e JOIN savings_account a ON a.id = e.account_id
        WHERE a.application_id = $1 AND e.reference = $2`,
      [account.id, input.reference],
    )) as unknown[];
    if (seen) return;
    const bad = (message: string) =>
      CodevError.badInput([{ path: 'projectApplicationId', message }]);
    const [project] = (await this.db.query(
      `SELECT a.status, a.country_code AS "countryCode", a.currency, a.funding_split AS "fundingSplit",
              coalesce((SELECT sum(project_amount + coalesce(project_matched_amount, 0)) FROM savings_event
                         WHERE project_application_id = a.id), 0)::text AS released,
              coalesce((SELECT array_agg(role) FROM application_party p
                         WHERE p.application_id = a.id AND p.organisation_id = a.applicant_id), '{}') AS roles
         FROM application a WHERE a.id = $1`,
      [projectId],
    )) as {
      status: string;
      countryCode: string;
      currency: string;
      fundingSplit: ApplicationEntity['fundingSplit'];
      released: string;
      roles: string[];
    }[];
    if (!project || projectId === account.id) throw bad(`no investment project ${projectId}`);
    if (CLOSED.includes(project.status))
      throw CodevError.conflict(`the project is ${project.status}: it takes no savings`);
    if (project.countryCode !== account.countryCode)
      throw bad(
        `the project is in ${project.countryCode}; these savings are for a project in ${account.countryCode}`,
      );
    const contribution = project.fundingSplit.lines
      .filter((l) => project.roles.includes(l.role))
      .reduce((s, l) => s.plus(l.amount), new Decimal(0));
    let value = new Decimal(input.amount as string);
    if (project.currency !== account.currency) {
      const day = input.releasedOn as string;
      const rate = (
        await new ExchangeRateRepository(this.db.manager).inForce(
          [account.currency],
          project.currency,
          day,
        )
      ).get(account.currency);
      if (!rate)
        throw CodevError.conflict(
          `no ${account.currency}→${project.currency} rate is in force on ${day} to value the release`,
        );
      value = value.times(rate.rate);
    }
    // A matching funder's premium goes into the project too.
    value = value.times(new Decimal(100).plus(await this.matchingPercent(input, account)).div(100));
    const room = contribution.minus(project.released);
    if (value.gt(room))
      throw CodevError.conflict(
        `the applicant's own contribution to the project is ${contribution.toString()} ${project.currency}, ` +
          `of which ${project.released} is already funded by savings: at most ${Decimal.max(room, 0).toString()} more`,
      );
  }

  /** The premium percent a release from this account earns: 0 unless its matching funder is named. */
  private async matchingPercent(
    input: Record<string, unknown>,
    account: ApplicationEntity,
  ): Promise<string> {
    const [row] = (await this.db.query(
      `SELECT s.stage -> 'matching' ->> 'percent' AS percent
         FROM programme_version v,
              jsonb_path_query(v.definition, '$.procedure.stages.** ? (@.kind == "SAVINGS")') AS s(stage)
        WHERE v.id = $1 AND s.stage ->> 'id' = $2
          AND EXISTS (SELECT 1 FROM application_party p
                       WHERE p.application_id = $3 AND p.role = s.stage -> 'matching' ->> 'funder')`,
      [account.programmeVersionId, input.stageId, account.id],
    )) as { percent: string | null }[];
    return row?.percent ?? '0';
  }
}
