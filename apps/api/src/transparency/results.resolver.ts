import { Args, Query, Resolver } from '@nestjs/graphql';
import { ConsultationResult, ProgrammeResults, ResultsPlace } from './results.model';
import { ResultsService } from './results.service';

/** Public results: what the projects achieved and what communities asked for. */
@Resolver()
export class ResultsResolver {
  constructor(private readonly results: ResultsService) {}

  @Query(() => ProgrammeResults, {
    description:
      "A programme's results: its projects' indicators (baseline, target, latest actual) and post-handover evaluations, by year and place",
  })
  async programmeResults(
    @Args('programmeKey') programmeKey: string,
    @Args('level', { type: () => ResultsPlace, defaultValue: ResultsPlace.SUBDIVISION })
    level: ResultsPlace,
  ): Promise<ProgrammeResults> {
    const [indicators, evaluations] = await Promise.all([
      this.results.indicators(programmeKey, level),
      this.results.evaluations(programmeKey, level),
    ]);
    return { programmeKey, indicators, evaluations };
  }

  @Query(() => [ConsultationResult], {
    description:
      'The published results of the community consultations of a place, latest first (the ranking and how many voted; never who)',
  })
  consultationResults(
    @Args('jurisdictionCode') jurisdictionCode: string,
  ): Promise<ConsultationResult[]> {
    return this.results.consultations(jurisdictionCode);
  }
}
