import { Args, Context, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '../../graphql/graphql-context';
import { Jurisdiction } from '../jurisdiction.model';
import { RecordJurisdictionIndicatorsInput } from './jurisdiction-indicator.input';
import { JurisdictionIndicator } from './jurisdiction-indicator.model';
import { JurisdictionIndicatorService } from './jurisdiction-indicator.service';

@Resolver(() => Jurisdiction)
export class JurisdictionIndicatorResolver {
  constructor(private readonly service: JurisdictionIndicatorService) {}

  @Mutation(() => Int, {
    description:
      'Loads one published indicator (name, year, source) for many jurisdictions; a year loaded again is replaced. Returns how many values were recorded.',
  })
  recordJurisdictionIndicators(
    @Args('input') input: RecordJurisdictionIndicatorsInput,
  ): Promise<number> {
    return this.service.record(input);
  }

  @ResolveField(() => [JurisdictionIndicator], {
    description: 'Its published indicators, latest year first',
  })
  indicators(
    @Parent() j: Jurisdiction,
    @Context() ctx: GraphqlContext,
  ): Promise<JurisdictionIndicator[]> {
    return ctx.loaders.jurisdictionIndicators.load(j.id);
  }
}
