import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  ApplicationDeadlineEntity,
  ApplicationDocumentEntity,
  ApplicationEntity,
  ApplicationEventEntity,
  ApplicationFailureEntity,
  ApplicationPartyEntity,
  Balance,
  keysetPage,
  LedgerRepository,
  Page,
  ProgrammeVersionEntity,
} from '@codev/persistence';
import { PageArgsInput } from '../graphql/connection.model';
import { ApplicationsArgs } from './applications.args';
import { toApplication } from './application.mapper';
import { Application } from './application.model';

/** Applications as the workflows projected them: reads only; every change goes through a workflow. */
@Injectable()
export class ApplicationService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findById(id: string): Promise<Application | null> {
    return (await this.findByIds([id]))[0];
  }

  /** In the order asked, null where there is none (for the loader). */
  async findByIds(ids: readonly string[]): Promise<(Application | null)[]> {
    const rows = await this.db.manager.findBy(ApplicationEntity, { id: In([...ids]) });
    const byId = new Map((await this.withProgrammes(rows)).map((a) => [a.id, a]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  failures(ids: readonly string[]) {
    return this.db.manager.findBy(ApplicationFailureEntity, { applicationId: In([...ids]) });
  }

  async list(args: ApplicationsArgs): Promise<Page<Application>> {
    const qb = this.db.manager.createQueryBuilder(ApplicationEntity, 'a');
    if (args.programmeKey)
      qb.andWhere('a.programme_id = (SELECT id FROM programme WHERE key = :key)', {
        key: args.programmeKey,
      });
    if (args.status) qb.andWhere('a.status = :status', { status: args.status });
    if (args.subdivisionCode)
      qb.andWhere('a.subdivision_code = :sub', { sub: args.subdivisionCode.toUpperCase() });
    if (args.municipalityCode)
      qb.andWhere('a.municipality_code = :mun', { mun: args.municipalityCode.toUpperCase() });
    if (args.sector) qb.andWhere('a.sector = :sector', { sector: args.sector });
    if (args.year) qb.andWhere('a.submitted_year = :year', { year: args.year });
    if (args.applicantId)
      qb.andWhere('a.applicant_id = :applicant', { applicant: args.applicantId });
    if (args.callKey)
      qb.andWhere('a.call_id = (SELECT id FROM call WHERE key = :call)', { call: args.callKey });
    const page = await keysetPage(qb, args, {
      column: 'submitted_at',
      value: (a) => a.submittedAt.toISOString(),
      kind: 'instant',
    });
    return { ...page, nodes: await this.withProgrammes(page.nodes) };
  }

  /**
   * What waits for an organisation: open applications whose procedure waits for a role it
   * plays, oldest first (the organisation's parties first, then the role each waits for).
   */
  async waitingOn(organisationId: string, page: PageArgsInput): Promise<Page<Application>> {
    const qb = this.db.manager
      .createQueryBuilder(ApplicationEntity, 'a')
      .where(
        `a.id IN (SELECT application_id FROM application_party WHERE organisation_id = :org)`,
        { org: organisationId },
      )
      .andWhere(`a.waiting_for <> '{}'`)
      .andWhere(
        `EXISTS (SELECT 1 FROM application_party p
                 WHERE p.application_id = a.id AND p.organisation_id = :org AND p.role = ANY (a.waiting_for))`,
      );
    const found = await keysetPage(qb, page, {
      column: 'submitted_at',
      value: (a) => a.submittedAt.toISOString(),
      kind: 'instant',
    });
    return { ...found, nodes: await this.withProgrammes(found.nodes) };
  }

  parties(ids: readonly string[]) {
    return this.db.manager.find(ApplicationPartyEntity, {
      where: { applicationId: In([...ids]) },
      order: { role: 'ASC' },
    });
  }

  history(ids: readonly string[]) {
    return this.db.manager.find(ApplicationEventEntity, {
      where: { applicationId: In([...ids]) },
      order: { id: 'ASC' },
    });
  }

  documents(ids: readonly string[]) {
    return this.db.manager.find(ApplicationDocumentEntity, {
      where: { applicationId: In([...ids]) },
      order: { submittedAt: 'ASC' },
    });
  }

  deadlines(ids: readonly string[]) {
    return this.db.manager.find(ApplicationDeadlineEntity, {
      where: { applicationId: In([...ids]) },
      order: { dueAt: 'ASC' },
    });
  }

  balances(ids: readonly string[]): Promise<Map<string, Balance[]>> {
    return new LedgerRepository(this.db.manager).balances(ids);
  }

  private async withProgrammes(rows: ApplicationEntity[]): Promise<Application[]> {
    const versions = rows.length
      ? await this.db.manager.findBy(ProgrammeVersionEntity, {
          id: In([...new Set(rows.map((r) => r.programmeVersionId))]),
        })
      : [];
    const byId = new Map(versions.map((v) => [v.id, v]));
    return rows.map((r) => {
      const v = byId.get(r.programmeVersionId)!;
      return toApplication(r, { key: v.definition.key, version: v.version });
    });
  }
}
