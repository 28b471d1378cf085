import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

@ArgsType()
export class TransferProgrammeArgs {
  @Field() @IsString() @Length(1, 100) key!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The organisation whose designers take it over; none: the platform',
  })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be an id' })
  organisationId?: string | null;
}
