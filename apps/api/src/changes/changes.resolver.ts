import { Args, Context, ID, Resolver, Subscription } from '@nestjs/graphql';
import { CodevError } from '@codev/domain';
import { Application } from '../applications/application.model';
import { ApplicationService } from '../applications/application.service';
import { Call } from '../calls/call.model';
import { CallQueries } from '../calls/call.queries';
import { GraphqlContext } from '../graphql/graphql-context';
import { LoaderFactory } from '../graphql/loaders';
import { APPLICATION_CHANGED, CALL_CHANGED, type Change, ChangeFeed } from './change-feed.service';

/**
 * Pushes state changes as the workflows commit them. Each event is read afresh, with fresh
 * loaders, so nested fields (history, ledger) are never served from an earlier event's cache.
 */
@Resolver()
export class ChangesResolver {
  constructor(
    private readonly feed: ChangeFeed,
    private readonly applications: ApplicationService,
    private readonly calls: CallQueries,
    private readonly loaders: LoaderFactory,
  ) {}

  @Subscription(() => Application, {
    description: 'The application each time its workflow records a change',
    filter: (change: Change, args: { id: string }) => change.applicationId === args.id,
    resolve(this: ChangesResolver, change: Change, _args: unknown, ctx: GraphqlContext) {
      ctx.loaders = this.loaders.create();
      return this.applications.findById(change.applicationId!);
    },
  })
  applicationChanged(@Args('id', { type: () => ID }) _id: string) {
    return this.feed.pubsub.asyncIterableIterator(APPLICATION_CHANGED);
  }

  @Subscription(() => Call, {
    description: 'The call each time its phase or its list of applications changes',
    resolve(
      this: ChangesResolver,
      change: Change & { key: string },
      _args: unknown,
      ctx: GraphqlContext,
    ) {
      ctx.loaders = this.loaders.create();
      return this.calls.findByKey(change.key);
    },
  })
  async callChanged(@Args('key') key: string, @Context() _ctx: GraphqlContext) {
    const call = await this.calls.findByKey(key);
    if (!call) throw CodevError.notFound(`Call ${key}`);
    return changesOf(this.feed.pubsub.asyncIterableIterator<Change>(CALL_CHANGED), call.id, key);
  }
}

/** The changes of one call, each carrying the key its subscriber asked for. */
async function* changesOf(
  source: AsyncIterable<Change>,
  callId: string,
  key: string,
): AsyncGenerator<Change & { key: string }> {
  for await (const change of source) if (change.callId === callId) yield { ...change, key };
}
