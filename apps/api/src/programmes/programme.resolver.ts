import {
  Args,
  Context,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { CurrentPrincipal, Principal } from '@codev/auth';
import {
  ConnectionType,
  PageArgsInput,
  pageComplexity,
  toConnection,
} from '../graphql/connection.model';
import { GraphqlContext } from '../graphql/graphql-context';
import { Organisation } from '../organisations/organisation.model';
import { toOrganisation } from '../organisations/organisation.mapper';
import { Envelope } from './envelope.model';
import { toEnvelope, toProgramme, toProgrammeVersion } from './programme.mapper';
import { Programme, ProgrammeVersion, ProgrammeVersionStatus } from './programme.model';
import { ProgrammeService } from './programme.service';
import { TransferProgrammeArgs } from './transfer-programme.args';

const ProgrammeConnection = ConnectionType(Programme, 'Programme');

@Resolver(() => Programme)
export class ProgrammeResolver {
  constructor(private readonly service: ProgrammeService) {}

  @Query(() => Programme, { nullable: true })
  async programme(@Args('key') key: string): Promise<Programme | null> {
    const found = await this.service.findByKey(key);
    return found && toProgramme(found);
  }

  @Query(() => ProgrammeConnection, { complexity: pageComplexity })
  async programmes(@Args() args: PageArgsInput) {
    return toConnection(await this.service.list(args), toProgramme);
  }

  @Mutation(() => ProgrammeVersion, {
    description:
      'Saves a definition (YAML or JSON text) as the draft of its programme, creating the programme on first save',
  })
  async saveProgrammeDraft(
    @Args('definition') definition: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProgrammeVersion> {
    return toProgrammeVersion(
      await this.service.saveDraft(this.service.parse(definition), principal),
    );
  }

  @Mutation(() => ProgrammeVersion, {
    description: 'Puts the draft in force; the version it replaces is retired',
  })
  async publishProgrammeDraft(
    @Args('key') key: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProgrammeVersion> {
    return toProgrammeVersion(await this.service.publishDraft(key, principal));
  }

  @Mutation(() => Boolean, {
    description:
      "Throws a programme's draft away (true), or finds none (false); published versions stay",
  })
  discardProgrammeDraft(
    @Args('key') key: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<boolean> {
    return this.service.discardDraft(key, principal);
  }

  @Mutation(() => ProgrammeVersion, {
    description: 'Stops new applications under a version; those in flight go on',
  })
  async retireProgrammeVersion(
    @Args('key') key: string,
    @Args('version', { type: () => Int }) version: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProgrammeVersion> {
    return toProgrammeVersion(await this.service.retire(key, version, principal));
  }

  @Mutation(() => Programme, {
    description:
      "Hands a programme to another organisation's designers, or with no organisation to the platform (platform administrators only)",
  })
  async transferProgramme(
    @Args() { key, organisationId }: TransferProgrammeArgs,
  ): Promise<Programme> {
    return toProgramme(await this.service.transfer(key, organisationId ?? null));
  }

  @ResolveField(() => Organisation, {
    nullable: true,
    description:
      'The organisation whose designers change, publish and retire it; none: the platform’s',
  })
  async owner(
    @Parent() p: Programme,
    @Context() ctx: GraphqlContext,
  ): Promise<Organisation | null> {
    const o = p.ownerId ? await ctx.loaders.organisation.load(p.ownerId) : null;
    return o && toOrganisation(o);
  }

  @ResolveField(() => [ProgrammeVersion], { description: 'Newest first' })
  async versions(
    @Parent() p: Programme,
    @Context() ctx: GraphqlContext,
  ): Promise<ProgrammeVersion[]> {
    return (await ctx.loaders.programmeVersions.load(p.id)).map(toProgrammeVersion);
  }

  @ResolveField(() => ProgrammeVersion, {
    nullable: true,
    description: 'The version new applications are pinned to',
  })
  async inForce(
    @Parent() p: Programme,
    @Context() ctx: GraphqlContext,
  ): Promise<ProgrammeVersion | null> {
    const found = (await ctx.loaders.programmeVersions.load(p.id)).find(
      (v) => v.status === ProgrammeVersionStatus.PUBLISHED,
    );
    return found ? toProgrammeVersion(found) : null;
  }

  @ResolveField(() => [Envelope], {
    description:
      "The funders' yearly envelopes and what commitments have taken from them, each in the currency it is kept in",
  })
  async envelopes(
    @Parent() p: Programme,
    @Context() ctx: GraphqlContext,
    @Args('year', { type: () => Int, nullable: true }) year?: number | null,
  ): Promise<Envelope[]> {
    const rows = await ctx.loaders.programmeEnvelopes.load(p.id);
    return rows.filter((e) => year == null || e.year === year).map(toEnvelope);
  }
}
