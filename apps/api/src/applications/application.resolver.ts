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
import { CurrentPrincipal, Principal } from '@codev/auth';
import { atMinorUnits } from '@codev/domain';
import { IntakeService } from '@codev/intake';
import { StepService } from '../steps/step.service';
import { pageComplexity, toConnection } from '../graphql/connection.model';
import { GraphqlContext } from '../graphql/graphql-context';
import { toJurisdiction } from '../jurisdictions/jurisdiction.mapper';
import { Jurisdiction } from '../jurisdictions/jurisdiction.model';
import { toOrganisation } from '../organisations/organisation.mapper';
import { Organisation } from '../organisations/organisation.model';
import {
  Application,
  ApplicationConnection,
  ApplicationFailureInfo,
  ApplicationDeadline,
  ApplicationDocument,
  ApplicationEvent,
  ApplicationParty,
  LedgerBalance,
} from './application.model';
import { ApplicationService } from './application.service';
import { ApplicationsArgs } from './applications.args';
import { SubmitApplicationInput, WithdrawApplicationInput } from './submit-application.input';
import { localIsoTime } from '@codev/domain/calendar/local-time';
import { sealOpenVotes } from './vote-secrecy';
import { principalOf } from '../graphql/principal-of';

@Resolver(() => Application)
export class ApplicationResolver {
  constructor(
    private readonly service: ApplicationService,
    private readonly intake: IntakeService,
    private readonly steps: StepService,
  ) {}

  @Query(() => Application, { nullable: true })
  application(@Args('id', { type: () => ID }) id: string): Promise<Application | null> {
    return /^[0-9a-f-]{36}$/i.test(id) ? this.service.findById(id) : Promise.resolve(null);
  }

  @Query(() => ApplicationFailureInfo, {
    nullable: true,
    description:
      'Why the engine could not go on with an application, even one whose row was never written',
  })
  async applicationFailure(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: GraphqlContext,
  ) {
    return /^[0-9a-f-]{36}$/i.test(id) ? ctx.loaders.applicationFailure.load(id) : null;
  }

  @Query(() => ApplicationConnection, {
    complexity: pageComplexity,
    description: 'Newest last; filter by programme, status, place, sector, year',
  })
  async applications(@Args() args: ApplicationsArgs) {
    return toConnection(await this.service.list(args), (a) => a);
  }

  @Mutation(() => Application, {
    description:
      'Submits a proposal under the programme version in force and starts its procedure; answers once the workflow has taken it in',
  })
  async submitApplication(
    @Args('input') input: SubmitApplicationInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Application> {
    const { applicationId } = await this.intake.submit({ way: 'programme', ...input }, principal);
    return this.taken(applicationId);
  }

  @Mutation(() => Application, {
    description:
      'The applicant withdraws its application: what is still committed returns, and a call moves its reserve list up',
  })
  async withdrawApplication(
    @Args('input') input: WithdrawApplicationInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Application> {
    await this.steps.withdraw(input.applicationId, input.reason, principal);
    return this.taken(input.applicationId);
  }

  /** The projection the workflow wrote before it answered. */
  private async taken(id: string): Promise<Application> {
    const found = await this.service.findById(id);
    if (!found) throw new Error(`application ${id} was taken in but is not projected`);
    return found;
  }

  @ResolveField(() => ApplicationFailureInfo, {
    nullable: true,
    description: 'Why the application FAILED, when it did',
  })
  async failure(@Parent() a: Application, @Context() ctx: GraphqlContext) {
    return a.status === 'FAILED' ? ctx.loaders.applicationFailure.load(a.id) : null;
  }

  @ResolveField(() => Organisation)
  async applicant(@Parent() a: Application, @Context() ctx: GraphqlContext) {
    const o = await ctx.loaders.organisation.load(a.applicantId);
    return o && toOrganisation(o);
  }

  @ResolveField(() => Jurisdiction)
  async projectJurisdiction(@Parent() a: Application, @Context() ctx: GraphqlContext) {
    const j = await ctx.loaders.jurisdiction.load(a.projectJurisdictionId);
    return j && toJurisdiction(j);
  }

  @ResolveField(() => [ApplicationParty])
  async parties(
    @Parent() a: Application,
    @Context() ctx: GraphqlContext,
  ): Promise<ApplicationParty[]> {
    return (await ctx.loaders.applicationParties.load(a.id)).map((p) => ({
      role: p.role,
      organisationId: p.organisationId,
    }));
  }

  @ResolveField(() => [ApplicationEvent], {
    description:
      'Every step: who, when, why — oldest first. The votes of a committee still deciding are sealed (who, how and why withheld) but from the voter',
  })
  async history(
    @Parent() a: Application,
    @Context() ctx: GraphqlContext,
  ): Promise<ApplicationEvent[]> {
    const events = await ctx.loaders.applicationHistory.load(a.id);
    return sealOpenVotes(events, a.activeStages, principalOf(ctx));
  }

  @ResolveField(() => [ApplicationDocument])
  documents(@Parent() a: Application, @Context() ctx: GraphqlContext) {
    return ctx.loaders.applicationDocuments.load(a.id);
  }

  @ResolveField(() => [ApplicationDeadline])
  async deadlines(
    @Parent() a: Application,
    @Context() ctx: GraphqlContext,
  ): Promise<ApplicationDeadline[]> {
    return (await ctx.loaders.applicationDeadlines.load(a.id)).map((d) => ({
      ...d,
      localDueAt: d.timeZone ? localIsoTime(d.dueAt, d.timeZone) : null,
    }));
  }

  @ResolveField(() => [LedgerBalance], {
    description: 'Committed and disbursed money per funder, from the ledger',
  })
  async ledger(@Parent() a: Application, @Context() ctx: GraphqlContext): Promise<LedgerBalance[]> {
    const money = (amount: string, currency: string) => ({
      amount: atMinorUnits(amount, currency),
      currency,
    });
    return (await ctx.loaders.applicationBalances.load(a.id)).map((b) => ({
      role: b.partyRole,
      organisationId: b.organisationId,
      currency: b.currency,
      committed: atMinorUnits(b.committed, b.currency),
      disbursed: atMinorUnits(b.disbursed, b.currency),
      inOwnCurrency: {
        committed: money(b.own.committed, b.own.currency),
        disbursed: money(b.own.disbursed, b.own.currency),
      },
      exchangeDifference: money(b.exchangeDifference, b.currency),
    }));
  }
}

@Resolver(() => ApplicationParty)
export class ApplicationPartyResolver {
  @ResolveField(() => Organisation)
  async organisation(@Parent() p: ApplicationParty, @Context() ctx: GraphqlContext) {
    const o = await ctx.loaders.organisation.load(p.organisationId);
    return o && toOrganisation(o);
  }
}
