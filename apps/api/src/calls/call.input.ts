import { AMOUNT_SHAPE_MESSAGE, AMOUNT_STRING } from '@codev/domain';
import { Field, ID, InputType } from '@nestjs/graphql';
import {
  CostItemInput,
  CostItemsField,
  DocumentReferenceInput,
  IdempotentSubmissionInput,
  IndicatorsField,
  PartyAssignmentInput,
  ProjectIndicatorInput,
} from '../applications/submit-application.input';
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
export class PublishCallInput {
  @Field({ description: 'The call definition as YAML or JSON (see calls/ for examples)' })
  @IsString()
  @MaxLength(200_000)
  definition!: string;

  @Field(() => ID, { description: 'The government body issuing the call' })
  @IsUUID()
  issuerOrganisationId!: string;
}

@InputType()
export class SubmitCallApplicationInput extends IdempotentSubmissionInput {
  @Field() @IsString() callKey!: string;
  @Field(() => ID) @IsUUID() applicantOrganisationId!: string;
  @Field() @IsString() @Length(1, 300) title!: string;
  @Field()
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'sector must be an upper-case code' })
  sector!: string;
  @Field({ description: 'ISO 3166-1 alpha-2 country of origin where the project takes place' })
  @Matches(/^[A-Z]{2}$/, { message: 'countryOfOrigin must be an ISO 3166-1 alpha-2 code' })
  countryOfOrigin!: string;
  @Field()
  @Matches(/^[A-Z][A-Z0-9_]*$/, { message: 'objective must be an upper-case code' })
  objective!: string;
  @Field({ description: 'Total project cost' })
  @Matches(AMOUNT_STRING, { message: `totalAmount ${AMOUNT_SHAPE_MESSAGE}` })
  totalAmount!: string;
  @Field(() => String, {
    nullable: true,
    description:
      "Grant asked of the call; absent where the call's grant is the issuer's share of the programme's formula",
  })
  @IsOptional()
  @Matches(AMOUNT_STRING, { message: `requestedAmount ${AMOUNT_SHAPE_MESSAGE}` })
  requestedAmount?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Where in the country of origin the project lies (a municipality, e.g. MX-ZAC-020)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  projectJurisdictionCode?: string | null;

  @Field(() => [PartyAssignmentInput], {
    nullable: true,
    description: "The programme's other parties, for calls funded by the programme's formula",
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => PartyAssignmentInput)
  @ArrayMaxSize(50)
  parties?: PartyAssignmentInput[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The NGO that carries the project out in the country of origin',
  })
  @IsOptional()
  @IsUUID()
  implementingNgoOrganisationId?: string | null;

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
