import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, Min } from 'class-validator';
import { PageArgsInput } from '../graphql/connection.model';
import { ApplicationStatus } from './application.model';

@ArgsType()
export class ApplicationsArgs extends PageArgsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() programmeKey?: string | null;
  @Field(() => ApplicationStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ApplicationStatus)
  status?: ApplicationStatus | null;
  @Field(() => String, { nullable: true, description: 'State or region, e.g. MX-ZAC' })
  @IsOptional()
  @IsString()
  subdivisionCode?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. MX-ZAC-020' })
  @IsOptional()
  @IsString()
  municipalityCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() sector?: string | null;
  @Field(() => Int, { nullable: true, description: 'Year of submission' })
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(3000)
  year?: number | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() applicantId?: string | null;
  @Field(() => String, { nullable: true, description: 'Applications to this call' })
  @IsOptional()
  @IsString()
  callKey?: string | null;
}
