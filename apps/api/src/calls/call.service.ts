import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import Decimal from 'decimal.js';
import { DataSource, EntityManager, In } from 'typeorm';
import { actsFor, Principal, Role } from '@codev/auth';
import {
  CallDefinition,
  checkCallAgainstDirectives,
  checkRegistration,
  CodevError,
  minorUnitDigits,
  missingDocuments,
  OrganisationKind,
  parseCall,
  parseProgrammeText,
  prefixViolations,
  Violation,
} from '@codev/domain';
import { instantOfLocalDateTime } from '@codev/domain/calendar';
import {
  accounts,
  CallApplicationEntity,
  CallEntity,
  CallProject,
  createCallProject,
  keysetPage,
  LedgerRepository,
  OrganisationEntity,
  Page,
} from '@codev/persistence';
import { TemporalClientProvider } from '@codev/temporal';
import {
  APPLICATION_WORKFLOW,
  CALL_WORKFLOW,
  callWorkflowId,
  CallWorkflowInput,
  closeEvaluationUpdate,
} from '@codev/workflows';
import { checkScore, withdraw as withdrawFromAllocation } from '@codev/domain/calls';
import { isUniqueViolation } from '../persistence-errors';
import { ProgrammeService } from '../programmes/programme.service';
import { Call, CallApplication, CallStatus } from './call.model';
import { DirectiveService } from './directive.service';
import {
  CallApplicationReasonInput,
  CompleteCallApplicationInput,
  ScoreCallApplicationInput,
  SubmitCallApplicationInput,
} from './call.input';

