import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, type Principal } from '@codev/auth';
import { ExchangeRate } from './exchange-rate.model';
import { ExchangeRatesArgs, RecordExchangeRatesInput } from './exchange-rate.input';
import { ExchangeRateService } from './exchange-rate.service';

@Resolver(() => ExchangeRate)
export class ExchangeRateResolver {
  constructor(private readonly service: ExchangeRateService) {}

  @Query(() => [ExchangeRate], { description: 'Recorded exchange rates, newest first' })
  exchangeRates(@Args() args: ExchangeRatesArgs): Promise<ExchangeRate[]> {
    return this.service.list(args, args.first);
  }

  @Mutation(() => [ExchangeRate], {
    description:
      "Records exchange rates (e.g. a central bank's reference rates); one already recorded for the same pair, day and source is kept",
  })
  recordExchangeRates(
    @Args('input') input: RecordExchangeRatesInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ExchangeRate[]> {
    return this.service.record(input.rates, principal.subject);
  }
}
