import { Injectable } from '@nestjs/common';
import type { ApplicationEntity } from '@codev/persistence';

/** A look at the database a step needs before the workflow decides it; throws a CodevError. */
export type StepCheck = (
  input: Record<string, unknown>,
  application: ApplicationEntity,
) => Promise<void>;

/**
 * Whether this very step (same receipt, same content), by the organisation that took it, was
 * recorded before its workflow ended.
 */
export type StepRecorded = (
  input: Record<string, unknown>,
  application: ApplicationEntity,
  organisationId: string,
) => Promise<boolean>;

/**
 * What the API asks the database around a step, registered by the module that owns the data
 * under the step's action name: checks that need data outside the application's workflow
 * (another application, the rates table), before the workflow decides the rest; and, for
 * receipts an institution may post again after the application ended, whether the step is
 * already recorded, so the retry is answered as the first post was instead of refused.
 */
@Injectable()
export class StepChecks {
  private readonly checks = new Map<string, StepCheck>();
  private readonly recorded = new Map<string, StepRecorded>();

  register(action: string, check: StepCheck): void {
    if (this.checks.has(action)) throw new Error(`step "${action}" has two checks`);
    this.checks.set(action, check);
  }

  registerRecorded(action: string, recorded: StepRecorded): void {
    if (this.recorded.has(action)) throw new Error(`step "${action}" has two records`);
    this.recorded.set(action, recorded);
  }

  async wasRecorded(
    action: string,
    input: Record<string, unknown>,
    application: ApplicationEntity,
    organisationId: string,
  ): Promise<boolean> {
    return (await this.recorded.get(action)?.(input, application, organisationId)) ?? false;
  }

  async run(
    action: string,
    input: Record<string, unknown>,
    application: ApplicationEntity,
  ): Promise<void> {
    await this.checks.get(action)?.(input, application);
  }
}
