import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@codev/auth';
import { CodevError } from '@codev/domain';
import { type Actor, stageActionUpdate, type StepReply, withdrawUpdate } from '@codev/engine';
import { fromWorkflowError, isWorkflowClosed, sendUpdate } from '@codev/intake';
import { ApplicationEntity } from '@codev/persistence';
import { TemporalClientProvider } from '@codev/temporal';
import { StepChecks } from './step-checks';

/**
 * Sends a human step to an application's workflow as a Temporal Update and waits until it is
 * applied: the workflow's validator decides (right stage, right party, right moment) and its
 * refusals come back as typed errors; an accepted step comes back with the state it left.
 * A client key makes a retried step land once (it is the Update's id).
 */
@Injectable()
export class StepService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalClientProvider,
    private readonly checks: StepChecks,
  ) {}

  async send(
    action: string,
    input: { applicationId: string; stageId?: string; idempotencyKey?: string | null } & Record<
      string,
      unknown
    >,
    principal: Principal,
  ): Promise<StepReply & { applicationId: string }> {
    const { applicationId, stageId, idempotencyKey, ...rest } = input;
    const reply = await this.update(
      applicationId,
      principal,
      idempotencyKey,
      (actor) => ({ definition: stageActionUpdate(action), args: { stageId, actor, input: rest } }),
      (application) => this.checks.run(action, { ...rest, stageId }, application),
      (application) => this.alreadyRecorded(action, stageId ?? null, rest, application, principal),
    );
    return { ...reply, applicationId };
  }

  async withdraw(applicationId: string, reason: string, principal: Principal) {
    const reply = await this.update(applicationId, principal, null, (actor) => ({
      definition: withdrawUpdate,
      args: { actor, reason },
    }));
    return { ...reply, applicationId };
  }

  private async update(
    applicationId: string,
    principal: Principal,
    idempotencyKey: string | null | undefined,
    build: (actor: Actor) => { definition: { name: string }; args: unknown },
    check?: (application: ApplicationEntity) => Promise<void>,
    afterClose?: (application: ApplicationEntity) => Promise<StepReply | null>,
  ): Promise<StepReply> {
    if (!principal.organisationId)
      throw CodevError.forbidden(
        'Steps are taken on behalf of an organisation; the token names none',
      );
    const application = await this.db.manager.findOneBy(ApplicationEntity, { id: applicationId });
    if (!application) throw CodevError.notFound(`Application ${applicationId}`);
    await check?.(application);
    const actor: Actor = {
      subject: principal.subject,
      organisationId: principal.organisationId,
      roles: [...principal.roles],
    };
    const { definition, args } = build(actor);
    try {
      return (await sendUpdate(() =>
        this.temporal.client.workflow
          .getHandle(application.workflowId)
          .executeUpdate(definition.name, {
            args: [args],
            ...(idempotencyKey ? { updateId: `${principal.subject}:${idempotencyKey}` } : {}),
          }),
      )) as StepReply;
    } catch (e) {
      const again = isWorkflowClosed(e) ? await afterClose?.(application) : null;
      if (again) return again;
      throw fromWorkflowError(e, `Application ${applicationId}`);
    }
  }

  /**
   * A receipt posted again after the application ended: if the very same step is recorded,
   * answer as the first post was (nothing changes); anything else finds the application closed.
   */
  private async alreadyRecorded(
    action: string,
    stageId: string | null,
    input: Record<string, unknown>,
    application: ApplicationEntity,
    principal: Principal,
  ): Promise<StepReply | null> {
    const organisationId = principal.organisationId!;
    const step = { ...input, stageId };
    if (!(await this.checks.wasRecorded(action, step, application, organisationId))) return null;
    const current = await this.db.manager.findOneByOrFail(ApplicationEntity, {
      id: application.id,
    });
    return {
      stageId,
      outcome: null,
      reply: { duplicate: 'true' },
      status: current.status,
      activeStages: [],
      waitingFor: [],
      submittedAt: current.submittedAt.toISOString(),
    };
  }
}
