import { Context, Args, Mutation, ResolveField, Parent, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, type Principal } from '@codev/auth';
import { stageActions } from '@codev/engine';
import { Application } from '../applications/application.model';
import { GraphqlContext } from '../graphql/graphql-context';
import { stepInputType } from './step-input.factory';
import { StepResult } from './step-result.model';
import { StepService } from './step.service';

/**
 * Every stage kind's human steps as mutations, built from the kinds' specs: a new kind's
 * steps appear here without a file of their own. Each sends an Update to the application's
 * workflow and answers with the state it left.
 */
@Resolver(() => StepResult)
export class StepMutationsResolver {
  constructor(readonly steps: StepService) {}

  @ResolveField(() => Application, { description: 'The application as the step left it' })
  async application(@Parent() r: StepResult, @Context() ctx: GraphqlContext) {
    return ctx.loaders.application.load(r.applicationId);
  }
}

for (const [name, { action }] of stageActions) {
  const spec = action.spec;
  const Input = stepInputType(spec.inputType, spec.fields, spec.addressedBy);
  const proto = StepMutationsResolver.prototype as unknown as Record<string, unknown>;
  proto[spec.mutation] = async function (
    this: StepMutationsResolver,
    input: { applicationId: string } & Record<string, unknown>,
    principal: Principal,
  ): Promise<StepResult> {
    const reply = await this.steps.send(name, input, principal);
    return {
      stageId: reply.stageId ?? '',
      accepted: true,
      outcome: reply.outcome,
      findingId: reply.reply.findingId ?? null,
      status: reply.status as StepResult['status'],
      activeStages: reply.activeStages,
      waitingFor: reply.waitingFor,
      applicationId: reply.applicationId,
    };
  };
  Reflect.defineMetadata('design:paramtypes', [Input, Object], proto, spec.mutation);
  const descriptor = Object.getOwnPropertyDescriptor(proto, spec.mutation)!;
  Mutation(() => StepResult, { name: spec.mutation, description: spec.description })(
    proto,
    spec.mutation,
    descriptor,
  );
  Args('input', { type: () => Input })(proto, spec.mutation, 0);
  CurrentPrincipal()(proto, spec.mutation, 1);
}
