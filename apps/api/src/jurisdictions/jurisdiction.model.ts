import { Field, ID, ObjectType } from '@nestjs/graphql';
import { GovernmentLevel, JurisdictionKind } from '../graphql/enums';

@ObjectType({ description: 'A country (ISO 3166-1), a subdivision (ISO 3166-2) or a municipality' })
export class Jurisdiction {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'MX, MX-ZAC, MX-ZAC-020' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => JurisdictionKind)
  kind!: JurisdictionKind;

  @Field(() => GovernmentLevel, { description: 'The tier of government of this territory' })
  governmentLevel!: GovernmentLevel;

  @Field({ description: 'ISO 3166-1 alpha-2' })
  countryCode!: string;

  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. America/Mexico_City' })
  timeZone!: string | null;

  /** Resolved through the jurisdiction loader. */
  parentId!: string | null;
}
