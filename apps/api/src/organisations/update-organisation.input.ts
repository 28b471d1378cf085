import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PersonalDataField, PersonalDataInput } from '../persons/personal-data.input';

/** Kind and country of residence define an organisation and cannot change; register anew instead. */
@InputType()
export class UpdateOrganisationInput {
  @Field(() => ID)
  @IsUUID()
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  jurisdictionCode?: string | null;

  @Field(() => String, { nullable: true })
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
