import { Args, Query, Resolver } from '@nestjs/graphql';
import { FundingReportInput, FundingRow, PortfolioReportInput, PortfolioRow } from './report.model';
import { ReportService } from './report.service';

/** Public figures of the portfolio: anyone may read where the money went. */
@Resolver()
export class ReportResolver {
  constructor(private readonly reports: ReportService) {}

  @Query(() => [PortfolioRow], {
    description:
      'Applications counted and summed by the dimensions named, e.g. [SECTOR, SUBMISSION_YEAR] for projects by type and year, [SUBMISSION_YEAR] for the states and municipalities taking part each year',
  })
  portfolioReport(@Args('input') input: PortfolioReportInput): Promise<PortfolioRow[]> {
    return this.reports.portfolio(input);
  }

  @Query(() => [FundingRow], {
    description:
      'What funders committed and paid, from the ledger, by the dimensions named, e.g. [FUNDER_LEVEL, YEAR] for the investment by government level per year',
  })
  fundingReport(@Args('input') input: FundingReportInput): Promise<FundingRow[]> {
    return this.reports.funding(input);
  }
}
