import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Decimal from 'decimal.js';
import { DataSource, In } from 'typeorm';
import { actsFor, Principal, Role } from '@codev/auth';
import {
  CallDefinition,
  checkCallAgainstDirectives,
  CodevError,
  OrganisationKind,
  parseCall,
  parseProgrammeText,
  prefixViolations,
  Violation,
} from '@codev/domain';
import { instantOfLocalDateTime } from '@codev/domain/calendar';
import {
  CallApplicationEntity,
  CallEntity,
  keysetPage,
  LedgerRepository,
  OrganisationEntity,
  Page,
} from '@codev/persistence';
import { TemporalClientProvider } from '@codev/temporal';
import { CALL_WORKFLOW, callWorkflowId, CallWorkflowInput } from '@codev/workflows';
import { isUniqueViolation } from '../persistence-errors';
import { ProgrammeService } from '../programmes/programme.service';
import { Call, CallApplication, CallStatus } from './call.model';
import { DirectiveService } from './directive.service';
import { SubmitCallApplicationInput } from './call.input';

const toCall = (c: CallEntity): Call => ({
  id: c.id,
  key: c.key,
  name: c.definition.name,
  status: c.status as CallStatus,
  opensAt: c.opensAt,
  closesAt: c.closesAt,
  budget: c.definition.budget,
  currency: c.definition.currency,
  definition: c.definition,
  issuerId: c.issuerId,
});

@Injectable()
export class CallService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly programmes: ProgrammeService,
    private readonly temporal: TemporalClientProvider,
    private readonly directiveService: DirectiveService,
  ) {}

  /**
   * Publishes a call: its definition, the adherence of its issuer to the directives it names,
   * its budget as a ledger envelope, and the workflow that opens and closes it on time.
   */
  async publishCall(text: string, issuerId: string, principal: Principal): Promise<Call> {
    const raw = parseProgrammeText(text);
    const parsed = raw.ok ? parseCall(raw.value) : raw;
    if (!parsed.ok) throw CodevError.badInput(prefixViolations('definition', parsed.violations));
    const call = parsed.value;
    const issuer = await this.db.manager.findOneBy(OrganisationEntity, { id: issuerId });
    if (!issuer || issuer.kind !== OrganisationKind.GOVERNMENT_BODY) {
      throw CodevError.badInput([
        { path: 'input.issuerOrganisationId', message: 'must be a registered government body' },
      ]);
    }
    if (
      !actsFor(principal, issuerId, Role.OrganisationAdmin) &&
      !actsFor(principal, issuerId, Role.ProgrammeDesigner)
    ) {
      throw CodevError.forbidden('Only the issuing body may publish its calls');
    }
    const violations: Violation[] = [];
    const programme = await this.programmes.findByKey(call.programmeKey);
    if (!programme)
      violations.push({
        path: 'programmeKey',
        message: `no programme "${call.programmeKey}" exists`,
      });
    const window = this.window(call, violations);
    const directives = await this.directiveService.byKeys(call.adheresTo);
    violations.push(...checkCallAgainstDirectives(call, directives));
    if (violations.length || !programme || !window)
      throw CodevError.badInput(prefixViolations('definition', violations));

    return this.db.transaction(async (em) => {
      const envelopeId = await new LedgerRepository(em).ensureEnvelope(
        programme.id,
        `call:${call.key}`,
        call.year,
        call.currency,
        call.budget,
      );
      let row: CallEntity;
      try {
        row = await em.save(
          em.create(CallEntity, {
            key: call.key,
            issuerId,
            programmeId: programme.id,
            definition: call,
            status: 'SCHEDULED',
            opensAt: window.opensAt,
            closesAt: window.closesAt,
            envelopeId,
            workflowId: callWorkflowId(call.key),
            publishedBy: principal.subject,
          }),
        );
      } catch (e) {
        if (isUniqueViolation(e, 'call_key_key'))
          throw CodevError.conflict(`A call with key ${call.key} is already published`);
        throw e;
      }
      const input: CallWorkflowInput = {
        callId: row.id,
        opensAt: window.opensAt.toISOString(),
        closesAt: window.closesAt.toISOString(),
      };
      await this.temporal.client.workflow.start(CALL_WORKFLOW, {
        taskQueue: this.temporal.taskQueue,
        workflowId: callWorkflowId(call.key),
        args: [input],
      });
      return toCall(row);
    });
  }

  /**
   * Accepts an application only while the call is open by the database's clock, under a share
   * lock on the call's row: closing takes that row exclusively, so nothing is accepted after
   * the close and everything accepted before it is there when the call workflow counts.
   */
  async submit(input: SubmitCallApplicationInput, principal: Principal): Promise<CallApplication> {
    if (
      !actsFor(principal, input.applicantOrganisationId, Role.Member) &&
      !actsFor(principal, input.applicantOrganisationId, Role.OrganisationAdmin)
    ) {
      throw CodevError.forbidden('Only a member of the applicant organisation may apply for it');
    }
    const found = await this.findRow(input.callKey);
    if (!found) throw CodevError.notFound(`Call ${input.callKey}`);
    const applicant = await this.db.manager.findOneBy(OrganisationEntity, {
      id: input.applicantOrganisationId,
    });
    const violations = checkCallApplication(found.definition, input, applicant);
    if (violations.length) throw CodevError.badInput(prefixViolations('input', violations));

    return this.db.transaction(async (em) => {
      const [call] = (await em.query(
        `SELECT id, status, opens_at, closes_at, clock_timestamp() AS now FROM call WHERE id = $1 FOR SHARE`,
        [found.id],
      )) as { id: string; status: CallStatus; opens_at: Date; closes_at: Date; now: Date }[];
      const zone = found.definition.window.timeZone;
      if (call.now < call.opens_at) {
        throw CodevError.conflict(
          `The call opens at ${found.definition.window.opens} (${zone}); it is not open yet`,
        );
      }
      if (call.status === CallStatus.CLOSED || call.now >= call.closes_at) {
        throw CodevError.conflict(
          `The call closed at ${found.definition.window.closes} (${zone}); no application is accepted after it`,
        );
      }
      const row = await em.save(
        em.create(CallApplicationEntity, {
          callId: call.id,
          applicantId: input.applicantOrganisationId,
          title: input.title.trim(),
          sector: input.sector,
          countryOfOrigin: input.countryOfOrigin,
          objective: input.objective,
          totalAmount: input.totalAmount,
          requestedAmount: input.requestedAmount,
          currency: found.definition.currency,
          status: 'SUBMITTED',
          submittedBy: principal.subject,
          // The instant judged against the window, not a later clock reading at insert.
          submittedAt: call.now,
        }),
      );
      return toCallApplication(row);
    });
  }

  async findByKey(key: string): Promise<Call | null> {
    const row = await this.findRow(key);
    return row && toCall(row);
  }

  async list(args: { first: number; after?: string | null }): Promise<Page<Call>> {
    const page = await keysetPage(this.db.manager.createQueryBuilder(CallEntity, 'c'), args, {
      column: 'key',
      value: (c) => c.key,
    });
    return { ...page, nodes: page.nodes.map(toCall) };
  }

  /** Applications of several calls in one query, in order of submission (for the loader). */
  async applications(callIds: readonly string[]): Promise<CallApplication[][]> {
    const rows = await this.db.manager.find(CallApplicationEntity, {
      where: { callId: In([...callIds]) },
      order: { submittedAt: 'ASC', id: 'ASC' },
    });
    return callIds.map((id) => rows.filter((r) => r.callId === id).map(toCallApplication));
  }

  private findRow(key: string): Promise<CallEntity | null> {
    return this.db.manager.findOneBy(CallEntity, { key });
  }

  private window(
    call: CallDefinition,
    violations: Violation[],
  ): { opensAt: Date; closesAt: Date } | null {
    try {
      return {
        opensAt: instantOfLocalDateTime(call.window.opens, call.window.timeZone),
        closesAt: instantOfLocalDateTime(call.window.closes, call.window.timeZone),
      };
    } catch (e) {
      violations.push({ path: 'window', message: (e as Error).message });
      return null;
    }
  }
}

