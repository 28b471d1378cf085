import { ArgsType, Field } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { PageArgsInput } from '../graphql/connection.model';
import { JurisdictionKind } from '../graphql/enums';

@ArgsType()
export class JurisdictionsArgs extends PageArgsInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(2, 2)
  countryCode?: string | null;

  @Field(() => JurisdictionKind, { nullable: true })
  @IsOptional()
  @IsEnum(JurisdictionKind)
  kind?: JurisdictionKind | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only the direct children of this jurisdiction',
  })
  @IsOptional()
  @IsString()
  parentCode?: string | null;
}
