import {
  Args,
  Context,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';
import { CurrentPrincipal, type Principal } from '@codev/auth';
import { CodevError } from '@codev/domain';
import { IntakeService } from '@codev/intake';
import {
  ConnectionType,
  PageArgsInput,
  pageComplexity,
  toConnection,
} from '../graphql/connection.model';
import { GraphqlContext } from '../graphql/graphql-context';
import { principalOf } from '../graphql/principal-of';
import { toOrganisation } from '../organisations/organisation.mapper';
import { Organisation } from '../organisations/organisation.model';
import { CallPublicationService } from './call-publication.service';
import { callNextActions } from './call-next-actions';
import {
  Call,
  CallApplication,
  CallNextAction,
  CriterionAssessment,
  Directive,
} from './call.model';
import { reasonsVisible, scoresVisible } from './score-visibility';
import { PublishCallInput, SubmitCallApplicationInput } from './call.input';
import { CallQueries } from './call.queries';
import { DirectiveService } from './directive.service';

const CallConnection = ConnectionType(Call, 'Call');

@Resolver(() => Call)
export class CallResolver {
  constructor(
    private readonly queries: CallQueries,
    private readonly publication: CallPublicationService,
    private readonly intake: IntakeService,
    private readonly directives: DirectiveService,
  ) {}

  @Query(() => Call, { nullable: true })
  call(@Args('key') key: string): Promise<Call | null> {
    return this.queries.findByKey(key);
  }

  @Query(() => CallConnection, { complexity: pageComplexity })
  async calls(@Args() args: PageArgsInput) {
    return toConnection(await this.queries.list(args), (c) => c);
  }

  @Mutation(() => Directive, {
    description:
      'Publishes national guidelines; immutable once published. Takes a designer of a national government body of its country, or a platform administrator',
  })
  publishDirective(
    @Args('definition') definition: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Directive> {
    return this.directives.publish(this.directives.parse(definition), principal);
  }

  @Mutation(() => Call, {
    description:
      'Publishes a call; refused with the reasons if it contradicts its programme or a directive it adheres to',
  })
  async publishCall(
    @Args('input') input: PublishCallInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Call> {
    const key = await this.publication.publish(
      input.definition,
      input.issuerOrganisationId,
      principal,
    );
    return (await this.queries.findByKey(key))!;
  }

  @Mutation(() => CallApplication, {
    description:
      'Applies to an open call; refused outside its window. Goes through the same intake as every application',
  })
  async submitCallApplication(
    @Args('input') input: SubmitCallApplicationInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CallApplication> {
    const { applicationId } = await this.intake.submit({ way: 'call', ...input }, principal);
    return (await this.queries.application(applicationId))!;
  }

  @Mutation(() => Call, {
    description: 'Ends the evaluation: ranking and allocation give the provisional resolution',
  })
  async closeCallEvaluation(
    @Args('callKey') callKey: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Call> {
    if (!(await this.queries.findByKey(callKey))) throw CodevError.notFound(`Call ${callKey}`);
    await this.publication.closeEvaluation(callKey, principal);
    return (await this.queries.findByKey(callKey))!;
  }

  @ResolveField(() => [CallNextAction], {
    description:
      'Who must act now, on what, by when: by the call’s phase (a funded project’s own nextActions after)',
  })
  async nextActions(@Parent() call: Call, @Context() ctx: GraphqlContext) {
    return callNextActions(call, await ctx.loaders.callApplications.load(call.id));
  }

  @ResolveField(() => [CallApplication], { description: 'In order of submission' })
  applications(@Parent() call: Call, @Context() ctx: GraphqlContext): Promise<CallApplication[]> {
    return ctx.loaders.callApplications.load(call.id);
  }
}

@Resolver(() => CallApplication)
export class CallApplicationResolver {
  @ResolveField(() => Organisation, { description: 'The organisation that applied' })
  async applicant(@Parent() a: CallApplication, @Context() ctx: GraphqlContext) {
    const o = await ctx.loaders.organisation.load(a.applicantId);
    return o && toOrganisation(o);
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'Aggregate score, 0–100; to the issuer while it evaluates, to everyone from the provisional resolution on',
  })
  totalScore(@Parent() a: CallApplication, @Context() ctx: GraphqlContext) {
    return scoresVisible(a.call, principalOf(ctx)) ? a.totalScore : null;
  }

  @ResolveField(() => GraphQLJSON, { nullable: true, description: 'Sealed as totalScore is' })
  scoreByCriterion(@Parent() a: CallApplication, @Context() ctx: GraphqlContext) {
    return scoresVisible(a.call, principalOf(ctx)) ? a.scoreByCriterion : null;
  }

  @ResolveField(() => Int, { nullable: true, description: 'Sealed as totalScore is' })
  rank(@Parent() a: CallApplication, @Context() ctx: GraphqlContext) {
    return scoresVisible(a.call, principalOf(ctx)) ? a.rank : null;
  }

  @ResolveField(() => [CriterionAssessment], {
    nullable: true,
    description:
      "Each evaluator's scores with their reasons: to the issuer, and to the applicant once the ranking is published (null to anyone else)",
  })
  async assessments(
    @Parent() a: CallApplication,
    @Context() ctx: GraphqlContext,
  ): Promise<CriterionAssessment[] | null> {
    if (!reasonsVisible(a.call, a.applicantId, principalOf(ctx))) return null;
    const rows = await ctx.loaders.callAssessments.load(a.id);
    const order = [...new Set(rows.map((r) => r.evaluator))];
    return rows.map((r) => ({
      evaluator: `evaluator ${order.indexOf(r.evaluator) + 1}`,
      criterionId: r.criterion_id,
      score: r.score,
      reason: r.reason,
    }));
  }
}
