import { Args, Context, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, type Principal } from '@codev/auth';
import { atMinorUnits } from '@codev/domain';
import { GraphqlContext } from '../graphql/graphql-context';
import { Agreement } from './agreement.model';
import { CastWorkPlanVoteInput, ProposeWorkPlanInput, WorkPlanVoteValue } from './work-plan.input';
import { WorkPlanModel } from './work-plan.model';
import { type WorkPlanRow, WorkPlanService } from './work-plan.service';

const toWorkPlan = (p: WorkPlanRow): WorkPlanModel => ({
  id: p.id,
  year: p.year,
  status: p.status,
  allocations: p.allocations.map((a) => ({
    component: a.component,
    funder: a.funder,
    amount: { amount: atMinorUnits(a.amount, a.currency), currency: a.currency },
  })),
  note: p.note,
  votesBy: p.votesBy,
  proposedAt: p.proposedAt,
  decidedAt: p.decidedAt,
  reason: p.reason,
  votes: (p.votes ?? []).map((v) => ({
    role: v.role,
    vote: v.vote as WorkPlanVoteValue,
    reason: v.reason,
  })),
});

@Resolver(() => Agreement)
export class WorkPlanResolver {
  constructor(private readonly plans: WorkPlanService) {}

  @ResolveField(() => [WorkPlanModel], {
    description: 'Its annual work plans, newest year first (one year only when given)',
  })
  async workPlans(
    @Parent() a: Agreement,
    @Context() ctx: GraphqlContext,
    @Args('year', { type: () => Int, nullable: true }) year?: number | null,
  ): Promise<WorkPlanModel[]> {
    const rows = await ctx.loaders.agreementWorkPlans.load(a.id);
    return rows.filter((p) => year == null || p.year === year).map(toWorkPlan);
  }

  @Mutation(() => WorkPlanModel, {
    description:
      "The committee's chair or co-chair proposes the year's work plan: each component's allocations per funder; the committee then votes",
  })
  async proposeWorkPlan(
    @Args('input') input: ProposeWorkPlanInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WorkPlanModel> {
    return toWorkPlan(await this.plans.propose(input, principal));
  }

  @Mutation(() => WorkPlanModel, {
    description:
      'A member of the joint steering committee votes on the year’s work plan, once per seat; answered once any decision it makes is written',
  })
  async castWorkPlanVote(
    @Args('input') input: CastWorkPlanVoteInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<WorkPlanModel> {
    return toWorkPlan(await this.plans.vote(input, principal));
  }
}
