import {
  Args,
  Context,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { CurrentPrincipal, Principal } from '@codev/auth';
import { ConnectionType, pageComplexity, toConnection } from '../graphql/connection.model';
import { GraphqlContext } from '../graphql/graphql-context';
import { toJurisdiction } from '../jurisdictions/jurisdiction.mapper';
import { Jurisdiction } from '../jurisdictions/jurisdiction.model';
import { toOrganisation } from './organisation.mapper';
import { Organisation } from './organisation.model';
import { OrganisationService } from './organisation.service';
import { OrganisationsArgs } from './organisations.args';
import { RegisterOrganisationInput } from './register-organisation.input';
import { UpdateOrganisationInput } from './update-organisation.input';

const OrganisationConnection = ConnectionType(Organisation, 'Organisation');

@Resolver(() => Organisation)
export class OrganisationResolver {
  constructor(private readonly service: OrganisationService) {}

  @Query(() => Organisation, { nullable: true })
  async organisation(@Args('id', { type: () => ID }) id: string): Promise<Organisation | null> {
    const found = /^[0-9a-f-]{36}$/i.test(id) ? await this.service.findById(id) : null;
    return found && toOrganisation(found);
  }

  @Query(() => OrganisationConnection, { complexity: pageComplexity })
  async organisations(@Args() args: OrganisationsArgs) {
    return toConnection(await this.service.list(args), toOrganisation);
  }

  @Mutation(() => Organisation, { description: 'Registers a party; platform administrators only' })
  async registerOrganisation(
    @Args('input') input: RegisterOrganisationInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Organisation> {
    return toOrganisation(await this.service.register(input, principal));
  }

  @Mutation(() => Organisation, {
    description: "Changes a profile; the organisation's own administrators only",
  })
  async updateOrganisation(
    @Args('input') input: UpdateOrganisationInput,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Organisation> {
    return toOrganisation(await this.service.update(input, principal));
  }

  @ResolveField(() => Jurisdiction, { nullable: true })
  jurisdiction(@Parent() o: Organisation, @Context() ctx: GraphqlContext) {
    return this.loadJurisdiction(o.jurisdictionId, ctx);
  }

  @ResolveField(() => Jurisdiction, {
    nullable: true,
    description: 'Community of origin of a migrant organisation',
  })
  originJurisdiction(@Parent() o: Organisation, @Context() ctx: GraphqlContext) {
    return this.loadJurisdiction(o.originJurisdictionId, ctx);
  }

  private async loadJurisdiction(
    id: string | null,
    ctx: GraphqlContext,
  ): Promise<Jurisdiction | null> {
    const found = id ? await ctx.loaders.jurisdiction.load(id) : null;
    return found && toJurisdiction(found);
  }
}
