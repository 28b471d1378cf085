import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

@InputType()
export class CreateJurisdictionInput {
  @Field({
    description:
      'MX (country), MX-ZAC (subdivision) or MX-ZAC-020 (municipality); the parent must exist',
  })
  @IsString()
  @Length(2, 20)
  code!: string;

  @Field()
  @IsString()
  @Length(1, 200)
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'IANA time zone; inherited from the parent when omitted',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string | null;
}
