import { Injectable } from '@nestjs/common';
import type { ApplicationEntity } from '@codev/persistence';

/** A look at the database a step needs before the workflow decides it; throws a CodevError. */
export type StepCheck = (
  input: Record<string, unknown>,
  application: ApplicationEntity,
) => Promise<void>;

/**
 * Checks that need data outside the application's workflow (another application, the rates
 * table), registered by the module that owns that data under the step's action name. The
 * workflow, which cannot read the database, then decides the rest.
 */
@Injectable()
export class StepChecks {
  private readonly checks = new Map<string, StepCheck>();

  register(action: string, check: StepCheck): void {
    if (this.checks.has(action)) throw new Error(`step "${action}" has two checks`);
    this.checks.set(action, check);
  }

  async run(
    action: string,
    input: Record<string, unknown>,
    application: ApplicationEntity,
  ): Promise<void> {
    await this.checks.get(action)?.(input, application);
  }
}
