import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Principal, Role } from '@codev/auth';
import {
  ConnectionType,
  PageArgsInput,
  pageComplexity,
  toConnection,
} from '../graphql/connection.model';
import { GraphqlContext } from '../graphql/graphql-context';
import { Call, CallApplication, Directive } from './call.model';
import { PublishCallInput, SubmitCallApplicationInput } from './call.input';
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

  @ResolveField(() => [CallApplication], { description: 'In order of submission' })
  applications(@Parent() call: Call, @Context() ctx: GraphqlContext): Promise<CallApplication[]> {
    return ctx.loaders.callApplications.load(call.id);
  }
}
