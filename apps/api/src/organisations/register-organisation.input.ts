import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { GovernmentLevel, OrganisationKind } from '../graphql/enums';
import { PersonalDataField, PersonalDataInput } from '../persons/personal-data.input';

@InputType()
export class RegisterOrganisationInput {
  @Field()
  @IsString()
  @Length(1, 300)
  name!: string;

  @Field(() => OrganisationKind)
  @IsEnum(OrganisationKind)
  kind!: OrganisationKind;

  @Field({ description: 'ISO 3166-1 alpha-2, e.g. US for a club in Los Angeles' })
  @Matches(/^[A-Z]{2}$/, {
    message: 'countryOfResidence must be two capital letters (ISO 3166-1 alpha-2)',
  })
  countryOfResidence!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Where it is based; for a government body, what it governs',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  jurisdictionCode?: string | null;

  @Field(() => GovernmentLevel, { nullable: true, description: 'Required for government bodies' })
  @IsOptional()
  @IsEnum(GovernmentLevel)
  governmentLevel?: GovernmentLevel | null;

  @Field(() => String, {
    nullable: true,
    description: 'Required for migrant organisations: their community of origin',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  originJurisdictionCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  registrationNumber?: string | null;

  @PersonalDataField()
  person?: PersonalDataInput | null;
}