const toCall = (c: CallEntity): Call => ({
  id: c.id,
  key: c.key,
  name: c.definition.name,
  status: c.status as CallStatus,
  opensAt: c.opensAt,
  closesAt: c.closesAt,
  phaseDeadline: c.phaseDeadline,
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
    const codes = (await this.db.query(
      `SELECT o.id, j.code FROM organisation o LEFT JOIN jurisdiction j ON j.id = o.jurisdiction_id WHERE o.id = ANY($1::uuid[])`,
      [[found.issuerId, input.applicantOrganisationId]],
    )) as { id: string; code: string | null }[];
    const codeOf = (id: string) => codes.find((c) => c.id === id)?.code ?? null;
    const [implementer, place] = await Promise.all([
      input.implementingNgoOrganisationId
        ? this.db.manager.findOneBy(OrganisationEntity, { id: input.implementingNgoOrganisationId })
        : null,
      this.db.query(`SELECT 1 FROM jurisdiction WHERE code = $1`, [
        input.countryOfOrigin,
      ]) as Promise<unknown[]>,
    ]);
    const violations = [
      ...checkCallApplication(found.definition, input, applicant),
      ...checkImplementer(found.definition, input.implementingNgoOrganisationId, implementer),
      ...(place.length
        ? []
        : [
            {
              path: 'countryOfOrigin',
              message: `${input.countryOfOrigin} is not a registered jurisdiction`,
            },
          ]),
      ...(applicant
        ? checkRegistration(found.definition, codeOf(found.issuerId), codeOf(applicant.id))
        : []),
    ];
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
          documents: input.documents ?? [],
          implementingNgoId: input.implementingNgoOrganisationId ?? null,
          submittedBy: principal.subject,
          // The instant judged against the window, not a later clock reading at insert.
          submittedAt: call.now,
        }),
      );
      return toCallApplication(row);
    });
  }

  /**
   * Fixes a defective application within the fix period, judged by the database's clock under
   * the application's row lock, which the workflow's settlement also takes.
   */
  async complete(
    input: CompleteCallApplicationInput,
    principal: Principal,
  ): Promise<CallApplication> {
    return this.db.transaction(async (em) => {
      const { application, call, now } = await this.lockApplication(em, input.applicationId);
      this.requireApplicant(principal, application);
      if (application.status !== 'DEFECTIVE')
        throw CodevError.conflict(`The application is ${application.status}, not DEFECTIVE`);
      if (!call.phaseDeadline || now >= call.phaseDeadline) {
        throw CodevError.conflict(
          'The period to fix defects has ended; the application is set aside',
        );
      }
      const documents = [
        ...application.documents.filter(
          (d) => !input.documents.some((n) => n.documentType === d.documentType),
        ),
        ...input.documents,
      ];
      const defects = missingDocuments(call.definition, documents);
      await em.update(
        CallApplicationEntity,
        { id: application.id },
        { documents, defects, status: defects.length ? 'DEFECTIVE' : 'COMPLETE' },
      );
      return toCallApplication({
        ...application,
        documents,
        defects,
        status: defects.length ? 'DEFECTIVE' : 'COMPLETE',
      });
    });
  }

  /** One evaluator's scores for an application, every criterion once, each with its reason. */
  async score(input: ScoreCallApplicationInput, principal: Principal): Promise<CallApplication> {
    return this.db.transaction(async (em) => {
      const { application, call } = await this.lockApplication(em, input.applicationId);
      this.requireEvaluator(principal, call);
      if (call.status !== 'EVALUATION')
        throw CodevError.conflict(`The call is ${call.status}; scores are taken during EVALUATION`);
      if (application.status !== 'COMPLETE')
        throw CodevError.conflict(
          `The application is ${application.status}; only complete applications are scored`,
        );
      const recused = (await em.query(
        `SELECT 1 FROM call_recusal WHERE call_application_id = $1 AND evaluator = $2`,
        [application.id, principal.subject],
      )) as unknown[];
      if (recused.length) throw CodevError.conflict('You recused yourself from this application');
      const violations: Violation[] = input.scores.flatMap((s, i) =>
        prefixViolations(
          `input.scores[${i}]`,
          checkScore(call.definition.criteria, { evaluator: principal.subject, ...s }),
        ),
      );
      for (const c of call.definition.criteria) {
        const n = input.scores.filter((s) => s.criterionId === c.id).length;
        if (n !== 1)
          violations.push({
            path: 'input.scores',
            message: `criterion "${c.id}" must be scored exactly once (${n} given)`,
          });
      }
      if (violations.length) throw CodevError.badInput(violations);
      try {
        await em.query(
          `INSERT INTO call_score (call_application_id, evaluator, criterion_id, score, reason)
           SELECT $1, $2, * FROM unnest($3::text[], $4::numeric[], $5::text[])`,
          [
            application.id,
            principal.subject,
            input.scores.map((s) => s.criterionId),
            input.scores.map((s) => s.score),
            input.scores.map((s) => s.reason),
          ],
        );
      } catch (e) {
        if (isUniqueViolation(e, 'call_score_pkey'))
          throw CodevError.conflict('You have already scored this application');
        throw e;
      }
      return toCallApplication(application);
    });
  }

  /** An evaluator with a conflict of interest steps aside before scoring. */
  async recuse(input: CallApplicationReasonInput, principal: Principal): Promise<CallApplication> {
    return this.db.transaction(async (em) => {
      const { application, call } = await this.lockApplication(em, input.applicationId);
      this.requireEvaluator(principal, call);
      const scored = (await em.query(
        `SELECT 1 FROM call_score WHERE call_application_id = $1 AND evaluator = $2`,
        [application.id, principal.subject],
      )) as unknown[];
      if (scored.length)
        throw CodevError.conflict(
          'You have already scored this application; recusal comes before scoring',
        );
      await em.query(
        `INSERT INTO call_recusal (call_application_id, evaluator, reason) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [application.id, principal.subject, input.text],
      );
      return toCallApplication(application);
    });
  }

  /** The issuer closes the evaluation once every complete application has enough scores. */
  async closeEvaluation(callKey: string, principal: Principal): Promise<Call> {
    const call = await this.findRow(callKey);
    if (!call) throw CodevError.notFound(`Call ${callKey}`);
    if (!actsFor(principal, call.issuerId, Role.OrganisationAdmin))
      throw CodevError.forbidden('Only the issuing body closes its evaluation');
    if (call.status !== 'EVALUATION')
      throw CodevError.conflict(`The call is ${call.status}, not in EVALUATION`);
    const [{ short }] = (await this.db.query(
      `SELECT count(*)::int AS short FROM call_application a
       WHERE a.call_id = $1 AND a.status = 'COMPLETE' AND (
         SELECT count(DISTINCT s.evaluator) FROM call_score s
         WHERE s.call_application_id = a.id
           AND NOT EXISTS (SELECT 1 FROM call_recusal r WHERE r.call_application_id = a.id AND r.evaluator = s.evaluator)) < $2`,
      [call.id, call.definition.minimumEvaluators],
    )) as { short: number }[];
    if (short > 0) {
      throw CodevError.badInput([
        {
          path: 'callKey',
          message: `${short} application(s) have fewer than ${call.definition.minimumEvaluators} evaluators`,
        },
      ]);
    }
    try {
      await this.temporal.client.workflow
        .getHandle(call.workflowId)
        .executeUpdate(closeEvaluationUpdate, { args: [{ subject: principal.subject }] });
    } catch (e) {
      // The workflow refuses when the phase moved on between our check and its validator.
      if (e instanceof WorkflowUpdateFailedError)
        throw CodevError.conflict('The evaluation is not open');
      throw e;
    }
    return toCall(call);
  }

  /** An objection to the provisional resolution, lodged within the objections period. */
  async lodgeObjection(
    input: CallApplicationReasonInput,
    principal: Principal,
  ): Promise<CallApplication> {
    return this.db.transaction(async (em) => {
      const { application, call, now } = await this.lockApplication(em, input.applicationId);
      this.requireApplicant(principal, application);
      if (call.status !== 'PROVISIONAL' || !call.phaseDeadline || now >= call.phaseDeadline) {
        throw CodevError.conflict(
          'Objections are lodged during the objections period of the provisional resolution',
        );
      }
      await em.query(
        `INSERT INTO call_objection (call_application_id, lodged_by, text) VALUES ($1, $2, $3)`,
        [application.id, principal.subject, input.text],
      );
      return toCallApplication(application);
    });
  }

  /**
   * A funded project (or one on the reserve list) withdraws after the resolution: its grant
   * returns to the envelope and the reserve moves up by the call's rule; every other grant
   * stays as it is. Release and new commitments are one ledger transaction each, keyed once.
   */
  async withdraw(applicationId: string, principal: Principal): Promise<CallApplication> {
    return this.db
      .transaction(async (em) => {
        const { application, call } = await this.lockApplication(em, applicationId);
        this.requireApplicant(principal, application);
        if (call.status !== 'RESOLVED')
          throw CodevError.conflict('Withdrawals follow the final resolution');
        if (!['FUNDED', 'RESERVE'].includes(application.status))
          throw CodevError.conflict(`The application is ${application.status}`);
        await em.query(`SELECT id FROM call WHERE id = $1 FOR UPDATE`, [call.id]); // one withdrawal at a time per call
        const all = await em.find(CallApplicationEntity, {
          where: { callId: call.id, status: In(['FUNDED', 'RESERVE', 'EXCLUDED']) },
        });
        const d = call.definition;
        const digits = minorUnitDigits(d.currency);
        const money = (v: Decimal.Value) => new Decimal(v).toFixed(digits);
        // The allocation runs on what the envelope really has: the grants of the projects still
        // funded plus what is free. A project that started has spent part of its grant, which
        // does not come back; only what it still has committed does.
        const [envelope] = (await em.query(
          `SELECT amount::text, committed::text FROM envelope WHERE id = $1`,
          [call.envelopeId],
        )) as { amount: string; committed: string }[];
        const free = new Decimal(envelope.amount).minus(envelope.committed);
        const ledger = new LedgerRepository(em);
        const stillCommitted = async (a: CallApplicationEntity) => {
          if (a.id !== application.id || !a.applicationId) return new Decimal(a.granted!);
          const balance = (
            (await ledger.balances([a.applicationId])).get(a.applicationId) ?? []
          ).find((b) => b.partyRole === d.programmeRoles.issuer);
          return new Decimal(balance?.committed ?? 0);
        };
        const fundedEntries = [];
        for (const a of all.filter((x) => x.status === 'FUNDED')) {
          fundedEntries.push({
            applicationId: a.id,
            rank: a.rank!,
            granted: money(await stillCommitted(a)),
            partial: a.partialGrant,
          });
        }
        const committed = fundedEntries.reduce((sum, f) => sum.plus(f.granted), new Decimal(0));
        const input = {
          ranked: all.map((a) => ({
            applicationId: a.id,
            total: a.totalScore!,
            byCriterion: a.scoreByCriterion ?? {},
            submittedAt: a.submittedAt.toISOString(),
            requested: money(a.requestedAmount),
            rank: a.rank!,
            tieBrokenBy: null,
          })),
          budget: money(committed.plus(free)),
          currency: d.currency,
          lastFit: d.lastFit,
          minimumTotal: d.minimumScore,
        };
        const current = {
          funded: fundedEntries,
          reserve: all
            .filter((a) => a.status === 'RESERVE')
            .sort((a, b) => a.rank! - b.rank!)
            .map((a) => ({ applicationId: a.id, rank: a.rank! })),
          excluded: all
            .filter((a) => a.status === 'EXCLUDED')
            .map((a) => ({
              applicationId: a.id,
              rank: a.rank!,
              reason: 'below the minimum score',
            })),
          committed: money(committed),
          remaining: money(free),
        };
        const next = withdrawFromAllocation(input, current, application.id);
        const promoted = next.funded.filter(
          (f) => !current.funded.some((c) => c.applicationId === f.applicationId),
        );
        let terminate: string | null = null;
        if (application.status === 'FUNDED' && application.applicationId) {
          const [project] = (await em.query(
            `SELECT status FROM application WHERE id = $1 FOR UPDATE`,
            [application.applicationId],
          )) as { status: string }[];
          if (project.status === 'COMPLETED') {
            throw CodevError.conflict(
              'The project is completed; there is nothing left to withdraw',
            );
          }
          terminate = await this.releaseProject(em, ledger, call, application.applicationId);
        }
        await em.update(CallApplicationEntity, { id: application.id }, { status: 'WITHDRAWN' });
        const started: CallProject[] = [];
        for (const p of promoted) {
          await em.update(
            CallApplicationEntity,
            { id: p.applicationId },
            { status: 'FUNDED', granted: p.granted, partialGrant: p.partial },
          );
          if (!(await ledger.commitToEnvelope(call.envelopeId, p.granted)))
            throw new Error('the envelope refused a promotion the allocation allowed');
          const entity = await em.findOneByOrFail(CallApplicationEntity, { id: p.applicationId });
          started.push(await createCallProject(em, call, entity));
        }
        return { terminate, started };
      })
      .then(async ({ terminate, started }) => {
        // After the commit: the project's workflow stops and the promoted ones start. A failure
        // here leaves the database right and is repaired by retrying these idempotent calls.
        if (terminate)
          await this.temporal.client.workflow
            .getHandle(terminate)
            .terminate('withdrawn by its applicant')
            .catch((e: unknown) => {
              // Closed in the meantime: the withdrawal recorded above stands.
              if (!(e instanceof WorkflowNotFoundError)) throw e;
            });
        for (const p of started) {
          await this.temporal.client.workflow.start(APPLICATION_WORKFLOW, {
            taskQueue: this.temporal.taskQueue,
            workflowId: p.workflowId,
            args: [p.input],
          });
        }
        const withdrawn = await this.db.manager.findOneByOrFail(CallApplicationEntity, {
          id: applicationId,
        });
        return toCallApplication(withdrawn);
      });
  }

  /**
   * Releases what a withdrawn project still has committed, per funder, and gives the issuer's
   * part back to the call's envelope; what was disbursed stays spent. Returns its workflow id.
   */
  private async releaseProject(
    em: EntityManager,
    ledger: LedgerRepository,
    call: CallEntity,
    projectId: string,
  ): Promise<string> {
    const balances = (await ledger.balances([projectId])).get(projectId) ?? [];
    const open = balances.filter((b) => new Decimal(b.committed).gt(0));
    await ledger.post(
      `call-withdrawal:${projectId}`,
      'REFUND',
      projectId,
      'Withdrawn: commitments released',
      open.flatMap((b) => [
        {
          account: accounts.committed(projectId, b.partyRole),
          applicationId: projectId,
          partyRole: b.partyRole,
          organisationId: b.organisationId,
          amount: new Decimal(b.committed).negated().toString(),
          currency: b.currency,
        },
        {
          account: accounts.funderCommitments(b.organisationId!),
          applicationId: projectId,
          partyRole: b.partyRole,
          organisationId: b.organisationId,
          amount: b.committed,
          currency: b.currency,
        },
      ]),
    );
    const issuerOpen =
      open.find((b) => b.partyRole === call.definition.programmeRoles.issuer)?.committed ?? '0';
    await em.query(`UPDATE envelope SET committed = committed - $2 WHERE id = $1`, [
      call.envelopeId,
      issuerOpen,
    ]);
    const [project] = (await em.query(
      `WITH withdrawn AS (UPDATE application SET status = 'WITHDRAWN', active_stages = '{}', closed_at = now() WHERE id = $1 RETURNING workflow_id)
       SELECT workflow_id FROM withdrawn`,
      [projectId],
    )) as { workflow_id: string }[];
    return project.workflow_id;
  }

  private async lockApplication(em: EntityManager, id: string) {
    const application = await em.findOne(CallApplicationEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!application) throw CodevError.notFound(`Call application ${id}`);
    const [row] = (await em.query(`SELECT clock_timestamp() AS now`)) as { now: Date }[];
    const call = await em.findOneByOrFail(CallEntity, { id: application.callId });
    return { application, call, now: row.now };
  }

  private requireApplicant(principal: Principal, a: CallApplicationEntity): void {
    if (
      !actsFor(principal, a.applicantId, Role.Member) &&
      !actsFor(principal, a.applicantId, Role.OrganisationAdmin)
    ) {
      throw CodevError.forbidden('Only the applicant organisation may do this');
    }
  }

  private requireEvaluator(principal: Principal, call: CallEntity): void {
    if (principal.organisationId !== call.issuerId || !principal.roles.has(Role.Evaluator)) {
      throw CodevError.forbidden("Only the issuing body's evaluators score its calls");
    }
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
    defects: r.defects,
    totalScore: r.totalScore,
    scoreByCriterion: r.scoreByCriterion,
    rank: r.rank,
    granted: r.granted,
    partialGrant: r.partialGrant,
    submittedAt: r.submittedAt,
    applicantId: r.applicantId,
    projectApplicationId: r.applicationId,
  };
}

/** Where the call's programme has an implementer role, an NGO must be named for it. */
function checkImplementer(
  call: CallDefinition,
  id: string | null | undefined,
  found: OrganisationEntity | null,
): Violation[] {
  if (!call.programmeRoles.implementer) return [];
  if (!id)
    return [
      {
        path: 'implementingNgoOrganisationId',
        message: 'name the NGO that carries the project out in the country of origin',
      },
    ];
  if (!found)
    return [{ path: 'implementingNgoOrganisationId', message: 'no organisation has this id' }];
  if (found.kind !== OrganisationKind.NGO)
    return [
      { path: 'implementingNgoOrganisationId', message: `must be an NGO, not ${found.kind}` },
    ];
  return [];
}
