import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '@codev/auth';
import { savingsPosition } from '@codev/domain';
import { Application } from '../applications/application.model';
import { GraphqlContext } from '../graphql/graphql-context';
import { principalOf } from '../graphql/principal-of';
import { toReleaseModel, toSavingsAccount } from './savings.mapper';
import { SavingsAccountModel, SavingsReleaseModel } from './savings.model';

@Resolver(() => Application)
export class ApplicationSavingsResolver {
  @ResolveField(() => [SavingsAccountModel], {
    description:
      'Savings accounts held under SAVINGS stages: listed to the saver and to the institution that keeps them only (personal finances)',
  })
  async savingsAccounts(
    @Parent() a: Application,
    @Context() ctx: GraphqlContext,
  ): Promise<SavingsAccountModel[]> {
    const caller = principalOf(ctx);
    const accounts = await ctx.loaders.applicationSavings.load(a.id);
    return accounts
      .filter(
        (s) =>
          caller?.roles.has(Role.PlatformAdmin) ||
          (caller?.organisationId != null &&
            [s.saverId, s.depositaryId].includes(caller.organisationId)),
      )
      .map((s) => toSavingsAccount(s, savingsPosition(s.events, s.yearlyReliefCap)));
  }

  @ResolveField(() => [SavingsReleaseModel], {
    description:
      "Co-development savings invested in this project (its applicant's own contribution)",
  })
  async fundedBySavings(
    @Parent() a: Application,
    @Context() ctx: GraphqlContext,
  ): Promise<SavingsReleaseModel[]> {
    return (await ctx.loaders.savingsReleases.load(a.id)).map(toReleaseModel);
  }
}
