import { AMOUNT_SHAPE_MESSAGE, AMOUNT_STRING } from '@codev/domain';
import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType } from '@nestjs/graphql';
import { documentReferenceFields } from '@codev/engine';
import { stepInputType } from '../steps/step-input.factory';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

@InputType()
export class PartyAssignmentInput {
  @Field({ description: 'A role of the programme, e.g. "municipal"' })
  @IsString()
  @Length(1, 63)
  role!: string;

  @Field(() => ID)
  @IsUUID()
  organisationId!: string;
}

@InputType()
export class ShortfallInput {
  @Field()
  @IsString()
  role!: string;

  @Field({
    description: 'Part of its share the party cannot pay; the programme backstop covers it',
  })
  @Matches(AMOUNT_STRING, { message: `amount ${AMOUNT_SHAPE_MESSAGE}` })
  amount!: string;
}

/** The document input the selection steps use too: one GraphQL type for a document reference. */
export const DocumentReferenceInput = stepInputType(
  'DocumentReferenceInput',
  documentReferenceFields,
);
export type DocumentReferenceInput = { documentType: string; uri: string };

@InputType({ description: 'A line of an itemised budget: quantity × unit cost' })
export class CostItemInput {
  @Field({ description: 'A cost item of the programme, e.g. EXPERT_MISSION' })
  @Matches(/^[A-Z][A-Z0-9_]{0,62}$/, { message: 'code must be an upper-case code' })
  code!: string;

  @Field()
  @IsString()
  @Length(1, 500)
  @Matches(/^[^\u0000-\u001F\u007F]*$/, {
    message: 'description must not contain control characters',
  })
  description!: string;

  @Field({ description: 'Units (days, trips…), up to two decimals, e.g. "12.5"' })
  @Matches(/^\d{1,9}(\.\d{1,2})?$/, { message: 'quantity must be a number such as "12.5"' })
  quantity!: string;

  @Field({ description: 'The cost of one unit in the programme currency, e.g. "350.00"' })
  @Matches(/^\d{1,18}(\.\d{1,6})?$/, { message: 'unitCost must be a decimal string' })
  unitCost!: string;
}

/** The itemised budget, on both ways in. */
export const CostItemsField = () =>
  applyDecorators(
    Field(() => [CostItemInput], {
      nullable: true,
      description:
        'The budget line by line, where the programme itemises it; totalAmount is their sum',
    }),
    IsOptional(),
    ValidateNested({ each: true }),
    Type(() => CostItemInput),
    ArrayMaxSize(200),
  );

@InputType({ description: "A project's own baseline and target of an indicator its type declares" })
export class ProjectIndicatorInput {
  @Field({
    description: 'An indicator the programme declares for the project type, e.g. households-served',
  })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'indicator must be a lower-case key' })
  indicator!: string;

  @Field({ description: 'The value before the project, e.g. "0"' })
  @Matches(/^\d{1,12}(\.\d{1,6})?$/, { message: 'baseline must be a decimal string' })
  baseline!: string;

  @Field({ description: 'The value the project aims at, e.g. "420"' })
  @Matches(/^\d{1,12}(\.\d{1,6})?$/, { message: 'target must be a decimal string' })
  target!: string;
}

/** The project's own baselines and targets, on both ways in. */
export const IndicatorsField = () =>
  applyDecorators(
    Field(() => [ProjectIndicatorInput], {
      nullable: true,
      description:
        "The project's baseline and target of the indicators its type declares, where the definition gives none or the project's differ",
    }),
    IsOptional(),
    ValidateNested({ each: true }),
    Type(() => ProjectIndicatorInput),
    ArrayMaxSize(50),
  );

/** What both ways in share: a client key that makes a retried submission land once. */
@InputType({ isAbstract: true })
export abstract class IdempotentSubmissionInput {
  @Field(() => String, {
    nullable: true,
    description:
      'A client key: a retried submission with the same key returns the same application',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  idempotencyKey?: string | null;
}

@InputType()
export class SubmitApplicationInput extends IdempotentSubmissionInput {
  @Field()
  @IsString()
  programmeKey!: string;

  @Field()
  @IsString()
  @Length(1, 300)
  title!: string;

  @Field({ description: 'A sector of the programme, e.g. POTABLE_WATER' })
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'sector must be an upper-case code' })
  sector!: string;

  @Field({
    description: 'Where the project is: a municipality or community of origin, e.g. MX-ZAC-020',
  })
  @IsString()
  @MaxLength(20)
  projectJurisdictionCode!: string;

  @Field({ description: 'Project budget in the programme currency, e.g. "1000000.00"' })
  @Matches(AMOUNT_STRING, { message: `totalAmount ${AMOUNT_SHAPE_MESSAGE}` })
  totalAmount!: string;

  @Field(() => [PartyAssignmentInput])
  @ValidateNested({ each: true })
  @Type(() => PartyAssignmentInput)
  @ArrayMaxSize(50)
  parties!: PartyAssignmentInput[];

  @Field(() => [ShortfallInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ShortfallInput)
  shortfalls?: ShortfallInput[];

  @Field(() => [DocumentReferenceInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => DocumentReferenceInput)
  @ArrayMaxSize(50)
  documents?: DocumentReferenceInput[];

  @CostItemsField()
  costItems?: CostItemInput[];

  @IndicatorsField()
  indicators?: ProjectIndicatorInput[];
}

@InputType()
export class WithdrawApplicationInput {
  @Field(() => ID) @IsUUID() applicationId!: string;
  @Field({ description: 'Why the applicant withdraws' })
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}
