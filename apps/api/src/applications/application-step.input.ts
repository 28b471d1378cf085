import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsEnum,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

export enum VoteChoice {
  FOR = 'FOR',
  AGAINST = 'AGAINST',
  ABSTAIN = 'ABSTAIN',
  RECUSED = 'RECUSED',
}
registerEnumType(VoteChoice, {
  name: 'VoteChoice',
  description: 'RECUSED: a conflict of interest; counts neither for quorum nor majority',
});

export enum ReviewDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}
registerEnumType(ReviewDecision, { name: 'ReviewDecision' });

@InputType({ isAbstract: true })
class StepInput {
  @Field(() => ID)
  @IsUUID()
  applicationId!: string;

  @Field({ description: 'The id of the stage in the programme definition' })
  @IsString()
  @Length(1, 63)
  stageId!: string;
}

@InputType()
export class CastVoteInput extends StepInput {
  @Field({ description: 'The seat voted from: a committee member role' })
  @IsString()
  role!: string;

  @Field(() => VoteChoice)
  @IsEnum(VoteChoice)
  vote!: VoteChoice;

  @Field()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

@InputType()
export class TimelineEntryInput {
  @Field() @IsString() role!: string;
  @Field() @IsString() trancheId!: string;
  @Field({ description: 'YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be YYYY-MM-DD' })
  dueDate!: string;
}

@InputType()
export class SetDisbursementTimelineInput extends StepInput {
  @Field(() => [TimelineEntryInput])
  @ValidateNested({ each: true })
  @Type(() => TimelineEntryInput)
  @ArrayMinSize(1)
  entries!: TimelineEntryInput[];
}

@InputType()
export class SubmitStageDocumentInput extends StepInput {
  @Field() @IsString() role!: string;
  @Field()
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'documentType must be an upper-case code' })
  documentType!: string;
  @Field()
  @IsUrl(
    { require_tld: false, protocols: ['https', 'http', 's3'] },
    { message: 'uri must be a URL' },
  )
  uri!: string;
}

@InputType()
export class DecideReviewInput extends StepInput {
  @Field(() => ReviewDecision) @IsEnum(ReviewDecision) decision!: ReviewDecision;
  @Field() @IsString() @Length(1, 2000) reason!: string;
}

@InputType()
export class FileReportInput extends StepInput {
  @Field()
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'reportType must be an upper-case code' })
  reportType!: string;
  @Field()
  @IsUrl(
    { require_tld: false, protocols: ['https', 'http', 's3'] },
    { message: 'uri must be a URL' },
  )
  uri!: string;
  @Field() @IsString() @Length(1, 4000) summary!: string;
}

@InputType()
export class RaiseFindingInput extends StepInput {
  @Field() @IsString() @Length(1, 4000) description!: string;
}

@InputType()
export class ResolveFindingInput extends StepInput {
  @Field() @IsString() findingId!: string;
  @Field() @IsString() @Length(1, 4000) resolution!: string;
}

@InputType()
export class CertifyHandoverInput extends StepInput {
  @Field() @IsString() @Length(1, 4000) remarks!: string;
}