/** Who and what a call accepts: every reason an application falls outside it, at once. */
function checkCallApplication(
  call: CallDefinition,
  input: SubmitCallApplicationInput,
  applicant: OrganisationEntity | null,
): Violation[] {
  const violations: Violation[] = [];
  if (!applicant)
    violations.push({ path: 'applicantOrganisationId', message: 'no organisation has this id' });
  else if (!call.eligibleApplicantKinds.includes(applicant.kind)) {
    violations.push({
      path: 'applicantOrganisationId',
      message: `this call accepts ${call.eligibleApplicantKinds.join(', ')}, not ${applicant.kind}`,
    });
  }
  if (!call.eligibleCountriesOfOrigin.includes(input.countryOfOrigin)) {
    violations.push({
      path: 'countryOfOrigin',
      message: `eligible countries are ${call.eligibleCountriesOfOrigin.join(', ')}`,
    });
  }
  if (!call.sectors.includes(input.sector))
    violations.push({ path: 'sector', message: `eligible sectors are ${call.sectors.join(', ')}` });
  if (!call.objectives.includes(input.objective)) {
    violations.push({
      path: 'objective',
      message: `the call's objectives are ${call.objectives.join(', ')}`,
    });
  }
  const total = new Decimal(input.totalAmount);
  const requested = new Decimal(input.requestedAmount);
  if (requested.gt(call.maximumPerProject)) {
    violations.push({
      path: 'requestedAmount',
      message: `exceeds the maximum of ${call.maximumPerProject} ${call.currency} per project`,
    });
  }
  if (requested.gt(total))
    violations.push({ path: 'requestedAmount', message: 'cannot exceed the total cost' });
  else if (
    call.minimumApplicantCofunding &&
    !total.isZero() &&
    total.minus(requested).div(total).lt(call.minimumApplicantCofunding)
  ) {
    violations.push({
      path: 'requestedAmount',
      message: `the applicant must fund at least ${new Decimal(call.minimumApplicantCofunding).times(100).toString()}% of the cost`,
    });
  }
  return violations;
}

function toCallApplication(r: CallApplicationEntity): CallApplication {
  return {
    id: r.id,
    title: r.title,
    sector: r.sector,
    countryOfOrigin: r.countryOfOrigin,
    objective: r.objective,
    totalAmount: r.totalAmount,
    requestedAmount: r.requestedAmount,
    currency: r.currency,
    status: r.status,
    submittedAt: r.submittedAt,
    applicantId: r.applicantId,
  };
}
