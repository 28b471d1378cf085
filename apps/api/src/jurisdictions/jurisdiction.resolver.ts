import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ConnectionType, pageComplexity, toConnection } from '../graphql/connection.model';
import { CreateJurisdictionInput } from './create-jurisdiction.input';
import { GraphqlContext } from '../graphql/graphql-context';
import { toJurisdiction } from './jurisdiction.mapper';
import { Jurisdiction } from './jurisdiction.model';
import { JurisdictionService } from './jurisdiction.service';
import { JurisdictionsArgs } from './jurisdictions.args';

const JurisdictionConnection = ConnectionType(Jurisdiction, 'Jurisdiction');

@Resolver(() => Jurisdiction)
export class JurisdictionResolver {
  constructor(private readonly service: JurisdictionService) {}

  @Query(() => Jurisdiction, { nullable: true })
  async jurisdiction(@Args('code') code: string): Promise<Jurisdiction | null> {
    const found = await this.service.findByCode(code);
    return found && toJurisdiction(found);
  }

  @Query(() => JurisdictionConnection, { complexity: pageComplexity })
  async jurisdictions(@Args() args: JurisdictionsArgs) {
    return toConnection(await this.service.list(args), toJurisdiction);
  }

  @Mutation(() => Jurisdiction)
  async createJurisdiction(@Args('input') input: CreateJurisdictionInput): Promise<Jurisdiction> {
    return toJurisdiction(await this.service.create(input));
  }

  @ResolveField(() => Jurisdiction, { nullable: true })
  async parent(
    @Parent() j: Jurisdiction,
    @Context() ctx: GraphqlContext,
  ): Promise<Jurisdiction | null> {
    if (!j.parentId) return null;
    const parent = await ctx.loaders.jurisdiction.load(j.parentId);
    return parent && toJurisdiction(parent);
  }
}
