import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

const NO_CONTROL = /^[^\u0000-\u0009\u000B-\u001F\u007F]*$/;

@InputType()
export class WorkPlanAllocationInput {
  @Field({ description: 'The component’s key' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'component must be a lower-case key' })
  component!: string;

  @Field({ description: 'The funder’s role in the agreement' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'funder must be a lower-case key' })
  funder!: string;

  @Field({ description: 'In the currency of the funder’s envelope in the component' })
  @Matches(/^\d{1,18}(\.\d{1,6})?$/, { message: 'amount must be a decimal string' })
  amount!: string;
}

@InputType()
export class ProposeWorkPlanInput {
  @Field() @IsString() @Length(1, 63) agreementKey!: string;

  @Field(() => Int) @IsInt() year!: number;

  @Field(() => [WorkPlanAllocationInput])
  @ValidateNested({ each: true })
  @Type(() => WorkPlanAllocationInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  allocations!: WorkPlanAllocationInput[];

  @Field(() => String, { nullable: true, description: 'What the plan sets out to do' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  @Matches(NO_CONTROL, { message: 'note must not contain control characters' })
  note?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'When the committee’s vote closes (ISO 8601 instant); 30 days from now unless given. The plan is then decided on the votes cast',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'votesBy must be an ISO 8601 instant' })
  votesBy?: string | null;
}

export enum WorkPlanVoteValue {
  FOR = 'FOR',
  AGAINST = 'AGAINST',
  ABSTAIN = 'ABSTAIN',
  RECUSED = 'RECUSED',
}

@InputType()
export class CastWorkPlanVoteInput {
  @Field() @IsString() @Length(1, 63) agreementKey!: string;
  @Field(() => Int) @IsInt() year!: number;
  @Field(() => WorkPlanVoteValue) @IsEnum(WorkPlanVoteValue) vote!: WorkPlanVoteValue;

  @Field()
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  @Matches(NO_CONTROL, { message: 'reason must not contain control characters' })
  reason!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The seat voted in, when the organisation holds several',
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'role must be a lower-case key' })
  role?: string | null;
}
