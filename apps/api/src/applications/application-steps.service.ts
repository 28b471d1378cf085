import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { Principal } from '@codev/auth';
import { CodevError } from '@codev/domain';
import { ApplicationEntity } from '@codev/persistence';
import { TemporalClientProvider } from '@codev/temporal';
import { Actor, FailureType, StepResult as WorkflowStepResult } from '@codev/workflows';
import { StepResult } from './application.model';

/**
 * Sends a human step to an application's workflow as a Temporal Update. The workflow's
 * validator decides (right stage, right party, right moment); its refusals come back as
 * typed errors. Nothing is recorded unless the workflow accepted the step.
 */
@Injectable()
export class ApplicationStepsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalClientProvider,
  ) {}

  async send<I extends { applicationId: string }>(
    update: { name: string },
    input: I,
    principal: Principal,
  ): Promise<StepResult> {
    if (!principal.organisationId) {
      throw CodevError.forbidden(
        'Steps are taken on behalf of an organisation; the token names none',
      );
    }
    const application = await this.db.manager.findOneBy(ApplicationEntity, {
      id: input.applicationId,
    });
    if (!application) throw CodevError.notFound(`Application ${input.applicationId}`);
    const { applicationId: _id, ...rest } = input;
    const actor: Actor = { subject: principal.subject, organisationId: principal.organisationId };
    const payload = { ...rest, actor };
    try {
      const handle = this.temporal.client.workflow.getHandle(application.workflowId);
      const result = (await handle.executeUpdate(update.name, {
        args: [payload],
      })) as WorkflowStepResult & { findingId?: string };
      return {
        stageId: result.stageId,
        accepted: true,
        outcome: result.outcome ?? null,
        findingId: result.findingId ?? null,
      };
    } catch (e) {
      throw toCodevError(e, application.id);
    }
  }
}

function toCodevError(e: unknown, applicationId: string): unknown {
  if (
    e instanceof WorkflowNotFoundError ||
    (e instanceof Error && /workflow execution already completed/i.test(e.message))
  ) {
    return CodevError.conflict(`Application ${applicationId} is closed`);
  }
  if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
    const { type, message } = e.cause;
    if (type === FailureType.Forbidden) return CodevError.forbidden(message);
    if (type === FailureType.Conflict) return CodevError.conflict(message);
    if (type === FailureType.BadInput) return CodevError.badInput([{ path: 'input', message }]);
  }
  return e;
}
