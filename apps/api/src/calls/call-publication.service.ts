import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { actsFor, type Principal, Role } from '@codev/auth';
import { CodevError, OrganisationKind, prefixViolations, type Violation } from '@codev/domain';
import { instantOfLocalDateTime } from '@codev/domain/calendar';
import {
  CALL_WORKFLOW,
  type CallDefinition,
  callWorkflowId,
  type CallWorkflowInput,
  checkCallAgainstDirectives,
  checkCallAgainstProgramme,
  closeEvaluationUpdate,
  parseCall,
  parseProgrammeText,
  publishCallUpdate,
} from '@codev/engine';
import {
  callIdFor,
  fingerprintOf,
  fromWorkflowError,
  isAlreadyStarted,
  sendUpdate,
} from '@codev/intake';
import { OrganisationEntity } from '@codev/persistence';
import { TemporalClientProvider } from '@codev/temporal';
import { ProgrammeService } from '../programmes/programme.service';
import { DirectiveService } from './directive.service';

/**
 * Publishing a call and closing its evaluation: both go to the call's workflow, which owns
 * the call's phases and writes its row. Publishing is an update-with-start keyed by the
 * call's key, so publishing twice lands once.
 */
@Injectable()
export class CallPublicationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly programmes: ProgrammeService,
    private readonly directives: DirectiveService,
    private readonly temporal: TemporalClientProvider,
  ) {}

  async publish(text: string, issuerId: string, principal: Principal): Promise<string> {
    const raw = parseProgrammeText(text);
    const parsed = raw.ok ? parseCall(raw.value) : raw;
    if (!parsed.ok) throw CodevError.badInput(prefixViolations('definition', parsed.violations));
    const call = parsed.value;
    const issuer = await this.db.manager.findOneBy(OrganisationEntity, { id: issuerId });
    if (!issuer || issuer.kind !== OrganisationKind.GOVERNMENT_BODY)
      throw CodevError.badInput([
        { path: 'input.issuerOrganisationId', message: 'must be a registered government body' },
      ]);
    if (
      !actsFor(principal, issuerId, Role.OrganisationAdmin) &&
      !actsFor(principal, issuerId, Role.ProgrammeDesigner)
    )
      throw CodevError.forbidden('Only the issuing body may publish its calls');
    const violations: Violation[] = [];
    const version = await this.programmes.inForce(call.programmeKey);
    if (!version)
      violations.push({
        path: 'programmeKey',
        message: `no programme "${call.programmeKey}" is in force`,
      });
    else violations.push(...checkCallAgainstProgramme(call, version.definition));
    const window = this.window(call, violations);
    violations.push(
      ...checkCallAgainstDirectives(call, await this.directives.byKeys(call.adheresTo)),
    );
    if (violations.length || !version || !window)
      throw CodevError.badInput(prefixViolations('definition', violations));

    const fingerprint = fingerprintOf({ call, issuerId });
    const input: CallWorkflowInput = {
      callId: callIdFor(call.key),
      record: {
        key: call.key,
        issuerId,
        programmeId: version.programmeId,
        definition: call,
        opensAt: window.opensAt.toISOString(),
        closesAt: window.closesAt.toISOString(),
        publishedBy: principal.subject,
        fingerprint,
      },
    };
    try {
      await sendUpdate(() =>
        this.temporal.client.workflow.executeUpdateWithStart(publishCallUpdate, {
          args: [{ actor: actorOf(principal, issuerId), fingerprint }],
          updateId: `publish:${fingerprint}`,
          startWorkflowOperation: new WithStartWorkflowOperation(CALL_WORKFLOW, {
            workflowId: callWorkflowId(call.key),
            taskQueue: this.temporal.taskQueue,
            args: [input],
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          }),
        }),
      );
    } catch (e) {
      if (isAlreadyStarted(e))
        throw CodevError.conflict(`A call with key ${call.key} is already published`);
      throw fromWorkflowError(e, `Call ${call.key}`);
    }
    return call.key;
  }

  /** The issuer closes the evaluation; the workflow ranks, allocates and publishes the provisional resolution. */
  async closeEvaluation(callKey: string, principal: Principal): Promise<void> {
    if (!principal.organisationId)
      throw CodevError.forbidden('The evaluation is closed on behalf of the issuing body');
    try {
      await sendUpdate(() =>
        this.temporal.client.workflow
          .getHandle(callWorkflowId(callKey))
          .executeUpdate(closeEvaluationUpdate, {
            args: [{ actor: actorOf(principal, principal.organisationId!) }],
          }),
      );
    } catch (e) {
      throw fromWorkflowError(e, `Call ${callKey}`);
    }
  }

  private window(
    call: CallDefinition,
    violations: Violation[],
  ): { opensAt: Date; closesAt: Date } | null {
    try {
      const closesAt = instantOfLocalDateTime(call.window.closes, call.window.timeZone);
      // A call published after its window closed would go straight to evaluation with
      // nobody able to apply: a typing slip in the year, most likely.
      if (closesAt.getTime() <= Date.now()) {
        violations.push({
          path: 'window.closes',
          message: `${call.window.closes} (${call.window.timeZone}) has passed: a call is published before its window closes`,
        });
        return null;
      }
      return {
        opensAt: instantOfLocalDateTime(call.window.opens, call.window.timeZone),
        closesAt,
      };
    } catch (e) {
      violations.push({ path: 'window', message: (e as Error).message });
      return null;
    }
  }
}

const actorOf = (principal: Principal, organisationId: string) => ({
  subject: principal.subject,
  organisationId: principal.organisationId ?? organisationId,
  roles: [...principal.roles],
});
