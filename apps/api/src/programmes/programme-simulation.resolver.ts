import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, type Principal } from '@codev/auth';
import { CodevError } from '@codev/domain';
import { localIsoTime } from '@codev/domain/calendar/local-time';
import { definitionWarnings } from '@codev/engine';
import { dryRunProcedure } from '@codev/engine/runner/dry-run';
import { workingDayCalendar } from '@codev/engine/runner/working-day-calendar';
import { IntakeService } from '@codev/intake';
import { toFundingLines } from '../applications/application.mapper';
import { SubmitApplicationInput } from '../applications/submit-application.input';
import { ProgrammeSimulation } from './programme-simulation.model';
import { ProgrammeService } from './programme.service';

@Resolver(() => ProgrammeSimulation)
export class ProgrammeSimulationResolver {
  constructor(
    private readonly programmes: ProgrammeService,
    private readonly intake: IntakeService,
  ) {}

  @Query(() => ProgrammeSimulation, {
    description:
      'A dry run: a sample application judged under the programme’s draft as a submission would be (eligibility, the funding formula — refused with every reason, as a submission is), then its stages opened in memory: who acts and, were each to open now, its deadline. Nothing is written. For the programme’s designers (or a platform administrator)',
  })
  async simulateProgrammeDraft(
    @Args('input') input: SubmitApplicationInput,
    @CurrentPrincipal() principal: Principal | undefined,
  ): Promise<ProgrammeSimulation> {
    if (!principal) throw CodevError.unauthenticated();
    const draft = await this.programmes.draftOf(input.programmeKey, principal);
    const run = await this.intake.dryRun(draft, { way: 'programme', ...input }, principal);
    const now = Date.now();
    return {
      programmeKey: draft.definition.key,
      version: draft.version,
      currency: run.funding.currency,
      totalAmount: run.funding.total,
      fundingSplit: toFundingLines(run.funding),
      parties: Object.entries(run.parties).map(([role, organisationId]) => ({
        role,
        organisationId,
      })),
      stages: dryRunProcedure(run, now, workingDayCalendar).map(({ deadline, ...stage }) => ({
        ...stage,
        dueAt: deadline ? new Date(deadline.dueAt) : null,
        localDueAt: deadline ? localIsoTime(new Date(deadline.dueAt), deadline.timeZone) : null,
        timeZone: deadline?.timeZone ?? null,
        calendar: deadline?.calendar ?? null,
      })),
      warnings: definitionWarnings(draft.definition),
    };
  }
}
