import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@codev/auth';
import { CodevError, prefixViolations } from '@codev/domain';
import {
  castWorkPlanVoteUpdate,
  checkWorkPlan,
  steeringCommitteeRules,
  WORK_PLAN_WORKFLOW,
  type PricedAllocation,
  type WorkPlanWorkflowInput,
  workPlanWorkflowId,
} from '@codev/engine';
import { fingerprintOf, fromWorkflowError, isAlreadyStarted, sendUpdate } from '@codev/intake';
import { TemporalClientProvider } from '@codev/temporal';
import { type AgreementRow, AgreementService } from './agreement.service';
import type { CastWorkPlanVoteInput, ProposeWorkPlanInput } from './work-plan.input';

export interface WorkPlanRow {
  id: string;
  agreementId: string;
  year: number;
  status: 'PROPOSED' | 'APPROVED' | 'REJECTED';
  allocations: PricedAllocation[];
  note: string | null;
  fingerprint: string;
  votesBy: Date;
  workflowId: string;
  proposedAt: Date;
  decidedAt: Date | null;
  reason: string | null;
  votes: { role: string; vote: string; reason: string }[] | null;
}

const COLUMNS = `id, agreement_id AS "agreementId", year, status, allocations, note, fingerprint,
  votes_by AS "votesBy", workflow_id AS "workflowId", proposed_at AS "proposedAt",
  decided_at AS "decidedAt", reason, votes`;

const DAY = 86_400_000;

/**
 * Annual work plans: a co-chair of the joint steering committee proposes the year's
 * allocations per component; the plan's workflow takes the committee's votes and decides.
 * A retried proposal (same content) finds its plan and makes sure its workflow runs.
 */
@Injectable()
export class WorkPlanService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agreements: AgreementService,
    private readonly temporal: TemporalClientProvider,
  ) {}

  async propose(input: ProposeWorkPlanInput, principal: Principal): Promise<WorkPlanRow> {
    const agreement = await this.agreementOf(input.agreementKey);
    const d = agreement.definition;
    const chairs = [d.steeringCommittee.chair, d.steeringCommittee.coChair].filter(
      (r): r is string => !!r,
    );
    if (
      !principal.organisationId ||
      !chairs.some((r) => agreement.parties[r] === principal.organisationId)
    )
      throw CodevError.forbidden(
        `only the committee's chair or co-chair (${chairs.join(', ')}) proposes ${d.key}'s work plan`,
      );
    const checked = checkWorkPlan(d, input.year, input.allocations);
    if (!checked.ok) throw CodevError.badInput(prefixViolations('input', checked.violations));
    const votesBy = input.votesBy ? new Date(input.votesBy) : new Date(Date.now() + 30 * DAY);
    if (votesBy.getTime() <= Date.now() || votesBy.getTime() > Date.now() + 366 * DAY)
      throw CodevError.badInput([
        { path: 'input.votesBy', message: 'must be in the future, within a year' },
      ]);
    const fingerprint = fingerprintOf({
      year: input.year,
      allocations: checked.allocations,
      note: input.note ?? null,
    });
    const plan = await this.insertOrFind(
      agreement,
      input,
      checked.allocations,
      fingerprint,
      votesBy,
      principal,
    );
    if (plan.status === 'PROPOSED') await this.ensureWorkflow(agreement, plan);
    return plan;
  }

  async vote(input: CastWorkPlanVoteInput, principal: Principal): Promise<WorkPlanRow> {
    if (!principal.organisationId)
      throw CodevError.forbidden('Committee members vote on behalf of their organisation');
    const agreement = await this.agreementOf(input.agreementKey);
    const [plan] = await this.rows(`agreement_id = $1 AND year = $2 AND status <> 'REJECTED'`, [
      agreement.id,
      input.year,
    ]);
    if (!plan) throw CodevError.notFound(`A live work plan for ${input.year} of ${agreement.key}`);
    try {
      await sendUpdate(() =>
        this.temporal.client.workflow
          .getHandle(plan.workflowId)
          .executeUpdate(castWorkPlanVoteUpdate, {
            args: [
              {
                actor: {
                  subject: principal.subject,
                  organisationId: principal.organisationId!,
                  roles: [...principal.roles],
                },
                role: input.role ?? null,
                vote: input.vote,
                reason: input.reason.trim(),
              },
            ],
          }),
      );
    } catch (e) {
      throw fromWorkflowError(e, `The work plan for ${input.year}`);
    }
    return (await this.rows(`id = $1`, [plan.id]))[0];
  }

  /** Every work plan of these agreements, newest year first, in one statement. */
  ofAgreements(agreementIds: readonly string[]): Promise<WorkPlanRow[]> {
    return this.rows(`agreement_id = ANY($1) ORDER BY year DESC, proposed_at DESC`, [agreementIds]);
  }

  private async agreementOf(key: string): Promise<AgreementRow> {
    const agreement = await this.agreements.find(key);
    if (!agreement) throw CodevError.notFound(`Agreement ${key}`);
    return agreement;
  }

  private async insertOrFind(
    agreement: AgreementRow,
    input: ProposeWorkPlanInput,
    allocations: PricedAllocation[],
    fingerprint: string,
    votesBy: Date,
    principal: Principal,
  ): Promise<WorkPlanRow> {
    const id = randomUUID();
    const inserted = (await this.db.query(
      `INSERT INTO agreement_work_plan (id, agreement_id, year, status, allocations, note, fingerprint, votes_by,
                                        workflow_id, proposed_by, proposed_by_organisation)
       VALUES ($1, $2, $3, 'PROPOSED', $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (agreement_id, year) WHERE status <> 'REJECTED' DO NOTHING RETURNING id`,
      [
        id,
        agreement.id,
        input.year,
        JSON.stringify(allocations),
        input.note ?? null,
        fingerprint,
        votesBy,
        workPlanWorkflowId(agreement.key, input.year, id),
        principal.subject,
        principal.organisationId,
      ],
    )) as unknown[];
    const [plan] = await this.rows(`agreement_id = $1 AND year = $2 AND status <> 'REJECTED'`, [
      agreement.id,
      input.year,
    ]);
    if (!inserted.length && plan.fingerprint !== fingerprint)
      throw CodevError.conflict(
        `${agreement.key} has a work plan for ${input.year} already (${plan.status}); a new one may be proposed only if it is rejected`,
      );
    return plan;
  }

  private async ensureWorkflow(agreement: AgreementRow, plan: WorkPlanRow): Promise<void> {
    const input: WorkPlanWorkflowInput = {
      workPlanId: plan.id,
      agreementId: agreement.id,
      year: plan.year,
      allocations: plan.allocations,
      rules: steeringCommitteeRules(agreement.definition),
      seats: agreement.parties,
      votesBy: plan.votesBy.toISOString(),
    };
    try {
      await this.temporal.client.workflow.start(WORK_PLAN_WORKFLOW, {
        workflowId: plan.workflowId,
        taskQueue: this.temporal.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (e) {
      if (!isAlreadyStarted(e)) throw fromWorkflowError(e, `The work plan for ${plan.year}`);
    }
  }

  private rows(where: string, params: unknown[]): Promise<WorkPlanRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM agreement_work_plan WHERE ${where}`, params);
  }
}
