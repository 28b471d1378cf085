import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphqlContext } from '../graphql/graphql-context';
import { toOrganisation } from '../organisations/organisation.mapper';
import { Organisation } from '../organisations/organisation.model';
import { Envelope } from '../programmes/envelope.model';
import { toEnvelope } from '../programmes/programme.mapper';
import { type AgreementRow, AgreementService } from './agreement.service';
import { Agreement, AgreementComponentModel, AgreementParty } from './agreement.model';

function toAgreement(a: AgreementRow): Agreement {
  const d = a.definition;
  return {
    id: a.id,
    key: a.key,
    name: a.name,
    signedIn: d.signedIn ?? null,
    description: d.description ?? null,
    parties: d.parties.map((p) => ({
      role: p.role,
      label: p.label,
      country: p.country,
      diaspora: p.diaspora ?? false,
      organisationId: a.parties[p.role],
    })),
    steeringCommittee: d.steeringCommittee,
    components: d.components.map((c) => ({
      key: c.key,
      name: c.name,
      kind: c.kind,
      programmes: c.programmes,
      yearlyEnvelopes: c.envelopes,
      agreementId: a.id,
    })),
  };
}

@Resolver(() => Agreement)
export class AgreementResolver {
  constructor(private readonly service: AgreementService) {}

  @Query(() => Agreement, { nullable: true })
  async agreement(@Args('key') key: string): Promise<Agreement | null> {
    const found = await this.service.find(key);
    return found && toAgreement(found);
  }

  @Query(() => [Agreement], { description: 'Every agreement loaded, by key' })
  async agreements(): Promise<Agreement[]> {
    return (await this.service.list()).map(toAgreement);
  }
}

@Resolver(() => AgreementParty)
export class AgreementPartyResolver {
  @ResolveField(() => Organisation, { nullable: true })
  async organisation(@Parent() p: AgreementParty, @Context() ctx: GraphqlContext) {
    const o = await ctx.loaders.organisation.load(p.organisationId);
    return o && toOrganisation(o);
  }
}

@Resolver(() => AgreementComponentModel)
export class AgreementComponentResolver {
  @ResolveField(() => [Envelope], {
    description:
      'Its funders’ envelopes and what the commitments of its programmes took from them, each in its own currency',
  })
  async envelopes(
    @Parent() c: AgreementComponentModel,
    @Context() ctx: GraphqlContext,
    @Args('year', { type: () => Int, nullable: true }) year?: number | null,
  ): Promise<Envelope[]> {
    const rows = await ctx.loaders.agreementEnvelopes.load(c.agreementId);
    return rows
      .filter((e) => e.component === c.key && (year == null || e.year === year))
      .map((e) => toEnvelope({ ...e, programmeId: '' }));
  }
}
