import {
  Args,
  Context,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Principal, Role } from '@codev/auth';
import {
  ConnectionType,
  PageArgsInput,
  pageComplexity,
  toConnection,
} from '../graphql/connection.model';
import { GraphqlContext } from '../graphql/graphql-context';
import { Call, CallApplication, Directive } from './call.model';
import {
  CallApplicationReasonInput,
  CompleteCallApplicationInput,
  PublishCallInput,
  ScoreCallApplicationInput,
  SubmitCallApplicationInput,
} from './call.input';
import { CallService } from './call.service';
import { DirectiveService } from './directive.service';

const CallConnection = ConnectionType(Call, 'Call');

@Resolver(() => Call)
export class CallResolver {
  constructor(
    private readonly service: CallService,
    private readonly directives: DirectiveService,
  ) {}

  @Query(() => Call, { nullable: true })
  call(@Args('key') key: string): Promise<Call | null> {
    return this.service.findByKey(key);
  }

  @Query(() => CallConnection, { complexity: pageComplexity })
  async calls(@Args() args: PageArgsInput) {
    return toConnection(await this.service.list(args), (c) => c);
  }

  @Mutation(() => Directive, {
    description: 'Publishes national guidelines; immutable once published',
  })
  @Authenticated(Role.PlatformAdmin, Role.ProgrammeDesigner)
  publishDirective(@Args('definition') definition: string): Promise<Directive> {
    return this.directives.publish(this.directives.parse(definition));
  }

  @Mutation(() => Call, {
    description:
      'Publishes a call; refused with the reasons if it contradicts a directive it adheres to',
  })
  @Authenticated()
  publishCall(
    @Args('input') input: PublishCallInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Call> {
    return this.service.publishCall(input.definition, input.issuerOrganisationId, principal);
  }

  @Mutation(() => CallApplication, {
    description: 'Applies to an open call; refused outside its window',
  })
  @Authenticated()
  submitCallApplication(
    @Args('input') input: SubmitCallApplicationInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.submit(input, principal);
  }

  @Mutation(() => CallApplication, {
    description: 'Adds the missing documents within the period to fix defects',
  })
  @Authenticated()
  completeCallApplication(
    @Args('input') input: CompleteCallApplicationInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.complete(input, principal);
  }

  @Mutation(() => CallApplication, {
    description: "An evaluator's scores, every criterion once with its reason",
  })
  @Authenticated(Role.Evaluator)
  scoreCallApplication(
    @Args('input') input: ScoreCallApplicationInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.score(input, principal);
  }

  @Mutation(() => CallApplication, {
    description: 'An evaluator steps aside for a conflict of interest, giving the reason',
  })
  @Authenticated(Role.Evaluator)
  recuseFromCallApplication(
    @Args('input') input: CallApplicationReasonInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.recuse(input, principal);
  }

  @Mutation(() => Call, {
    description: 'Ends the evaluation: ranking and allocation give the provisional resolution',
  })
  @Authenticated(Role.OrganisationAdmin)
  closeCallEvaluation(@Args('callKey') callKey: string, @CurrentPrincipal() principal: Principal) {
    return this.service.closeEvaluation(callKey, principal);
  }

  @Mutation(() => CallApplication, {
    description: 'An objection to the provisional resolution, within its period',
  })
  @Authenticated()
  lodgeCallObjection(
    @Args('input') input: CallApplicationReasonInput,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.lodgeObjection(input, principal);
  }

  @Mutation(() => CallApplication, {
    description: 'Withdraws after the resolution; the reserve list moves up',
  })
  @Authenticated()
  withdrawCallApplication(
    @Args('applicationId', { type: () => ID }) applicationId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.service.withdraw(applicationId, principal);
  }

  @ResolveField(() => [CallApplication], { description: 'In order of submission' })
  applications(@Parent() call: Call, @Context() ctx: GraphqlContext): Promise<CallApplication[]> {
    return ctx.loaders.callApplications.load(call.id);
  }
}
