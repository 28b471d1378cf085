import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GovernmentLevel, OrganisationKind } from '../graphql/enums';

@ObjectType({
  description: 'A party to co-development programmes: a government body, a migrant club, an NGO…',
})
export class Organisation {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => OrganisationKind)
  kind!: OrganisationKind;

  @Field({ description: 'ISO 3166-1 alpha-2 code of the country where it resides' })
  countryOfResidence!: string;

  @Field(() => GovernmentLevel, { nullable: true, description: 'For government bodies' })
  governmentLevel!: GovernmentLevel | null;

  @Field(() => String, { nullable: true })
  registrationNumber!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  /** Resolved through the jurisdiction loader. */
  jurisdictionId!: string | null;
  originJurisdictionId!: string | null;
}
