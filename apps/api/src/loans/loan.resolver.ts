import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CodevError, loanPosition } from '@codev/domain';
import { Application } from '../applications/application.model';
import { isCalendarDate } from '../graphql/calendar-date.validator';
import { GraphqlContext } from '../graphql/graphql-context';
import { toLoan, toLoanPosition, toPortfolioAtRisk } from './loan.mapper';
import { Loan, LoanPositionModel, PortfolioAtRiskModel } from './loan.model';
import { LoanService } from './loan.service';

@Resolver(() => Application)
export class ApplicationLoanResolver {
  @ResolveField(() => [Loan], {
    description: 'Micro-loans made to the applicant under LOAN stages',
  })
  async loans(@Parent() a: Application, @Context() ctx: GraphqlContext): Promise<Loan[]> {
    return (await ctx.loaders.applicationLoans.load(a.id)).map(toLoan);
  }
}

@Resolver(() => Loan)
export class LoanResolver {
  constructor(private readonly loans: LoanService) {}

  @ResolveField(() => LoanPositionModel, {
    description:
      'The loan as of a day (default today): a later day shows what will be overdue if nothing more is paid',
  })
  position(
    @Parent() loan: Loan,
    @Args('asOf', { type: () => String, nullable: true }) asOf?: string | null,
  ): LoanPositionModel {
    const day = asOf ?? new Date().toISOString().slice(0, 10);
    if (!isCalendarDate(day))
      throw CodevError.badInput([{ path: 'asOf', message: 'must be a date YYYY-MM-DD' }]);
    return toLoanPosition(loanPosition(loan.scheduleData, loan.events, day), day, loan.guarantee);
  }

  @Query(() => [PortfolioAtRiskModel], {
    description:
      "Portfolio at risk of a programme's loans (PAR30 by default), per currency, as of a day (default today)",
  })
  async loanPortfolio(
    @Args('programmeKey') programmeKey: string,
    @Args('asOf', { type: () => String, nullable: true }) asOf?: string | null,
    @Args('overdueDays', { type: () => Int, defaultValue: 30 }) overdueDays = 30,
  ): Promise<PortfolioAtRiskModel[]> {
    return (await this.loans.portfolio(programmeKey, asOf ?? null, overdueDays)).map(
      toPortfolioAtRisk,
    );
  }
}
