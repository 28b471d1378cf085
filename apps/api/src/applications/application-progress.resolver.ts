import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CodevError } from '@codev/domain';
import { localDateOf } from '@codev/domain/calendar/zoned-time';
import { PageArgsInput, pageComplexity, toConnection } from '../graphql/connection.model';
import { GraphqlContext } from '../graphql/graphql-context';
import { principalOf } from '../graphql/principal-of';
import {
  Application,
  ApplicationConnection,
  NextAction,
  ScheduledTranchePart,
} from './application.model';
import { ApplicationService } from './application.service';
import { disbursementSchedule, type TimelineEntry } from './disbursement-schedule';
import { localIsoTime } from '@codev/domain/calendar/local-time';

/** What an application waits for and from whom, and what it has paid against its dates. */
@Resolver(() => Application)
export class ApplicationProgressResolver {
  constructor(private readonly service: ApplicationService) {}

  @Query(() => ApplicationConnection, {
    complexity: pageComplexity,
    description:
      "What waits for the caller's organisation: open applications whose procedure waits for a role it plays (see nextActions), oldest first",
  })
  async inbox(@Args() page: PageArgsInput, @Context() ctx: GraphqlContext) {
    const caller = principalOf(ctx);
    if (!caller) throw CodevError.unauthenticated();
    if (!caller.organisationId)
      throw CodevError.badInput([
        { path: 'token', message: 'an inbox is an organisation’s: the token names none' },
      ]);
    return toConnection(await this.service.waitingOn(caller.organisationId, page), (a) => a);
  }

  @ResolveField(() => [NextAction], {
    description:
      'Who must act next, at which open stages and by when (empty once the application is closed)',
  })
  async nextActions(
    @Parent() a: Application,
    @Context() ctx: GraphqlContext,
  ): Promise<NextAction[]> {
    if (a.waitingFor.length === 0) return [];
    const [parties, deadlines] = await Promise.all([
      ctx.loaders.applicationParties.load(a.id),
      ctx.loaders.applicationDeadlines.load(a.id),
    ]);
    const open = deadlines
      .filter((d) => d.status === 'OPEN' && a.activeStages.includes(d.stageId))
      .sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime())[0];
    return a.waitingFor.map((role) => ({
      role,
      organisationId: parties.find((p) => p.role === role)?.organisationId ?? null,
      stageIds: a.activeStages,
      dueAt: open?.dueAt ?? null,
      localDueAt: open?.timeZone ? localIsoTime(open.dueAt, open.timeZone) : null,
      timeZone: open?.timeZone ?? null,
    }));
  }

  @ResolveField(() => [ScheduledTranchePart], {
    description:
      "Each funder's tranche dates and whether each part was paid on time (empty until a committee sets the timeline)",
  })
  async disbursementSchedule(
    @Parent() a: Application,
    @Context() ctx: GraphqlContext,
  ): Promise<ScheduledTranchePart[]> {
    const timeline = (a.disbursementTimeline ?? []) as TimelineEntry[];
    if (timeline.length === 0) return [];
    const [events, parties] = await Promise.all([
      ctx.loaders.applicationHistory.load(a.id),
      ctx.loaders.applicationParties.load(a.id),
    ]);
    // Each funder's day is its own jurisdiction's; UTC where it has no place or zone.
    const zones = new Map<string, string>();
    await Promise.all(
      parties.map(async (p) => {
        const o = await ctx.loaders.organisation.load(p.organisationId);
        const j = o?.jurisdictionId ? await ctx.loaders.jurisdiction.load(o.jurisdictionId) : null;
        zones.set(p.role, j?.timeZone ?? 'UTC');
      }),
    );
    return disbursementSchedule(timeline, events, new Date(), (instant, role) =>
      localDateOf(instant, zones.get(role) ?? 'UTC'),
    );
  }
}
