import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { actsFor, Principal, Role } from '@codev/auth';
import {
  checkEligibility,
  CodevError,
  computeFundingSplit,
  parseJurisdictionCode,
  prefixViolations,
  Violation,
} from '@codev/domain';
import {
  ApplicationDeadlineEntity,
  ApplicationDocumentEntity,
  ApplicationEntity,
  ApplicationEventEntity,
  ApplicationPartyEntity,
  Balance,
  JurisdictionEntity,
  keysetPage,
  LedgerRepository,
  OrganisationEntity,
  Page,
  ProgrammeVersionEntity,
} from '@codev/persistence';
import { TemporalClientProvider } from '@codev/temporal';
import {
  APPLICATION_WORKFLOW,
  applicationWorkflowId,
  ApplicationWorkflowInput,
} from '@codev/workflows';
import { ProgrammeService } from '../programmes/programme.service';
import { ApplicationsArgs } from './applications.args';
import { toApplication } from './application.mapper';
import { Application } from './application.model';
import { SubmitApplicationInput } from './submit-application.input';

@Injectable()
export class ApplicationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly programmes: ProgrammeService,
    private readonly temporal: TemporalClientProvider,
  ) {}

  /**
   * Checks everything that can be checked at the door — eligibility and the funding formula,
   * every reason at once — then persists the application pinned to the version in force and
   * starts its workflow. The workflow is started inside the transaction: if it cannot start,
   * nothing is written; if the commit fails after it started, its first activity finds no
   * application and the workflow fails without effect.
   */
  async submit(input: SubmitApplicationInput, principal: Principal): Promise<Application> {
    const version = await this.programmes.inForce(input.programmeKey);
    if (!version) {
      throw CodevError.badInput([
        { path: 'input.programmeKey', message: `no programme "${input.programmeKey}" is in force` },
      ]);
    }
    const definition = version.definition;
    const place = parseJurisdictionCode(input.projectJurisdictionCode);
    const [jurisdiction, organisations] = await Promise.all([
      place.ok ? this.db.manager.findOneBy(JurisdictionEntity, { code: place.value.code }) : null,
      this.db.manager.findBy(OrganisationEntity, {
        id: In(input.parties.map((p) => p.organisationId)),
      }),
    ]);
    const byId = new Map(organisations.map((o) => [o.id, o]));
    const violations: Violation[] = [];
    if (!jurisdiction) {
      violations.push({
        path: 'projectJurisdictionCode',
        message: `no jurisdiction has code ${input.projectJurisdictionCode}`,
      });
    }
    violations.push(
      ...checkEligibility(definition, {
        sector: input.sector,
        projectCountry: jurisdiction?.countryCode ?? '',
        total: input.totalAmount,
        documentTypes: (input.documents ?? []).map((d) => d.documentType),
        parties: input.parties.map((p) => ({
          role: p.role,
          organisation: byId.get(p.organisationId) ?? null,
        })),
      }).filter((v) => v.path !== 'projectJurisdictionCode' || jurisdiction),
    );
    const funding = computeFundingSplit(definition.funding, {
      total: input.totalAmount,
      currency: definition.currency,
      exchangeRates: Object.fromEntries(
        (input.exchangeRates ?? []).map((r) => [r.currency, r.rate]),
      ),
      shortfalls: Object.fromEntries((input.shortfalls ?? []).map((s) => [s.role, s.amount])),
    });
    if (!funding.ok) violations.push(...funding.violations);
    if (violations.length || !funding.ok || !jurisdiction)
      throw CodevError.badInput(prefixViolations('input', violations));

    const applicant = input.parties.find((p) =>
      definition.eligibility.applicantRoles.includes(p.role),
    )!;
    if (
      !actsFor(principal, applicant.organisationId, Role.Member) &&
      !actsFor(principal, applicant.organisationId, Role.OrganisationAdmin)
    ) {
      throw CodevError.forbidden(
        'Only a member of the applicant organisation may submit its application',
      );
    }

    const parents = await this.ancestry(jurisdiction);
    return this.db.transaction(async (em) => {
      const submittedAt = new Date();
      const id = randomUUID(); // known before the insert, so the workflow id is written once
      const application = await em.save(
        em.create(ApplicationEntity, {
          id,
          programmeId: version.programmeId,
          programmeVersionId: version.id,
          title: input.title.trim(),
          sector: input.sector,
          applicantId: applicant.organisationId,
          projectJurisdictionId: jurisdiction.id,
          countryCode: jurisdiction.countryCode,
          subdivisionCode: parents.subdivision,
          municipalityCode: parents.municipality,
          totalAmount: funding.split.total,
          currency: definition.currency,
          fundingSplit: funding.split,
          status: 'IN_REVIEW',
          activeStages: [],
          workflowId: applicationWorkflowId(id),
          submittedBy: principal.subject,
          submittedAt,
          submittedYear: submittedAt.getUTCFullYear(),
        }),
      );
      await em.insert(
        ApplicationPartyEntity,
        input.parties.map((p) => ({
          applicationId: application.id,
          role: p.role,
          organisationId: p.organisationId,
        })),
      );
      if (input.documents?.length) {
        await em.insert(
          ApplicationDocumentEntity,
          input.documents.map((d) => ({
            applicationId: application.id,
            stageId: null,
            documentType: d.documentType,
            uri: d.uri,
            organisationId: applicant.organisationId,
            submittedBy: principal.subject,
            submittedAt,
          })),
        );
      }
      await em.insert(ApplicationEventEntity, {
        applicationId: application.id,
        eventKey: 'submitted',
        stageId: null,
        kind: 'SUBMITTED',
        actorSubject: principal.subject,
        actorOrganisationId: applicant.organisationId,
        actorRole: applicant.role,
        reason: null,
        detail: { programmeVersion: version.version, total: funding.split.total },
        occurredAt: submittedAt,
      });
      const workflowInput: ApplicationWorkflowInput = {
        applicationId: application.id,
        definition,
        parties: Object.fromEntries(input.parties.map((p) => [p.role, p.organisationId])),
        funding: funding.split,
      };
      await this.temporal.client.workflow.start(APPLICATION_WORKFLOW, {
        taskQueue: this.temporal.taskQueue,
        workflowId: application.workflowId,
        args: [workflowInput],
      });
      return toApplication(application, { key: definition.key, version: version.version });
    });
  }

  async findById(id: string): Promise<Application | null> {
    const found = await this.db.manager.findOneBy(ApplicationEntity, { id });
    return found ? (await this.withProgrammes([found]))[0] : null;
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
    const page = await keysetPage(qb, args, {
      column: 'submitted_at',
      value: (a) => a.submittedAt.toISOString(),
    });
    return { ...page, nodes: await this.withProgrammes(page.nodes) };
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

  /** The subdivision and municipality codes above (or at) a project's jurisdiction, for filtering. */
  private async ancestry(
    j: JurisdictionEntity,
  ): Promise<{ subdivision: string | null; municipality: string | null }> {
    const parsed = parseJurisdictionCode(j.code);
    if (!parsed.ok) return { subdivision: null, municipality: null };
    if (parsed.value.kind === 'MUNICIPALITY')
      return { subdivision: parsed.value.parentCode ?? null, municipality: j.code };
    if (parsed.value.kind === 'SUBDIVISION') return { subdivision: j.code, municipality: null };
    return { subdivision: null, municipality: null };
  }
}
