import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { OrganisationKind } from '@codev/domain';
import { GraphqlContext } from '../graphql/graphql-context';
import { principalOf } from '../graphql/principal-of';
import { Organisation } from '../organisations/organisation.model';
import { PersonalDataModel } from './personal-data.model';

@Resolver(() => Organisation)
export class PersonResolver {
  @ResolveField(() => PersonalDataModel, {
    nullable: true,
    description:
      'For a PERSON: who they are — to the person themselves and to a financial institution in one of their applications; null to anyone else',
  })
  async personalData(
    @Parent() o: Organisation,
    @Context() ctx: GraphqlContext,
  ): Promise<PersonalDataModel | null> {
    const callerId = principalOf(ctx)?.organisationId;
    if (o.kind !== (OrganisationKind.PERSON as string) || !callerId) return null;
    return ctx.loaders.personalData.load({ personId: o.id, callerId });
  }
}
