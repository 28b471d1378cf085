import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageArgsInput } from '../graphql/connection.model';
import { OrganisationKind } from '../graphql/enums';

@ArgsType()
export class OrganisationsArgs extends PageArgsInput {
  @Field(() => OrganisationKind, { nullable: true })
  @IsOptional()
  @IsEnum(OrganisationKind)
  kind?: OrganisationKind | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'countryOfResidence must be two capital letters' })
  countryOfResidence?: string | null;

  @Field(() => String, { nullable: true, description: 'Organisations based in this jurisdiction' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  jurisdictionCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Migrant organisations linked to this community of origin',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  originJurisdictionCode?: string | null;
}
